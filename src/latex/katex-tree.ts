// KaTeX's own parser (the tree it typesets), with the few facts about its
// nodes that the reader needs: where a node starts, which nodes are spacing or
// remarks, and a spelling key for names that ignores fonts.
import katex from 'katex';

/** A KaTeX parse node, typed loosely: the reader looks at the fields it knows. */
export interface TexNode {
  readonly type: string;
  readonly text?: string;
  readonly name?: string;
  readonly family?: string;
  readonly font?: string;
  readonly label?: string;
  readonly left?: string;
  readonly right?: string;
  readonly loc?: { readonly start: number; readonly end: number };
  readonly body?: TexNode | readonly TexNode[] | readonly (readonly TexNode[])[];
  readonly base?: TexNode | null;
  readonly sup?: TexNode | null;
  readonly sub?: TexNode | null;
  readonly numer?: TexNode;
  readonly denom?: TexNode;
  readonly index?: TexNode | null;
  readonly html?: readonly TexNode[];
  readonly mathml?: readonly TexNode[];
  readonly mclass?: string;
  readonly hasBarLine?: boolean;
}

export class TexSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the parsed string, when KaTeX knows it. */
    readonly position: number | undefined,
  ) {
    super(message);
  }
}

const parser = (katex as unknown as { __parse: (tex: string, settings: object) => TexNode[] }).__parse;

export function parseTex(tex: string): TexNode[] {
  try {
    const tree = parser(tex, { displayMode: true, throwOnError: true, strict: 'ignore', trust: false, maxExpand: 1000 });
    locateOperators(tree, tex);
    return tree;
  } catch (err) {
    const e = err as { message?: string; position?: number; rawMessage?: string };
    const message = (e.rawMessage ?? e.message ?? String(err)).replace(/^KaTeX parse error: /, '');
    throw new TexSyntaxError(message, typeof e.position === 'number' ? e.position : undefined);
  }
}

/** The children of a node that holds a list (a group, a font, a styling, a text). */
export function listOf(node: TexNode | null | undefined): readonly TexNode[] {
  if (node === null || node === undefined) return [];
  if (node.type === 'ordgroup' || node.type === 'styling' || node.type === 'text' || node.type === 'operatorname' || node.type === 'leftright' || node.type === 'mclass' || node.type === 'color') {
    return node.body as readonly TexNode[];
  }
  if (node.type === 'font') return listOf(node.body as TexNode);
  return [node];
}

/**
 * The first source offset inside a node (KaTeX puts no location on some
 * composite nodes, nor on \sum and \exp: given the source, an operator's
 * scripts are traced back to its name).
 */
export function startOf(node: TexNode, source?: string): number | undefined {
  const inner = innerStart(node, source);
  if (ownStart(node, source) !== undefined || source === undefined || inner === undefined) return inner;
  // The command written just before the first located part: `\\frac{`, `\\sum_{`, `\\sqrt{`.
  const command = /(\\begin\{[a-zA-Z*]+\}|\\left\\?.|\\[a-zA-Z]+)\s*[_^]?\s*$/.exec(source.slice(0, inner));
  return command === null ? inner : command.index;
}

/** Where KaTeX's operator nodes (\\sum, \\exp, \\max), which carry no location, are written. */
const operatorStarts = new WeakMap<TexNode, number>();

/** Walks the tree in source order, finding each operator's name after the last located node. */
function locateOperators(nodes: readonly TexNode[], source: string): void {
  let cursor = 0;
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const node = n as TexNode;
    const loc = node.loc as { start: number; end: number; lexer?: { input: string } } | undefined;
    if (node.type === 'op' && loc === undefined && node.name !== undefined) {
      const at = source.indexOf(node.name, cursor);
      if (at >= 0) {
        operatorStarts.set(node, at);
        cursor = at + node.name.length;
      }
    }
    for (const key of ['base', 'sub', 'sup', 'numer', 'denom', 'index', 'body'] as const) visit(node[key]);
    if (loc !== undefined && (loc.lexer === undefined || loc.lexer.input === source)) cursor = Math.max(cursor, loc.end);
  };
  visit(nodes);
}

/** A node's own offset, unless it comes from a macro's expansion (`\\begin{cases}`), whose offsets are into the macro's text. */
function ownStart(node: TexNode, source: string | undefined): number | undefined {
  const op = operatorStarts.get(node);
  if (op !== undefined) return op;
  const loc = node.loc as { start: number; lexer?: { input: string } } | undefined;
  if (loc === undefined || (source !== undefined && loc.lexer !== undefined && loc.lexer.input !== source)) return undefined;
  return loc.start;
}

function innerStart(node: TexNode, source: string | undefined): number | undefined {
  let best = ownStart(node, source);
  const visit = (child: unknown): void => {
    if (child === null || typeof child !== 'object') return;
    if (Array.isArray(child)) {
      child.forEach(visit);
      return;
    }
    const s = innerStart(child as TexNode, source);
    if (s !== undefined && (best === undefined || s < best)) best = s;
  };
  for (const key of ['body', 'base', 'sup', 'sub', 'numer', 'denom', 'index', 'html'] as const) visit(node[key]);
  return best;
}

/** Spacing, including the style-dependent kind (\\mathchoice of kerns) that \\bmod puts around itself. */
export const isSpace = (n: TexNode): boolean =>
  n.type === 'spacing' || n.type === 'kern' || (n.type === 'mathchoice' && ['display', 'text', 'script', 'scriptscript'].every((style) => ((n as unknown as Record<string, readonly TexNode[]>)[style] ?? []).every(isSpace)));

/** `\quad` and `\qquad`: what follows them up to the end of the row is a remark. */
export const isQuad = (n: TexNode): boolean => n.type === 'kern' && (n as unknown as { dimension: { unit: string; number: number } }).dimension.unit === 'em' && (n as unknown as { dimension: { number: number } }).dimension.number >= 1;

export const isAtom = (n: TexNode, family: string, ...texts: string[]): boolean => n.type === 'atom' && n.family === family && (texts.length === 0 || texts.includes(n.text!));

/** `\neq` and `\ne` reach KaTeX's tree as a negated `=`. */
export const isNotEqual = (n: TexNode): boolean => n.type === 'htmlmathml' && JSON.stringify(n.mathml ?? []).includes('≠');

/** A relation symbol: `=`, `<`, `>`, `\leq`, `\neq`, `\in`, `\Rightarrow` ... */
export const isRelation = (n: TexNode): boolean => (n.type === 'atom' && n.family === 'rel') || isNotEqual(n) || (n.type === 'mclass' && n.mclass === 'mrel');

/**
 * A spelling key: `\mathbf{W}^{(1)}`, `W^{(1)}` and `\boldsymbol{W}^{(1)}` all
 * give `W^{(1)}`; `\tilde{x}` gives `\tilde{x}`; undefined for anything that is
 * not a plain name.
 */
export function nameKey(node: TexNode | null | undefined): string | undefined {
  switch (node?.type) {
    case 'mathord':
    case 'textord':
      return node!.text;
    case 'font':
    case 'ordgroup':
    case 'operatorname':
    case 'text': {
      const parts = listOf(node).map(nameKey);
      return parts.length > 0 && parts.every((p) => p !== undefined) ? parts.join('') : undefined;
    }
    case 'accent': {
      const inner = nameKey(node!.base);
      return inner === undefined ? undefined : `${node!.label}{${inner}}`;
    }
    default:
      return undefined;
  }
}

/** The font a name is written in (`mathbf`, `boldsymbol`, `mathcal`), if any. */
export const fontOf = (node: TexNode): string | undefined => (node.type === 'font' ? node.font : undefined);
