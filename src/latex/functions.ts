// The language's functions as LaTeX spells them, read from the function
// table (each entry's `latex` and `latexAlso`), plus the function's own name
// upright (`\operatorname{relu}`, `\mathrm{sigmoid}`). A new function in the
// table is understood in LaTeX without touching the reader.
import { FUNCTIONS } from '../notation/functions.js';
import { parseExpr } from '../notation/parse.js';
import { SourceText } from '../notation/errors.js';
import type { Expr } from '../notation/ast.js';
import { parseTex, type TexNode } from './katex-tree.js';

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

let table: ReadonlyMap<string, string> | undefined;

function spellings(): ReadonlyMap<string, string> {
  if (table !== undefined) return table;
  const map = new Map<string, string>();
  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    for (const spelling of [fn.latex, ...(fn.latexAlso ?? [])]) {
      // A spelling that takes its argument as a group (\sqrt) is read as its own node kind, not as a head.
      let nodes: TexNode[] = [];
      try {
        nodes = parseTex(spelling);
      } catch {
        nodes = [];
      }
      const key = nodes.length === 1 ? headKey(nodes[0]!) : undefined;
      if (key !== undefined) map.set(key, name);
    }
    map.set(name.toLowerCase(), name);
  }
  return (table = map);
}

/** The function a LaTeX head names, or undefined. Upright names match whatever their case (`ReLU`, `relu`). */
export function functionOfLatex(key: string): string | undefined {
  return spellings().get(key) ?? spellings().get(key.toLowerCase());
}

export const functionArity = (name: string): number => FUNCTIONS[name]!.arity;

/** f'(arg) for a function of one argument, from the table's derivative. */
export function derivativeOf(name: string, arg: Expr): Expr {
  const formula = parseExpr(SourceText.detached(FUNCTIONS[name]!.derivatives[0]!));
  return substituteA(formula, arg);
}

function substituteA(e: Expr, arg: Expr): Expr {
  switch (e.kind) {
    case 'sym':
      return e.name === 'a' ? arg : e;
    case 'binary':
      return { ...e, left: substituteA(e.left, arg), right: substituteA(e.right, arg) };
    case 'neg':
      return { ...e, arg: substituteA(e.arg, arg) };
    case 'call':
      return { ...e, args: e.args.map((x) => substituteA(x, arg)) };
    default:
      return e;
  }
}
