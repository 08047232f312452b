// Casts an index-notation result back into matrix notation (mathjs syntax),
// the assignment's last step. Each term is contracted like an einsum of rank
// <= 2 operands: a bound index shared by two operands is a matrix product
// (with transposes as the index positions require), one held by a single
// operand is a sum along an axis, equal index sets multiply element-wise, and
// what remains is broadcast to the gradient's orientation. The caller checks
// the result numerically before showing it.
import { plainName } from '../notation/ast.js';
import { FUNCTIONS, matrixName } from '../notation/functions.js';
import type { Dim } from '../notation/shapes.js';
import { commonFactors, removeFactors } from './convert.js';
import type { RuleContext } from './rules.js';
import type { Base, Factor, Poly, Term } from './term.js';
import { NotDerivable } from './term.js';

export type MatrixForm = { readonly found: true; readonly expression: string } | { readonly found: false; readonly reason: string };

/** A matrix-notation expression with the index labels of its axes; a 1-D vector is a row unless `column`. */
interface Operand {
  readonly expr: string;
  /** The transpose written the simple way ((A * B)' = B' * A', A'' = A), when known. */
  readonly transposed?: string;
  readonly labels: readonly string[];
  readonly column?: boolean;
  /** A divisor: the operand stands for 1 ./ expr. */
  readonly inverse?: boolean;
}

export function recoverMatrixForm(p: Poly, lhs: { readonly tensor: string; readonly indices: readonly string[] }, ctx: RuleContext): MatrixForm {
  if (lhs.indices.length > 2) return { found: false, reason: `${lhs.tensor} has rank ${lhs.indices.length}: derive recovers matrix forms of rank 2 at most` };
  try {
    // Y .* (dY - ...) rather than Y .* dY - Y .* (...): a factor of every term is written once.
    const common = p.length > 1 ? commonFactors(p) : [];
    const rest = common.length === 0 ? p : p.map((t) => ({ ...t, factors: removeFactors(t.factors, common) }));
    const outsideOp = common.length === 0 ? undefined : contract({ coef: 1, sums: [], factors: common }, ctx);
    const contracted = rest.map((t) => contract(t, ctx));
    // Terms that lack an index broadcast against one that has them all; only alone do they need ones(...).
    const full = [...contracted, ...(outsideOp ? [outsideOp] : [])].some((c) => lhs.indices.every((l) => c.operand.labels.includes(l)));
    const sum = signedSum(contracted.map((c) => orient(c, lhs.indices, ctx, full)));
    if (outsideOp === undefined) return { found: true, expression: `${lhs.tensor} = ${sum}` };
    const outside = orient(outsideOp, lhs.indices, ctx).text;
    return { found: true, expression: `${lhs.tensor} = ${wrap(outside)} .* (${sum})` };
  } catch (err) {
    if (err instanceof NotDerivable) return { found: false, reason: err.message };
    throw err;
  }
}

function signedSum(terms: readonly { text: string; coef: number }[]): string {
  let expr = '';
  const positiveFirst = [...terms].sort((a, b) => Number(a.coef < 0) - Number(b.coef < 0));
  for (const [k, { text, coef }] of positiveFirst.entries()) {
    const magnitude = Math.abs(coef);
    const body = scaled(magnitude, text);
    expr += k === 0 ? (coef < 0 ? `-${wrap(body)}` : body) : coef < 0 ? ` - ${wrap(body)}` : ` + ${body}`;
  }
  return expr === '' ? '0' : expr;
}

const fmt = (x: number): string => String(Number(x.toPrecision(15)));
/** magnitude * text, where a constant term (text 1) is the number alone. */
const scaled = (magnitude: number, text: string): string => (magnitude === 1 ? text : text === '1' ? fmt(magnitude) : `${fmt(magnitude)} * ${wrap(text)}`);
const wrap = (s: string): string => (/^[A-Za-z0-9_.']+$|^\(.*\)$|^[a-z][a-z0-9]*\(.*\)$/.test(s) && balanced(s) ? s : `(${s})`);
function balanced(s: string): boolean {
  if (!s.startsWith('(') && !/^[a-z][a-z0-9]*\(/.test(s)) return true;
  let depth = 0;
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '(') depth++;
    if (s[k] === ')') depth--;
    if (depth === 0 && k < s.length - 1 && s.indexOf('(') <= k) return false;
  }
  return true;
}

const dimText = (d: Dim | undefined): string => {
  if (d === undefined || d === '?') throw new NotDerivable('an index has no known range');
  return /^[A-Za-z0-9_]+$/.test(d) ? d : `(${d})`;
};

/** Contracts one term into a single operand over its free labels, plus its coefficient. */
function contract(t: Term, ctx: RuleContext): { operand: Operand; coef: number } {
  let ops: Operand[] = t.factors.map((f) => factorOperand(f, ctx));
  for (const k of t.sums) {
    const holders = ops.filter((o) => o.labels.includes(k));
    const others = ops.filter((o) => !o.labels.includes(k));
    if (holders.length === 0) {
      ops = [...others, { expr: dimText(ctx.names.dim(k)), labels: [] }];
      continue;
    }
    if (holders.length === 2 && holders[0]!.labels.filter((l) => holders[1]!.labels.includes(l)).length === 1) {
      ops = [...others, matmul(holders[0]!, holders[1]!, k)];
      continue;
    }
    ops = [...others, sumOut(hadamardAll(holders, ctx), k, ctx)];
  }
  return { operand: hadamardAll(ops, ctx), coef: t.coef };
}

function factorOperand(f: Factor, ctx: RuleContext): Operand {
  const base = baseOperand(f.base, ctx);
  const magnitude = Math.abs(f.exp);
  const powered = magnitude === 1 ? base.expr : magnitude === 0.5 ? `sqrt(${base.expr})` : `${wrap(base.expr)} .^ ${fmt(magnitude)}`;
  return { ...base, expr: powered, inverse: f.exp < 0 };
}

function baseOperand(b: Base, ctx: RuleContext): Operand {
  switch (b.kind) {
    case 'sym':
      return { expr: b.name, labels: [] };
    case 'index':
      throw new NotDerivable('an index used as a number has no matrix form');
    case 'reduce':
      throw new NotDerivable(`${b.op} over an index has no matrix form`);
    case 'access': {
      const labels = b.indices.map((ix) => {
        const name = plainName(ix);
        if (name === undefined) throw new NotDerivable(`${b.tensor} is read at a shifted index: no matrix form`);
        return name;
      });
      if (labels.length > 2) throw new NotDerivable(`${b.tensor} has rank ${labels.length}: no matrix form`);
      if (new Set(labels).size !== labels.length) return { expr: `diag(${b.tensor})`, labels: [labels[0]!] };
      return { expr: b.tensor, labels };
    }
    case 'delta': {
      const [x, y] = [plainName(b.a), plainName(b.b)];
      if (x === undefined || y === undefined) throw new NotDerivable('a delta of shifted indices has no matrix form');
      const [rows, cols] = [dimText(ctx.names.dim(x)), dimText(ctx.names.dim(y))];
      return { expr: rows === cols ? `eye(${rows})` : `eye(${rows}, ${cols})`, labels: [x, y] };
    }
    case 'call': {
      const args = b.args.map((a) => polyOperand(a, ctx));
      const labels = [...new Set(args.flatMap((a) => a.labels))];
      if (labels.length > 2) throw new NotDerivable(`${b.fn} of arguments over more than two indices has no matrix form`);
      // Arguments over one label, some columns: all are laid out as columns, as in a product.
      const column = labels.length === 1 && args.some((a) => a.column === true);
      return { expr: callText(b.fn, args.map((a) => (column ? asColumn(a) : align(a, labels)))), labels, column };
    }
    case 'poly':
      return polyOperand(b.poly, ctx);
  }
}

/** A call of a registry function in matrix notation: comparisons and % as operators, pow as .^, the others by their matrix-notation names. */
function callText(fn: string, args: readonly string[]): string {
  const f = FUNCTIONS[fn]!;
  if (f.infix !== undefined) return `(${wrap(args[0]!)} ${f.infix} ${wrap(args[1]!)})`;
  if (fn === 'pow') return `${wrap(args[0]!)} .^ ${wrap(args[1]!)}`;
  const name = matrixName(fn);
  if (name === undefined) throw new NotDerivable(`${fn} has no matrix form`);
  return `${name}(${args.join(', ')})`;
}

/** A sum of terms with one set of free labels (as in a bracket or a function argument). */
function polyOperand(p: Poly, ctx: RuleContext): Operand {
  const parts = p.map((t) => contract(t, ctx));
  const labels = [...new Set(parts.flatMap((x) => x.operand.labels))];
  if (labels.length > 2) throw new NotDerivable('a bracket over more than two indices has no matrix form');
  // Scalars broadcast inside a bracket; only the gradient itself needs its full shape.
  const columns = labels.length === 1 && parts.some((x) => x.operand.column === true);
  const aligned = parts.map(({ operand, coef }) =>
    operand.labels.length === 0 ? { text: operand.expr, coef } : columns ? { text: asColumn(operand), coef } : orient({ operand, coef }, labels, ctx),
  );
  const expr = aligned.map(({ text, coef }, k) => `${k === 0 ? (coef < 0 ? '-' : '') : coef < 0 ? ' - ' : ' + '}${Math.abs(coef) === 1 ? wrap(text) : scaled(Math.abs(coef), text)}`).join('');
  // A bracket with a column in it is laid out as a column; anything else as a row.
  return { expr: aligned.length === 1 && (aligned[0]!.coef === 1 || wrap(expr) === expr) ? expr : `(${expr})`, labels, column: columns };
}

const transposeOf = (o: Operand): string => o.transposed ?? (/^[A-Za-z0-9_]+'$/.test(o.expr) ? o.expr.slice(0, -1) : `${wrap(o.expr)}'`);

/** A[.., k] * B[k, ..]: the shared index contracted by a matrix product. */
function matmul(a: Operand, b: Operand, k: string): Operand {
  const flipA = a.labels.length === 2 && a.labels[0] === k;
  const flipB = b.labels.length === 2 && b.labels[1] === k;
  const [left, leftT] = flipA ? [transposeOf(a), a.expr] : [a.expr, transposeOf(a)];
  const [right, rightT] = flipB ? [transposeOf(b), b.expr] : [b.expr, transposeOf(b)];
  const labels = [...a.labels.filter((l) => l !== k), ...b.labels.filter((l) => l !== k)];
  return { expr: `${wrap(left)} * ${wrap(right)}`, transposed: `${wrap(rightT)} * ${wrap(leftT)}`, labels };
}

/** Sum over label k: over rows gives a row vector, over columns a column. */
function sumOut(o: Operand, k: string, ctx: RuleContext): Operand {
  if (o.labels.length === 1) return { expr: `sum(${o.expr})`, labels: [] };
  if (o.labels[0] === k) return { expr: `sum(${o.expr}, 1)`, labels: [o.labels[1]!] };
  return { expr: `${wrap(o.expr)} * ones(${dimText(ctx.names.dim(k))}, 1)`, labels: [o.labels[0]!], column: true };
}

/** The element-wise product of operands over at most two labels, broadcasting vectors and scalars. */
function hadamardAll(ops: readonly Operand[], ctx: RuleContext): Operand {
  if (ops.length === 0) return { expr: '1', labels: [] };
  if (ops.length === 1 && !ops[0]!.inverse) return ops[0]!;
  const labels = [...new Set(ops.flatMap((o) => o.labels))];
  if (labels.length > 2) throw new NotDerivable('a product over more than two free indices has no matrix form');
  // Vectors over one label, some columns (sums along rows) and some rows: all are laid out as columns.
  const column = labels.length === 1 && ops.some((o) => o.column === true);
  const aligned = (list: readonly Operand[]): string[] => list.map((o) => (column ? asColumn(o) : align(o, labels)));
  const top = aligned(ops.filter((o) => !o.inverse));
  const bottom = aligned(ops.filter((o) => o.inverse));
  const join = (parts: string[]): string => (parts.length === 1 ? parts[0]! : parts.map(wrap).join(' .* '));
  const numerator = top.length === 0 ? '1' : join(top);
  if (bottom.length === 0) return { expr: numerator, labels, column };
  return { expr: `${wrap(numerator)} ./ ${wrap(join(bottom))}`, labels, column };
}

/** A vector (or scalar) written as a column. */
const asColumn = (o: Operand): string => (o.labels.length === 0 || o.column === true ? o.expr : `transpose([${o.expr}])`);

/** An operand's expression laid out along `labels` (rank <= 2), ready to broadcast. */
function align(o: Operand, labels: readonly string[]): string {
  if (o.labels.length === 0 || labels.length <= 1) return o.expr;
  if (o.labels.length === 2) return o.labels[0] === labels[0] ? o.expr : transposeOf(o);
  // A vector inside a matrix: along the columns (second label) it is a row, along the rows a column.
  const alongRows = o.labels[0] === labels[0];
  if (!alongRows) return o.column ? `${wrap(o.expr)}'` : o.expr;
  return o.column ? o.expr : `transpose([${o.expr}])`;
}

/** A term's operand laid out as the gradient (`labels`), with ones() where an index is missing. */
function orient({ operand, coef }: { operand: Operand; coef: number }, labels: readonly string[], ctx: RuleContext, broadcasts = false): { text: string; coef: number } {
  const missing = labels.filter((l) => !operand.labels.includes(l));
  let text = align(operand, labels);
  if (missing.length > 0 && !broadcasts) {
    const full = labels.map((l) => dimText(ctx.names.dim(l)));
    const ones = labels.length === 1 ? `ones(${full[0]})` : `ones(${full.join(', ')})`;
    text = operand.labels.length === 0 && text === '1' ? ones : `${wrap(text)} .* ${ones}`;
  }
  return { text, coef };
}
