// A seeded generator (the project's mulberry32), so every run of the benchmark times the same numbers.

export { seededRandom as rng } from '../src/numeric/direction.js';

/** Fills `out` with values uniform in [-1, 1). */
export function fillUniform(out: Float64Array, next: () => number): Float64Array {
  for (let k = 0; k < out.length; k++) out[k] = 2 * next() - 1;
  return out;
}
