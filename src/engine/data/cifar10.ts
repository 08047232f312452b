// CIFAR-10 in its binary version (www.cs.toronto.edu/~kriz/cifar.html):
// data_batch_1..5.bin and test_batch.bin, each a run of 3,073-byte records,
// one label byte then 1,024 red, 1,024 green and 1,024 blue bytes of a 32 x 32
// image, row-major. Converted to NHWC.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, type Dataset, type Split } from './dataset.js';
import { readDataFile } from './read-file.js';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;
export const CIFAR_TRAIN_FILES = [1, 2, 3, 4, 5].map((k) => `data_batch_${k}.bin`);
const CIFAR_TEST_FILE = 'test_batch.bin';
const DEFAULT_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

function readBatches(dir: string, names: readonly string[]): Split {
  const files = names.map((name) => {
    const file = join(dir, name);
    const bytes = readDataFile(file);
    if (bytes.length === 0 || bytes.length % RECORD !== 0) {
      throw new DataError(`${file}: truncated: ${bytes.length} bytes is not a whole number of ${RECORD}-byte CIFAR-10 records`);
    }
    return { file, bytes };
  });
  const count = files.reduce((n, f) => n + f.bytes.length / RECORD, 0);
  const images = new Float32Array(count * 3 * PLANE);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const { file, bytes } of files) {
    for (let r = 0; r < bytes.length; r += RECORD, at++) {
      const label = bytes[r]!;
      if (label > 9) throw new DataError(`${file}: record ${r / RECORD} has label ${label}; CIFAR-10 labels are 0-9`);
      labels[at] = label;
      const out = at * 3 * PLANE;
      for (let p = 0; p < PLANE; p++) {
        for (let c = 0; c < 3; c++) images[out + 3 * p + c] = bytes[r + 1 + c * PLANE + p]! / 255;
      }
    }
  }
  return { count, images, labels };
}

export function loadCifar10(dir: string): Dataset {
  const meta = join(dir, 'batches.meta.txt');
  const listed = existsSync(meta) ? readFileSync(meta, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 0) : [];
  return {
    name: `CIFAR-10 binary batches in ${dir}`,
    shape: [SIDE, SIDE, 3],
    classNames: listed.length === 10 ? listed : DEFAULT_NAMES,
    train: readBatches(dir, CIFAR_TRAIN_FILES),
    test: readBatches(dir, [CIFAR_TEST_FILE]),
  };
}
