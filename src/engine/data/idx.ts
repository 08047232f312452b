// MNIST in its IDX format (yann.lecun.com/exdb/mnist): a big-endian header
// 0x00 0x00 <type> <rank>, one uint32 per dimension, then the values. Images
// are [N, 28, 28] unsigned bytes, labels [N]. Files may be gzipped (.gz).
import { join } from 'node:path';
import { DataError, type Dataset, type Split } from './dataset.js';
import { readDataFile } from './read-file.js';

const UNSIGNED_BYTE = 0x08;

export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export interface IdxArray {
  readonly dims: readonly number[];
  readonly values: Uint8Array;
}

export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) throw new DataError(`${file}: truncated: ${bytes.length} bytes, shorter than an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [zero0, zero1, type, rank] = [bytes[0], bytes[1], bytes[2], bytes[3]!];
  if (zero0 !== 0 || zero1 !== 0 || rank === 0) throw new DataError(`${file}: not an IDX file (it does not start with 0x00 0x00 <type> <rank>)`);
  if (type !== UNSIGNED_BYTE) throw new DataError(`${file}: IDX type 0x${type!.toString(16)} is not supported (MNIST uses unsigned bytes, 0x08)`);
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new DataError(`${file}: truncated: the header needs ${header} bytes, the file has ${bytes.length}`);
  const dims = Array.from({ length: rank }, (_, k) => view.getUint32(4 + 4 * k));
  const expected = dims.reduce((a, b) => a * b, 1);
  const found = bytes.length - header;
  if (found < expected) throw new DataError(`${file}: truncated: [${dims.join(', ')}] needs ${expected} bytes of data, the file has ${found}`);
  return { dims, values: bytes.subarray(header, header + expected) };
}

function readSplit(dir: string, imagesName: string, labelsName: string): { split: Split; height: number; width: number } {
  const imagesFile = join(dir, imagesName);
  const labelsFile = join(dir, labelsName);
  const images = parseIdx(readDataFile(imagesFile), imagesFile);
  const labels = parseIdx(readDataFile(labelsFile), labelsFile);
  if (images.dims.length !== 3) throw new DataError(`${imagesFile}: expected images [N, H, W], found [${images.dims.join(', ')}]`);
  if (labels.dims.length !== 1) throw new DataError(`${labelsFile}: expected labels [N], found [${labels.dims.join(', ')}]`);
  const [count, height, width] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) throw new DataError(`${labelsFile}: ${labels.dims[0]} labels for ${count} images in ${imagesFile}`);
  const bad = labels.values.findIndex((l) => l > 9);
  if (bad >= 0) throw new DataError(`${labelsFile}: label ${labels.values[bad]} at position ${bad} is not a digit`);
  const pixels = Float32Array.from(images.values, (v) => v / 255);
  return { split: { count, images: pixels, labels: labels.values.slice() }, height, width };
}

export function loadMnistIdx(dir: string): Dataset {
  const train = readSplit(dir, IDX_FILES.trainImages, IDX_FILES.trainLabels);
  const test = readSplit(dir, IDX_FILES.testImages, IDX_FILES.testLabels);
  if (train.height !== test.height || train.width !== test.width) throw new DataError(`${dir}: training and test images differ in size`);
  return {
    name: `MNIST IDX files in ${dir}`,
    shape: [train.height, train.width, 1],
    classNames: Array.from({ length: 10 }, (_, d) => String(d)),
    train: train.split,
    test: test.split,
  };
}
