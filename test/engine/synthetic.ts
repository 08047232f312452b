// Small data files in the exact binary formats the engine reads, written into
// a temporary folder: MNIST IDX (big-endian header, unsigned bytes) and
// CIFAR-10 binary records (label byte, then red, green and blue planes).
// Labels follow the images (class k is a bright band in row k), so a model can learn them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const tempDir = (prefix = 'deltagrad-engine-'): string => mkdtempSync(join(tmpdir(), prefix));

export function idxBytes(dims: readonly number[], values: ArrayLike<number>, type = 0x08): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  header.setUint8(2, type);
  header.setUint8(3, dims.length);
  dims.forEach((d, k) => header.setUint32(4 + 4 * k, d));
  const out = new Uint8Array(header.byteLength + values.length);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(Uint8Array.from(values), header.byteLength);
  return out;
}

/** Image k of a set: class k % classes, a band of 255 in row (label mod side), noise elsewhere. */
export function syntheticImages(count: number, side: number, channels: number, classes = 10): { pixels: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(count * side * side * channels);
  const labels = new Uint8Array(count);
  for (let k = 0; k < count; k++) {
    const label = k % classes;
    labels[k] = label;
    for (let p = 0; p < side * side * channels; p++) pixels[k * side * side * channels + p] = (k * 31 + p * 7) % 40;
    const row = label % side;
    for (let col = 0; col < side; col++) for (let c = 0; c < channels; c++) pixels[((k * side + row) * side + col) * channels + c] = 255;
  }
  return { pixels, labels };
}

export interface IdxOptions {
  readonly train?: number;
  readonly test?: number;
  readonly side?: number;
  readonly gzip?: boolean;
}

/** A folder with the four MNIST IDX files. */
export function writeMnistIdx(dir: string, { train = 64, test = 32, side = 8, gzip = false }: IdxOptions = {}): string {
  const write = (name: string, bytes: Uint8Array): void => writeFileSync(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(bytes) : bytes);
  for (const [prefix, count] of [['train', train], ['t10k', test]] as const) {
    const { pixels, labels } = syntheticImages(count, side, 1);
    write(`${prefix}-images-idx3-ubyte`, idxBytes([count, side, side], pixels));
    write(`${prefix}-labels-idx1-ubyte`, idxBytes([count], labels));
  }
  return dir;
}

/** CIFAR-10 records from NHWC pixels: label, then the red, green and blue planes. */
export function cifarBytes(pixels: Uint8Array, labels: Uint8Array): Uint8Array {
  const plane = 32 * 32;
  const out = new Uint8Array(labels.length * (1 + 3 * plane));
  labels.forEach((label, k) => {
    const at = k * (1 + 3 * plane);
    out[at] = label;
    for (let p = 0; p < plane; p++) for (let c = 0; c < 3; c++) out[at + 1 + c * plane + p] = pixels[(k * plane + p) * 3 + c]!;
  });
  return out;
}

/** A folder laid out as the CIFAR-10 binary archive unpacks: cifar-10-batches-bin/ with six batches. */
export function writeCifar10(dir: string, perBatch = 4): string {
  const bin = join(dir, 'cifar-10-batches-bin');
  mkdirSync(bin);
  const names = [1, 2, 3, 4, 5].map((k) => `data_batch_${k}.bin`).concat('test_batch.bin');
  for (const name of names) {
    const { pixels, labels } = syntheticImages(perBatch, 32, 3);
    writeFileSync(join(bin, name), cifarBytes(pixels, labels));
  }
  writeFileSync(join(bin, 'batches.meta.txt'), 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n');
  return dir;
}
