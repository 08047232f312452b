// Whether one index range contains another for every draw of sizes: ranges
// start at 0, so 0..N-1 lies inside 0..N whatever N is. Dimensions are
// arithmetic on symbols (H-K+1); their difference is compared at several
// assignments of the symbols, and must be the same non-negative number at all.
import { dimSize, type Dim } from './shapes.js';

/** Sizes the symbols are given, each assignment a different mix (primes, so that no two symbols coincide by accident). */
const ASSIGNMENTS = [
  [5, 7, 11, 13],
  [17, 19, 23, 29],
  [31, 37, 41, 43],
];

export function rangeContains(outer: Dim, inner: Dim): boolean {
  if (outer === inner) return true;
  const symbols = [...new Set(`${outer} ${inner}`.match(/[A-Z][A-Za-z0-9_]*/g) ?? [])];
  const excess = ASSIGNMENTS.map((values) => {
    const sizes = new Map(symbols.map((s, k) => [s, values[k % values.length]! + Math.floor(k / values.length)]));
    return dimSize(outer, sizes) - dimSize(inner, sizes);
  });
  return excess.every((e) => e === excess[0]) && excess[0]! >= 0;
}
