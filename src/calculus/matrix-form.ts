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
/** An argument without the brackets around the whole of it, which a function's own brackets make redundant. */
const bare = (s: string): string => (s.startsWith('(') && s.endsWith(')') && balanced(s) ? s.slice(1, -1) : s);
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
      const masked = triangleOperand(b, ctx);
      if (masked !== undefined) return masked;
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

/** `i + c` as its name and offset: one index of coefficient 1 plus whole numbers (the offset in the index or as terms). */
function shiftedName(p: Poly): { name: string; offset: number } | undefined {
  let offset = 0;
  const names: string[] = [];
  for (const t of p) {
    if (t.sums.length > 0 || !Number.isInteger(t.coef)) return undefined;
    if (t.factors.length === 0) {
      offset += t.coef;
      continue;
    }
    const [f] = t.factors;
    if (t.factors.length !== 1 || f!.exp !== 1 || t.coef !== 1 || f!.base.kind !== 'index') return undefined;
    const ix = f!.base.index;
    if (ix.rest !== undefined || ix.terms.length !== 1 || ix.terms[0]!.coef !== 1) return undefined;
    names.push(ix.terms[0]!.name);
    offset += ix.offset;
  }
  return names.length === 1 ? { name: names[0]!, offset } : undefined;
}

/** Where `row + k OP col` holds, over a matrix of rows and columns: the diagonals col - row kept by tril or triu. */
const TRIANGLES: Readonly<Record<string, (k: number) => { readonly fn: 'tril' | 'triu'; readonly k: number }>> = {
  smaller: (k) => ({ fn: 'triu', k: k + 1 }),
  smallerEq: (k) => ({ fn: 'triu', k }),
  larger: (k) => ({ fn: 'tril', k: k - 1 }),
  largerEq: (k) => ({ fn: 'tril', k }),
};

/** A comparison of two indices (`k <= i + 1`) as a triangle over them, rows the first. */
function indexTriangle(b: Base): { readonly fn: string; readonly k: number; readonly labels: readonly [string, string] } | undefined {
  if (b.kind !== 'call' || !Object.hasOwn(TRIANGLES, b.fn)) return undefined;
  const [row, col] = b.args.map(shiftedName);
  if (row === undefined || col === undefined || row.name === col.name) return undefined;
  return { ...TRIANGLES[b.fn]!(row.offset - col.offset), labels: [row.name, col.name] };
}

const triangleText = (fn: string, body: string, k: number): string => (k === 0 ? `${fn}(${bare(body)})` : `${fn}(${bare(body)}, ${k})`);
const otherTriangle = (fn: string): string => (fn === 'tril' ? 'triu' : 'tril');

/** Where a comparison of two indices holds: ones in a triangle over them. */
function maskOperand(mask: NonNullable<ReturnType<typeof indexTriangle>>, ctx: RuleContext): Operand {
  const [rows, cols] = mask.labels.map((l) => dimText(ctx.names.dim(l)));
  return { expr: triangleText(mask.fn, `ones(${rows}, ${cols})`, mask.k), transposed: triangleText(otherTriangle(mask.fn), `ones(${cols}, ${rows})`, -mask.k), labels: mask.labels };
}

/**
 * Masks by index comparisons: `j <= i` is tril(ones(..)) over (i, j),
 * where(j <= i, 1, 0) the same, and where(j <= i, a, 0) is tril(a) when a
 * lies over both indices.
 */
function triangleOperand(b: Base & { kind: 'call' }, ctx: RuleContext): Operand | undefined {
  const comparison = indexTriangle(b);
  if (comparison !== undefined) return maskOperand(comparison, ctx);
  const [condition, taken, otherwise] = b.args;
  if (b.fn !== 'where' || otherwise!.length > 0 || condition!.length !== 1 || condition![0]!.factors.length !== 1 || condition![0]!.coef !== 1) return undefined;
  const mask = indexTriangle(condition![0]!.factors[0]!.base);
  if (mask === undefined) return undefined;
  const body = polyOperand(taken!, ctx);
  if (body.labels.length === 0 && body.expr === '1') return maskOperand(mask, ctx);
  if (body.labels.length !== 2 || !mask.labels.every((l) => body.labels.includes(l))) return undefined;
  // The triangle over (col, row) is the transposed one: tril(A, k)' = triu(A', -k).
  const flipped = body.labels[0] !== mask.labels[0];
  const [fn, k] = flipped ? [otherTriangle(mask.fn), -mask.k] : [mask.fn, mask.k];
  return { expr: triangleText(fn, body.expr, k), labels: body.labels };
}

/** A call of a registry function in matrix notation: comparisons and % as operators, pow as .^, the others by their matrix-notation names. */
function callText(fn: string, args: readonly string[]): string {
  const f = FUNCTIONS[fn]!;
  if (f.infix !== undefined) return `(${wrap(args[0]!)} ${f.infix} ${wrap(args[1]!)})`;
  if (fn === 'pow') return `${wrap(args[0]!)} .^ ${wrap(args[1]!)}`;
  const name = matrixName(fn);
  if (name === undefined) throw new NotDerivable(`${fn} has no matrix form`);
  return `${name}(${args.map(bare).join(', ')})`;
}

/** A sum of terms with one set of free labels (as in a bracket or a function argument). */
function polyOperand(p: Poly, ctx: RuleContext): Operand {
  if (p.length === 0) return { expr: '0', labels: [] };
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
