// Seeded randomness for everything outside tfjs ops (which take their own
// seeds): the data split and the order of examples in each epoch.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A permutation of 0..n-1 (Fisher-Yates), the same for the same seed. */
export function permutation(n: number, seed: number): Int32Array {
  const rng = xoroshiro128plus(seed);
  const order = Int32Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const j = uniformInt(rng, 0, k);
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  return order;
}

/** The order of the examples in epoch `epoch` of a run seeded with `seed`. */
export const epochOrder = (n: number, seed: number, epoch: number): Int32Array => permutation(n, seed * 10_007 + epoch);
