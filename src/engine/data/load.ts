// --data: `mnist` (the embedded default) or a folder holding MNIST IDX files or
// CIFAR-10 binary batches (directly or in the archive's cifar-10-batches-bin/).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EMBEDDED } from '../choices.js';
import { CIFAR_TRAIN_FILES, loadCifar10 } from './cifar10.js';
import { DataError, type Dataset } from './dataset.js';
import { IDX_FILES, loadMnistIdx } from './idx.js';
import { loadEmbeddedMnist } from './mnist-embedded.js';


const has = (dir: string, name: string): boolean => existsSync(join(dir, name)) || existsSync(join(dir, `${name}.gz`));

export function loadDataset(spec: string): Dataset {
  if (spec === EMBEDDED) return loadEmbeddedMnist();
  if (!existsSync(spec)) throw new DataError(`--data ${spec}: no such folder (give "mnist" or a folder of MNIST IDX or CIFAR-10 binary files)`);
  if (!statSync(spec).isDirectory()) throw new DataError(`--data ${spec}: not a folder (give the folder that holds the data files)`);
  if (has(spec, IDX_FILES.trainImages)) return loadMnistIdx(spec);
  for (const dir of [spec, join(spec, 'cifar-10-batches-bin')]) {
    if (has(dir, CIFAR_TRAIN_FILES[0]!)) return loadCifar10(dir);
  }
  throw new DataError(
    `--data ${spec}: found neither MNIST (${IDX_FILES.trainImages}[.gz], ...) nor CIFAR-10 (${CIFAR_TRAIN_FILES[0]}, ..., test_batch.bin)`,
  );
}
