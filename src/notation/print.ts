// Index notation as text that parseExpr/parseEquation read back: the inverse
// of parse.ts, with the fewest parentheses that keep the meaning.
import type { AffineIndex, Expr, IndexEquation } from './ast.js';
import { affineToString } from './ast.js';
import { FUNCTIONS } from './functions.js';

const PREC = { compare: 0, add: 1, mul: 2, neg: 3, pow: 4, atom: 5 } as const;

export function exprToString(e: Expr): string {
  return print(e).text;
}

/** The non-affine part of an index (AffineIndex.rest), with the text affineToString prints. */
export function indexRest(expr: Expr): NonNullable<AffineIndex['rest']> {
  return { expr, text: wrap(print(expr), PREC.add) };
}

export function equationToString(eq: IndexEquation): string {
  const lhs = eq.lhs.indices.length === 0 ? eq.lhs.tensor : `${eq.lhs.tensor}[${eq.lhs.indices.join(',')}]`;
  return `${lhs} = ${exprToString(eq.rhs)}`;
}

function print(e: Expr): { text: string; prec: number } {
  switch (e.kind) {
    case 'num':
      return { text: formatNumber(e.value), prec: e.value < 0 ? PREC.neg : PREC.atom };
    case 'sym':
      return { text: e.name, prec: PREC.atom };
    case 'access':
      return { text: e.indices.length === 0 ? e.tensor : `${e.tensor}[${e.indices.map(affineToString).join(',')}]`, prec: PREC.atom };
    case 'delta':
      return { text: `delta(${affineToString(e.a)},${affineToString(e.b)})`, prec: PREC.atom };
    case 'sum':
    case 'reduce':
      return { text: `${e.kind === 'sum' ? 'sum' : e.op}(${e.indices.join(', ')}, ${print(e.body).text})`, prec: PREC.atom };
    case 'index':
      return { text: affineToString(e.index), prec: e.index.terms.length + (e.index.offset === 0 ? 0 : 1) > 1 ? PREC.add : PREC.atom };
    case 'binary': {
      const l = print(e.left);
      const r = print(e.right);
      switch (e.op) {
        case '+':
          return { text: `${wrap(l, PREC.add)} + ${wrap(r, PREC.add)}`, prec: PREC.add };
        case '-':
          return { text: `${wrap(l, PREC.add)} - ${wrap(r, PREC.mul)}`, prec: PREC.add };
        case '*':
          return { text: `${wrap(l, PREC.mul)} * ${wrap(r, PREC.neg)}`, prec: PREC.mul };
        case '/':
          return { text: `${wrap(l, PREC.mul)} / ${wrap(r, PREC.pow)}`, prec: PREC.mul };
        case '^':
          return { text: `${wrap(l, PREC.atom)}^${wrap(r, PREC.atom)}`, prec: PREC.pow };
      }
      break;
    }
    case 'neg':
      return { text: `-${wrap(print(e.arg), PREC.pow)}`, prec: PREC.neg };
    case 'call': {
      const infix = FUNCTIONS[e.fn]?.infix;
      // mathjs reads % like * and / (from the left); comparisons bind more loosely than + and -.
      if (infix === '%') return { text: `${wrap(print(e.args[0]!), PREC.mul)} % ${wrap(print(e.args[1]!), PREC.neg)}`, prec: PREC.mul };
      if (infix !== undefined) return { text: `${wrap(print(e.args[0]!), PREC.add)} ${infix} ${wrap(print(e.args[1]!), PREC.add)}`, prec: PREC.compare };
      return { text: `${e.fn}(${e.args.map((a) => print(a).text).join(', ')})`, prec: PREC.atom };
    }
    case 'diff':
      return { text: `diff(${print(e.of).text}, ${print(e.wrt).text})`, prec: PREC.atom };
    default: {
      const never: never = e;
      return never;
    }
  }
  throw new Error('unreachable');
}

function wrap(part: { text: string; prec: number }, min: number): string {
  return part.prec >= min ? part.text : `(${part.text})`;
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(15)));
}
