// Closeness of float64 arrays, for comparing an evaluation with an independent reference.
import { expect } from 'vitest';

export interface Closeness {
  readonly rtol?: number;
  readonly atol?: number;
}

/** The first position where `a` and `b` differ beyond atol + rtol * |b|, or -1 (also -1 only when lengths match). */
export function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>, { rtol = 1e-12, atol = 1e-12 }: Closeness = {}): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let k = 0; k < a.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (Number.isNaN(x) || Number.isNaN(y) || Math.abs(x - y) > atol + rtol * Math.abs(y)) return k;
  }
  return -1;
}

export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Closeness = {}): void {
  const k = firstMismatch(actual, expected, tol);
  if (k >= 0) {
    expect.fail(
      `arrays differ at ${k}: ${actual.length === expected.length ? `${actual[k]} vs ${expected[k]}` : `lengths ${actual.length} vs ${expected.length}`}\n` +
        `actual   ${JSON.stringify(Array.from(actual))}\nexpected ${JSON.stringify(Array.from(expected))}`,
    );
  }
}
