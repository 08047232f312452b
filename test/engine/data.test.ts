import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCifar10 } from '../../src/engine/data/cifar10.js';
import { DataError } from '../../src/engine/data/dataset.js';
import { loadMnistIdx, parseIdx } from '../../src/engine/data/idx.js';
import { loadDataset } from '../../src/engine/data/load.js';
import { loadEmbeddedMnist } from '../../src/engine/data/mnist-embedded.js';
import { cifarBytes, idxBytes, syntheticImages, tempDir, writeCifar10, writeMnistIdx } from './synthetic.js';

const dataError = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return (err as Error).message;
  }
  return expect.fail('expected a DataError');
};

describe('MNIST IDX files', () => {
  it.each([false, true])('reads images scaled to [0, 1] and their labels (gzipped: %s)', (gzip) => {
    const data = loadMnistIdx(writeMnistIdx(tempDir(), { train: 12, test: 5, side: 6, gzip }));
    const { pixels, labels } = syntheticImages(12, 6, 1);
    expect(data.shape).toEqual([6, 6, 1]);
    expect([data.train.count, data.test.count]).toEqual([12, 5]);
    expect(Array.from(data.train.labels)).toEqual(Array.from(labels));
    expect(data.train.images[40]).toBeCloseTo(pixels[40]! / 255, 6);
    expect(Math.max(...data.test.images)).toBe(1);
  });

  it('names a missing file', () => {
    const dir = tempDir();
    expect(dataError(() => loadMnistIdx(dir))).toBe(`${join(dir, 'train-images-idx3-ubyte')}: no such file`);
  });

  it('says a cut-off file is truncated', () => {
    const dir = writeMnistIdx(tempDir());
    const file = join(dir, 't10k-images-idx3-ubyte');
    truncateSync(file, 100);
    expect(dataError(() => loadMnistIdx(dir))).toMatch(/t10k-images-idx3-ubyte: truncated: \[32, 8, 8\] needs 2048 bytes of data, the file has 84/);
  });

  it('rejects a header that is not IDX, a type other than bytes, and a header cut short', () => {
    expect(dataError(() => parseIdx(Uint8Array.of(1, 2, 8, 1, 0, 0, 0, 0), 'f'))).toMatch(/not an IDX file/);
    expect(dataError(() => parseIdx(idxBytes([1], [0], 0x0d), 'f'))).toMatch(/type 0xd is not supported/);
    expect(dataError(() => parseIdx(Uint8Array.of(0, 0, 8, 3, 0), 'f'))).toMatch(/truncated: the header needs 16 bytes/);
  });

  it('rejects labels that do not fit the images', () => {
    const dir = writeMnistIdx(tempDir());
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idxBytes([3], [1, 2, 3]));
    expect(dataError(() => loadMnistIdx(dir))).toMatch(/3 labels for 64 images/);
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idxBytes([64], new Uint8Array(64).fill(10)));
    expect(dataError(() => loadMnistIdx(dir))).toMatch(/label 10 at position 0 is not a digit/);
  });
});

describe('CIFAR-10 binary batches', () => {
  it('reads records into NHWC pixels with the class names of batches.meta.txt', () => {
    const data = loadDataset(writeCifar10(tempDir(), 3));
    const { pixels, labels } = syntheticImages(3, 32, 3);
    expect(data.shape).toEqual([32, 32, 3]);
    expect([data.train.count, data.test.count]).toEqual([15, 3]);
    expect(data.classNames[9]).toBe('truck');
    expect(Array.from(data.test.labels)).toEqual(Array.from(labels));
    // Pixel (row 5, column 7) of the second image, all three channels.
    const at = ((1 * 32 + 5) * 32 + 7) * 3;
    expect(Array.from(data.test.images.subarray(at, at + 3), (v) => Math.round(v * 255))).toEqual(Array.from(pixels.subarray(at, at + 3)));
  });

  it('says a batch that is not whole records is truncated', () => {
    const dir = writeCifar10(tempDir(), 2);
    const file = join(dir, 'cifar-10-batches-bin', 'data_batch_3.bin');
    truncateSync(file, 3073 + 100);
    expect(dataError(() => loadCifar10(join(dir, 'cifar-10-batches-bin')))).toBe(`${file}: truncated: 3173 bytes is not a whole number of 3073-byte CIFAR-10 records`);
  });

  it('rejects a label outside 0-9', () => {
    const dir = writeCifar10(tempDir(), 1);
    const { pixels } = syntheticImages(1, 32, 3);
    writeFileSync(join(dir, 'cifar-10-batches-bin', 'test_batch.bin'), cifarBytes(pixels, Uint8Array.of(12)));
    expect(dataError(() => loadDataset(dir))).toMatch(/test_batch.bin: record 0 has label 12/);
  });
});

describe('--data', () => {
  it('explains a folder with neither format, and a path that is not a folder', () => {
    const dir = tempDir();
    expect(dataError(() => loadDataset(dir))).toMatch(/found neither MNIST \(train-images-idx3-ubyte\[\.gz\], \.\.\.\) nor CIFAR-10/);
    expect(dataError(() => loadDataset(join(dir, 'missing')))).toMatch(/no such folder/);
  });

  it('embeds the 10,000 digits of the mnist package, split 8,000 / 2,000 the same way every time', () => {
    const [a, b] = [loadEmbeddedMnist(), loadEmbeddedMnist()];
    expect([a.train.count, a.test.count]).toEqual([8000, 2000]);
    expect(a.test.labels).toEqual(b.test.labels);
    expect(a.test.images.subarray(0, 784 * 3)).toEqual(b.test.images.subarray(0, 784 * 3));
    // Every digit is in both parts, in roughly its share of the 10,000.
    for (let d = 0; d < 10; d++) expect(a.test.labels.filter((l) => l === d).length).toBeGreaterThan(120);
    expect(Math.min(...a.train.images.subarray(0, 784 * 50))).toBe(0);
    expect(Math.max(...a.train.images.subarray(0, 784 * 50))).toBeLessThanOrEqual(1);
  });
});
