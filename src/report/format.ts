// The figures and labels the page prints.
import { isAbsolute, relative } from 'node:path';
import type { ClaimLabel } from '../verify/point.js';

/** A relative error: 1.3e-9; infinite for a claim that could not be compared (a dimension mismatch). */
export const relErr = (x: number): string => (x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(1) : '∞');

export const percent = (x: number): string => `${(100 * x).toFixed(1)} %`;

export const count = (n: number): string => n.toLocaleString('en-US');

/** `1 case`, `100 cases`. */
export const plural = (n: number, noun: string): string => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;

/** The symbolic engine's verdict in words. */
export const symbolicText = (s: string): string => s.replace(/-/g, ' ');

export const claimLabel = (label: ClaimLabel): string => (typeof label === 'number' ? `step ${label + 1}` : label === 'result' ? 'result' : 'matrix form');

/** A file relative to the working directory when it lies inside it: the page shows no local absolute paths. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
