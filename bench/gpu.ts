// Section gpu: the WebGPU adapter, then the default MLP and CNN and a large
// configuration of each trained on every backend that can be had (tensorflow,
// webgpu, wasm), samples/s side by side with the ratio against wasm, and the
// test accuracy each reaches. Every backend trains the same fixed number of
// steps from the same seed on the embedded MNIST, so the accuracies compare;
// the first steps (where webgpu compiles its shaders) are not timed.
import { buildModel } from '../src/engine/architectures.js';
import { BackendUnavailableError, selectBackend } from '../src/engine/backend/select.js';
import { describeAdapter, findAdapter } from '../src/engine/backend/webgpu.js';
import { Batches, disposeBatch } from '../src/engine/batches.js';
import type { BackendName } from '../src/engine/choices.js';
import { configFor, type TrainConfig } from '../src/engine/config.js';
import { loadDataset } from '../src/engine/data/load.js';
import { DerivationLibrary } from '../src/engine/derived.js';
import { evaluate } from '../src/engine/evaluate.js';
import { makeOptimizer } from '../src/engine/optimizers.js';
import { epochOrder } from '../src/engine/random.js';
import { trainStep } from '../src/engine/train.js';
import { count, ratio, table } from './format.js';

const BACKENDS: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm'];
const UNTIMED_STEPS = 2;

/** Steps per model: enough to time and to leave an accuracy above chance, short enough for a software GPU. */
const MODELS: readonly { readonly name: string; readonly config: TrainConfig; readonly steps: number }[] = [
  { name: 'MLP 784-128-10, batch 200, SGD', config: configFor('mlp', {}), steps: 40 },
  { name: 'CNN 16-32 conv, batch 64, Adam', config: configFor('cnn', {}), steps: 16 },
  { name: 'MLP 784-1024-1024-10, batch 1024, SGD', config: configFor('mlp', { hidden: [1024, 1024], batch: 1024 }), steps: 6 },
  { name: 'CNN 16-32 conv, batch 256, Adam', config: configFor('cnn', { batch: 256 }), steps: 4 },
];

interface Result {
  readonly samplesPerSecond: number;
  readonly testAccuracy: number;
}

async function run(config: TrainConfig, steps: number, library: DerivationLibrary): Promise<Result> {
  const data = loadDataset(config.data);
  const classes = data.classNames.length;
  const model = await buildModel(config, data.shape, classes, library);
  const optimizer = makeOptimizer(config.optimizer, config.lr);
  const [trainSet, testSet] = [new Batches(data.train, model.inputShape, classes), new Batches(data.test, model.inputShape, classes)];
  const order = epochOrder(data.train.count, config.seed, 0);
  const perEpoch = Math.floor(data.train.count / config.batch);
  let started = 0;
  try {
    for (let step = 0; step < steps; step++) {
      if (step === UNTIMED_STEPS) started = performance.now();
      const from = (step % perEpoch) * config.batch;
      const batch = trainSet.batch(order.subarray(from, from + config.batch));
      await trainStep(model, optimizer, config, batch, step);
      disposeBatch(batch);
    }
    const samplesPerSecond = ((steps - UNTIMED_STEPS) * config.batch) / ((performance.now() - started) / 1e3);
    return { samplesPerSecond, testAccuracy: (await evaluate(model, testSet, classes)).accuracy };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}

export async function benchGpu(log: (line: string) => void): Promise<string> {
  const adapter = await findAdapter();
  const notes = [typeof adapter === 'string' ? `webgpu: ${adapter}` : `webgpu adapter: ${describeAdapter(adapter)}`];
  const backends: BackendName[] = [];
  for (const name of BACKENDS) {
    try {
      const { description } = await selectBackend(name);
      // The adapter line above already describes webgpu.
      if (name !== 'webgpu') notes.push(`${name}: ${description}`);
      backends.push(name);
    } catch (err) {
      if (!(err instanceof BackendUnavailableError)) throw err;
      notes.push(`${name}: not measured, ${err.message}`);
    }
  }
  const library = new DerivationLibrary();
  const rows: string[][] = [];
  for (const { name, config, steps } of MODELS) {
    const results = new Map<BackendName, Result>();
    for (const backend of backends) {
      log(`  ${name} on ${backend}, ${steps} steps ...`);
      await selectBackend(backend);
      results.set(backend, await run(config, steps, library));
    }
    const wasm = results.get('wasm')?.samplesPerSecond;
    rows.push([
      name,
      String(steps),
      ...backends.flatMap((b) => {
        const r = results.get(b)!;
        const versus = b === 'wasm' ? [] : [wasm === undefined ? 'n/a' : ratio(r.samplesPerSecond / wasm)];
        return [count(r.samplesPerSecond), ...versus, `${(100 * r.testAccuracy).toFixed(1)}%`];
      }),
    ]);
  }
  notes.push(`Each backend trains the same steps from the same seed; samples/s leave out the first ${UNTIMED_STEPS} steps (shader compilation on webgpu) and the evaluation.`);
  if (typeof adapter !== 'string' && adapter.software) notes.push('The webgpu figures are of a software device (the CPU), not of a GPU.');
  return table(
    'Training on every backend available: samples/s, ratio against wasm, test accuracy after the steps',
    [{ header: 'model', align: 'left' }, { header: 'steps' }, ...backends.flatMap((b) => [{ header: `${b} samples/s` }, ...(b === 'wasm' ? [] : [{ header: 'vs wasm' }]), { header: 'accuracy' }])],
    rows,
    notes,
  );
}
