// Recognisers for the forms of a LaTeX formula that are not values by
// themselves: derivative fractions, \sum (\prod, \max_k, \min_k) with its scripts, transposes, layer
// labels, matching brackets, remarks to drop.
import type { ReduceOp } from '../notation/ast.js';
import { isAtom, isQuad, isSpace, listOf, nameKey, type TexNode } from './katex-tree.js';

/** `\nabla_{W}` (the loss follows it). */
export const isNablaSub = (n: TexNode): boolean => n.type === 'supsub' && n.base?.text === '\\nabla' && !!n.sub && !n.sup;

export const fontIs = (node: TexNode, ...fonts: string[]): boolean => node.type === 'font' && fonts.includes(node.font!);

/** `^\top`, `^T`, `^{\intercal}`, `'`: a transpose. */
export function isTranspose(sup: readonly TexNode[]): boolean {
  return sup.length === 1 && ['\\top', 'T', '\\intercal', '\\prime', '\\mathsf{T}'].includes(sup[0]!.text ?? nameKey(sup[0]!) ?? '');
}

/** A layer superscript `(l)`, `(1)`, `(l-1)` as part of a name's key, '' for none, undefined when the superscript is something else. */
export function layerOf(sup: TexNode | null | undefined): string | undefined {
  const list = listOf(sup);
  if (list.length === 0) return '';
  if (!isAtom(list[0]!, 'open', '(') || !isAtom(list.at(-1)!, 'close', ')')) return undefined;
  return `^{${list.map((n) => n.text ?? nameKey(n) ?? '?').join('')}}`;
}
/** A node after which a sign is the operand's, not a new term: \sum_k, a derivative operator, \cdot. */
export function takesSignedOperand(node: TexNode): boolean {
  if (reductionOperator(node) !== undefined || (node.type === 'atom' && node.family === 'bin')) return true;
  const parts = derivativeParts(node);
  return parts !== undefined && parts.of.length === 0;
}
/** A superscript that starts with a layer label followed by more, `(1)\top`: the label's key and the rest as a group. */
export function splitLayer(sup: TexNode | undefined): [string, TexNode | undefined] {
  const list = listOf(sup);
  const close = list.findIndex((n) => isAtom(n, 'close', ')'));
  if (list.length === 0 || !isAtom(list[0]!, 'open', '(') || close < 0 || close === list.length - 1) return ['', sup];
  return [layerOf({ type: 'ordgroup', body: list.slice(0, close + 1) } as TexNode)!, { type: 'ordgroup', body: list.slice(close + 1) } as TexNode];
}
const REDUCTIONS: Readonly<Record<string, 'sum' | ReduceOp>> = { '\\sum': 'sum', '\\prod': 'prod', '\\max': 'max', '\\min': 'min' };

/**
 * `\sum`, `\prod`, `\max_k` or `\min_k` with its scripts, or undefined. \max and
 * \min reduce only with an index below them: without one they are the
 * functions of two arguments, `\max(0, x)`.
 */
export function reductionOperator(node: TexNode): { op: 'sum' | ReduceOp; node: TexNode; sub: TexNode | null | undefined; sup: TexNode | null | undefined } | undefined {
  const head = node.type === 'supsub' ? node.base : node;
  const op = head?.type === 'op' && head.name !== undefined ? REDUCTIONS[head.name] : undefined;
  if (op === undefined) return undefined;
  if (node.type !== 'supsub') return op === 'sum' || op === 'prod' ? { op, node, sub: undefined, sup: undefined } : undefined;
  if ((op === 'max' || op === 'min') && !node.sub) return undefined;
  return { op, node, sub: node.sub, sup: node.sup };
}
/** `\frac{\partial A}{\partial B}`, `\frac{dA}{dB}`, `\frac{\delta A}{\delta B}`: the nodes of A (maybe none) and B. */
export function derivativeParts(node: TexNode): { of: TexNode[]; wrt: TexNode[] } | undefined {
  if (node.type !== 'genfrac' || node.hasBarLine === false) return undefined;
  const numer = cleanList(listOf(node.numer!));
  const denom = cleanList(listOf(node.denom!));
  const mark = (n: TexNode | undefined): string | undefined => (n === undefined ? undefined : ['\\partial', 'd', '\\delta', '\\mathrm{d}'].includes(n.text ?? '') ? n.text : n.type === 'font' && nameKey(n) === 'd' ? 'd' : undefined);
  const m = mark(numer[0]);
  if (m === undefined || mark(denom[0]) !== m || denom.length < 2) return undefined;
  // `d` alone in a numerator could be a variable: only a derivative when the denominator starts with d too.
  return { of: numer.slice(1), wrt: denom.slice(1) };
}
/** The index of the closing bracket matching nodes[open], or -1. A closer carrying a subscript counts. */
export function matching(nodes: readonly TexNode[], open: number): number {
  let depth = 0;
  for (let k = open; k < nodes.length; k++) {
    const n = nodes[k]!.type === 'supsub' && nodes[k]!.base?.type === 'atom' ? nodes[k]!.base! : nodes[k]!;
    if (isAtom(n, 'open')) depth++;
    else if (isAtom(n, 'close')) {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

export function splitCommas(nodes: readonly TexNode[]): TexNode[][] {
  const parts: TexNode[][] = [[]];
  let depth = 0;
  for (const n of nodes) {
    if (isAtom(n, 'open')) depth++;
    if (isAtom(n, 'close')) depth--;
    if (depth === 0 && isAtom(n, 'punct', ',')) parts.push([]);
    else parts.at(-1)!.push(n);
  }
  return parts;
}

export const isDigit = (n: TexNode): boolean => n.type === 'textord' && /^[0-9.]$/.test(n.text ?? '');

export const digits = (nodes: readonly TexNode[]): string => nodes.map((n) => n.text ?? '').join('');

/** Without spacing, remarks (`\text{...}` not used as a function name) and trailing punctuation. */
export function cleanList(nodes: readonly TexNode[]): TexNode[] {
  const out: TexNode[] = [];
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k]!;
    if (isQuad(n)) break;
    if (isSpace(n) || n.type === 'tag' || n.type === 'internal') continue;
    const next = nodes[k + 1];
    const called = next !== undefined && isAtom(next, 'open', '(');
    if (n.type === 'text' && !called) continue;
    out.push(n);
  }
  while (out.length > 0 && isAtom(out.at(-1)!, 'punct', ',', '.', ';') || (out.length > 0 && out.at(-1)!.type === 'textord' && out.at(-1)!.text === '.')) out.pop();
  return out;
}

export function describe(node: TexNode): string {
  if (node.type === 'op') return node.name ?? 'an operator';
  if (node.text !== undefined) return node.text;
  return `a ${node.type} node`;
}
