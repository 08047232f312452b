// The language's functions as LaTeX spells them, read from the function
// table (each entry's `latex` and `latexAlso`), plus the function's own name
// upright (`\operatorname{relu}`, `\mathrm{sigmoid}`). A new function in the
// table is understood in LaTeX without touching the reader.
import { FUNCTIONS } from '../notation/functions.js';
import { substituteNames } from '../notation/map.js';
import { PARTIALS } from '../notation/partials.js';
import type { Expr } from '../notation/ast.js';
import { isNotEqual, isSpace, parseTex, type TexNode } from './katex-tree.js';

/** The key of a function head: `\exp`, `ReLU` (from \operatorname, \mathrm or \text), `\sigma`. */
export function headKey(node: TexNode): string | undefined {
  switch (node.type) {
    case 'op':
      return node.name;
    case 'mathord':
    case 'textord':
      return node.text;
    case 'operatorname':
    case 'font':
    case 'text':
    case 'ordgroup': {
      const inner = node.type === 'font' ? [node.body as TexNode] : (node.body as readonly TexNode[]);
      const parts = inner.map(headKey);
      return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
    }
    default:
      return undefined;
  }
}

let parsed: readonly { readonly name: string; readonly nodes: readonly TexNode[] }[] | undefined;

/** Every spelling of every function, parsed (\\bmod's spacing left out). */
function parsedSpellings(): readonly { readonly name: string; readonly nodes: readonly TexNode[] }[] {
  if (parsed !== undefined) return parsed;
  const list: { name: string; nodes: TexNode[] }[] = [];
  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    for (const spelling of [fn.latex, ...(fn.latexAlso ?? [])]) {
      try {
        list.push({ name, nodes: parseTex(spelling).filter((n) => !isSpace(n)) });
      } catch {
        // A spelling that takes its argument as a group (\sqrt) is read as its own node kind, not as a head.
      }
    }
  }
  return (parsed = list);
}

let table: ReadonlyMap<string, string> | undefined;

function spellings(): ReadonlyMap<string, string> {
  if (table !== undefined) return table;
  const map = new Map<string, string>();
  for (const { name, nodes } of parsedSpellings()) {
    const key = nodes.length === 1 ? headKey(nodes[0]!) : undefined;
    if (key !== undefined) map.set(key, name);
  }
  for (const name of Object.keys(FUNCTIONS)) map.set(name.toLowerCase(), name);
  return (table = map);
}

/** The function a LaTeX head names, or undefined. Upright names match whatever their case (`ReLU`, `relu`). */
export function functionOfLatex(key: string): string | undefined {
  return spellings().get(key) ?? spellings().get(key.toLowerCase());
}

/** The key of an operator node: `<`, `\\le` (an atom), `\\neq` (KaTeX's ≠ construction), `mod` (\\bmod's \\mathbin{mod}). */
export function operatorKey(node: TexNode): string | undefined {
  if (isNotEqual(node)) return '\\neq';
  if (node.type === 'atom' && (node.family === 'rel' || node.family === 'bin')) return node.text;
  if (node.type === 'mclass' && (node.mclass === 'mbin' || node.mclass === 'mrel')) return headKey({ ...node, type: 'ordgroup' });
  return undefined;
}

/** The key of a node in a spelling of several nodes (`\\log\\Gamma`) or with a subscript (`\\psi_1`). */
function partKey(node: TexNode): string | undefined {
  if (node.type !== 'supsub') return headKey(node);
  const [base, sub] = [node.base && headKey(node.base), node.sub && headKey(node.sub)];
  return base === undefined || sub === undefined || node.sup ? undefined : `${base}_${sub}`;
}

let compounds: readonly { readonly keys: readonly string[]; readonly fn: string }[] | undefined;

/**
 * A function spelled with several nodes or a subscript (`\\log\\Gamma`, `\\psi_1`)
 * starting at nodes[k], and how many nodes its name takes; longest first.
 */
export function compoundFunctionAt(nodes: readonly TexNode[], k: number): { fn: string; used: number } | undefined {
  if (compounds === undefined) {
    const list: { keys: string[]; fn: string }[] = [];
    for (const { name, nodes: parts } of parsedSpellings()) {
      const keys = parts.map(partKey);
      if ((parts.length > 1 || parts[0]?.type === 'supsub') && keys.every((key) => key !== undefined)) list.push({ keys: keys as string[], fn: name });
    }
    compounds = list.sort((a, b) => b.keys.length - a.keys.length);
  }
  const found = compounds.find((c) => c.keys.every((key, j) => nodes[k + j] !== undefined && partKey(nodes[k + j]!) === key));
  return found === undefined ? undefined : { fn: found.fn, used: found.keys.length };
}

let operators: ReadonlyMap<string, string> | undefined;

/** The function an infix operator node names (a comparison, \\bmod), or undefined. */
export function functionOfOperator(node: TexNode): string | undefined {
  if (operators === undefined) {
    const map = new Map<string, string>();
    for (const { name, nodes } of parsedSpellings()) {
      const key = FUNCTIONS[name]!.infix !== undefined && nodes.length === 1 ? operatorKey(nodes[0]!) : undefined;
      if (key !== undefined) map.set(key, name);
    }
    operators = map;
  }
  const key = operatorKey(node);
  return key === undefined ? undefined : operators.get(key);
}

export const functionArity = (name: string): number => FUNCTIONS[name]!.arity;

/** f'(arg) for a function of one argument, from the table's derivative. */
export function derivativeOf(name: string, arg: Expr): Expr {
  return substituteNames(PARTIALS.get(name, 0)!, new Map([['a', arg]]));
}
