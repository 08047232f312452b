// A formula's chains of equalities: rows of an aligned environment joined
// where a row continues the previous one (`&= ...`), split at each top-level
// `=` into members. A relation other than `=` (\in, \Rightarrow) ends a chain;
// a remark (\text, anything after \quad, a third column without `=`) is dropped.
import type { MathBlock } from './document.js';
import { isAtom, isQuad, isRelation, listOf, parseTex, startOf, TexSyntaxError, type TexNode } from './katex-tree.js';

export interface Member {
  readonly nodes: readonly TexNode[];
  /** Offset in the block's latex where the member starts. */
  readonly start: number;
  readonly end: number;
}

export type Chain = readonly Member[];

export function chainsOf(block: MathBlock): { chains: Chain[] } | { error: TexSyntaxError } {
  let tree: TexNode[];
  try {
    tree = parseTex(blankLabels(block.latex));
  } catch (err) {
    if (err instanceof TexSyntaxError) return { error: err };
    throw err;
  }
  const rows = tree.length === 1 && tree[0]!.type === 'array' ? (tree[0]!.body as readonly (readonly TexNode[])[]).map(rowNodes) : [tree];
  const chains: Member[][] = [];
  let current: Member[] | undefined;
  for (const row of rows) {
    const items = untilQuad(row);
    if (items.length === 0) continue;
    const continues = isRelation(items[0]!);
    if (!continues) current = undefined;
    let member: TexNode[] = [];
    let depth = 0;
    const flush = (): void => {
      if (member.length === 0) return;
      current ??= (chains.push([]), chains.at(-1)!);
      current.push({ nodes: member, start: startOf(member[0]!, block.latex) ?? 0, end: endOf(member) });
      member = [];
    };
    for (const node of items) {
      if (isAtom(node, 'open')) depth++;
      if (isAtom(node, 'close')) depth--;
      if (depth === 0 && isRelation(node)) {
        if (!isAtom(node, 'rel', '=')) {
          // `\Rightarrow`, `\in`: what follows is not part of the chain.
          flush();
          current = undefined;
          break;
        }
        flush();
        continue;
      }
      member.push(node);
    }
    flush();
  }
  return { chains: chains.filter((c) => c.length > 0) };
}

/** A row's cells in order; a cell after the second without an `=` is a remark. */
function rowNodes(row: readonly TexNode[]): TexNode[] {
  return row.flatMap((cell, k) => {
    const nodes = cell.type === 'styling' ? (listOf(cell).length === 1 && listOf(cell)[0]!.type === 'ordgroup' ? listOf(listOf(cell)[0]!) : listOf(cell)) : listOf(cell);
    if (k >= 2 && !nodes.some((n) => isAtom(n, 'rel', '='))) return [];
    // aligned puts an empty group before a cell's `=`.
    return nodes.filter((n) => !(n.type === 'ordgroup' && listOf(n).length === 0));
  });
}

function untilQuad(nodes: readonly TexNode[]): TexNode[] {
  const k = nodes.findIndex(isQuad);
  return [...(k < 0 ? nodes : nodes.slice(0, k))];
}

function endOf(nodes: readonly TexNode[]): number {
  let end = 0;
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const node = n as TexNode;
    if (node.loc !== undefined) end = Math.max(end, node.loc.end);
    for (const key of ['body', 'base', 'sup', 'sub', 'numer', 'denom', 'html'] as const) visit(node[key]);
  };
  nodes.forEach(visit);
  return end;
}

/** `\tag{..}`, `\label{..}`, `\notag`, `\nonumber` replaced by spaces of the same length, so offsets stay. */
function blankLabels(latex: string): string {
  let out = latex.replace(/\\(notag|nonumber)(?![a-zA-Z])/g, (m) => ' '.repeat(m.length));
  for (const command of ['\\tag', '\\label']) {
    let k = out.indexOf(`${command}{`);
    while (k >= 0) {
      const close = out.indexOf('}', k);
      if (close < 0) break;
      out = out.slice(0, k) + ' '.repeat(close + 1 - k) + out.slice(close + 1);
      k = out.indexOf(`${command}{`, k);
    }
  }
  return out;
}
