// Random directions for fast mode, reproducible from a seed.

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Entries of magnitude in [0.5, 1] with random signs: no entry is so small
 * that its part of <g, v> hides below the tolerance, and opposite errors do
 * not cancel except by chance.
 */
export function randomDirection(n: number, random: () => number): Float64Array {
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) v[k] = (random() < 0.5 ? -1 : 1) * (0.5 + 0.5 * random());
  return v;
}
