// Unroll-and-jam of generated code over a left-side index (the last one,
// whose entries lie next to each other in the output, where it can): one
// call computes LANES neighbouring entries along it, with one copy of every
// statement that depends on that index and one shared copy of every other
// statement, inside the same loops. The copies are independent chains of additions that the CPU
// runs side by side, and the loads they share are made once per loop
// iteration instead of once per entry. Each entry still gets exactly the
// operations, in the order, of the code for one entry, so the results are
// the same to the bit. Where a loop bound, a condition or a table depends on
// the index, the statements cannot be shared, and nothing is jammed.

/** Statements as the generator lays them out: a block's head (a loop, an `if`; '' for the body) and its items. */
export interface StatementTree {
  readonly head: string;
  readonly items: readonly (string | StatementTree)[];
}

/** How many entries one call computes: four independent chains keep a core's adders busy without running out of registers. */
export const LANES = 4;

/** `x = ...`, `x += ...`, `const x = ...`, `let x = ...`: the variable a statement assigns. */
const ASSIGNED = /^(?:(?:const|let) )?([a-z]\w*) \+?= /;
const IDENTIFIER = /\b[a-z]\w*\b/g;

const statements = (t: StatementTree): string[] => t.items.flatMap((item) => (typeof item === 'string' ? [item] : statements(item)));
const heads = (t: StatementTree): string[] => t.items.flatMap((item) => (typeof item === 'string' ? [] : [item.head, ...heads(item)]));
const identifiers = (text: string): string[] => text.match(IDENTIFIER) ?? [];

/**
 * The variables whose values differ between lanes: the index itself, and
 * every variable assigned from one of them (to a fixed point, as an
 * accumulator becomes one when a term that reads the index is added to it).
 * Undefined where shared control flow or a shared store would depend on one.
 */
function laneVariables(tree: StatementTree, index: string, result: string): Set<string> | undefined {
  const lanes = new Set([index]);
  const all = statements(tree);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of all) {
      const target = ASSIGNED.exec(s)?.[1];
      if (target !== undefined && !lanes.has(target) && identifiers(s.slice(s.indexOf('='))).some((x) => lanes.has(x))) {
        lanes.add(target);
        grew = true;
      }
    }
  }
  const depends = (text: string): boolean => identifiers(text).some((x) => lanes.has(x));
  const sharedStore = all.some((s) => ASSIGNED.exec(s) === null && depends(s));
  if (sharedStore || heads(tree).some(depends) || !depends(result)) return undefined;
  return lanes;
}

/**
 * The body of a function of (out, at, count, stride) computing LANES entries
 * for the index values `index`, index + 1, ... (the last ones repeated past
 * the end, `last`), writing the first `count` to out[at], out[at + stride],
 * ...; or
 * undefined where the statements cannot be shared between lanes.
 */
export function jam(tree: StatementTree, index: string, last: string, result: string): string | undefined {
  const lanes = laneVariables(tree, index, result);
  if (lanes === undefined) return undefined;
  const pattern = new RegExp(`\\b(${[...lanes].join('|')})\\b`, 'g');
  const copies = (text: string): string[] =>
    identifiers(text).some((x) => lanes.has(x)) ? Array.from({ length: LANES }, (_, l) => text.replace(pattern, `$1_${l}`)) : [text];
  const render = (t: StatementTree): string[] => [
    ...(t.head === '' ? [] : [t.head]),
    ...t.items.flatMap((item) => (typeof item === 'string' ? copies(item) : render(item))),
    ...(t.head === '' ? [] : ['}']),
  ];
  const starts = Array.from({ length: LANES }, (_, l) => `${index}_${l} = ${l === 0 ? index : `Math.min(${index} + ${l}, ${last})`}`);
  const writes = copies(result).map((value, l) => (l === 0 ? `out[at] = ${value};` : `if (count > ${l}) out[at + ${l} * stride] = ${value};`));
  return [`const ${starts.join(', ')};`, ...render(tree), ...writes].join('\n');
}
