// A seeded generator (mulberry32), so every run of the benchmark times the same numbers.

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `out` with values uniform in [-1, 1). */
export function fillUniform(out: Float64Array, next: () => number): Float64Array {
  for (let k = 0; k < out.length; k++) out[k] = 2 * next() - 1;
  return out;
}
