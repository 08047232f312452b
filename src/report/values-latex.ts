// Numbers and small tensors of a counterexample as LaTeX: scalars plainly,
// vectors and matrices as bmatrix; anything larger is shown as text instead.
import { toLatex } from '../notation/latex.js';

const MAX_ENTRIES = 64;

export function numberLatex(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '\\text{NaN}' : `${x < 0 ? '-' : ''}\\infty`;
  return toLatex({ kind: 'num', value: Number(x.toPrecision(4)) });
}

/** LaTeX for a number, vector or matrix (nested arrays), or undefined when it is better shown as text. */
export function tensorLatex(value: unknown): string | undefined {
  if (typeof value === 'number') return numberLatex(value);
  if (!Array.isArray(value)) return undefined;
  const rows = value.every((v) => typeof v === 'number') ? [value as number[]] : value;
  if (!rows.every((r): r is number[] => Array.isArray(r) && r.every((v) => typeof v === 'number'))) return undefined;
  if (rows.reduce((n, r) => n + r.length, 0) > MAX_ENTRIES) return undefined;
  return `\\begin{bmatrix}${rows.map((r) => r.map(numberLatex).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`;
}

/** Nested arrays as compact text with 4 significant digits. */
export const compactValue = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(4)) : v));
