// The engine on the webgpu backend against the cpu backend: a small MLP (with
// batch norm and dropout) and a small CNN train a few steps on each, from the
// same initial weights, batches and dropout masks, and every gradient of every
// step, derived and autodiff, agrees to float32 tolerance. Skipped, with the
// reason printed, where no WebGPU adapter can be had (no `webgpu` package, or
// no Vulkan driver: .ci/software-vulkan installs Mesa's lavapipe).
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/engine/architectures.js';
import { selectBackend } from '../../src/engine/backend/select.js';
import { describeAdapter, findAdapter } from '../../src/engine/backend/webgpu.js';
import { Batches, disposeBatch } from '../../src/engine/batches.js';
import type { BackendName } from '../../src/engine/choices.js';
import { configFor, type TrainConfig } from '../../src/engine/config.js';
import { loadDataset } from '../../src/engine/data/load.js';
import { DerivationLibrary } from '../../src/engine/derived.js';
import { makeOptimizer } from '../../src/engine/optimizers.js';
import type { RunStart } from '../../src/engine/run-log.js';
import { trainStep } from '../../src/engine/train.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { tempDir, writeMnistIdx } from './synthetic.js';
import { FLOAT32_RTOL, relativeError } from './tf-helpers.js';

const STEPS = 3;

const adapter = await findAdapter();
const skipped = typeof adapter === 'string' ? adapter : undefined;
console.log(skipped === undefined ? `webgpu adapter: ${describeAdapter(adapter as Exclude<typeof adapter, string>)}` : `webgpu gradient test skipped: ${skipped}`);

const data = writeMnistIdx(tempDir(), { train: 32, test: 8, side: 8 });
const library = new DerivationLibrary();

interface StepGradients {
  readonly derived: Float32Array[];
  readonly autodiff: Float32Array[];
}

/** The gradients of each step (before its update) of a short run on one backend, with the parameters' keys. */
async function run(backend: BackendName, config: TrainConfig): Promise<{ keys: string[]; steps: StepGradients[] }> {
  await selectBackend(backend);
  const set = loadDataset(config.data);
  const classes = set.classNames.length;
  const model = await buildModel(config, set.shape, classes, library);
  const optimizer = makeOptimizer(config.optimizer, config.lr);
  const batches = new Batches(set.train, model.inputShape, classes);
  const steps: StepGradients[] = [];
  try {
    for (let step = 0; step < STEPS; step++) {
      const batch = batches.batch(Int32Array.from({ length: config.batch }, (_, k) => step * config.batch + k));
      const read = async (source: 'derived' | 'autodiff'): Promise<Float32Array[]> => {
        const grads = tf.tidy(() => [...model.gradients(source, batch.x, batch.targets, { training: true, updateStatistics: false, seed: step }).grads]);
        const values = await Promise.all(grads.map((g) => g.data() as Promise<Float32Array>));
        tf.dispose(grads);
        return values;
      };
      steps.push({ derived: await read('derived'), autodiff: await read('autodiff') });
      await trainStep(model, optimizer, config, batch, step);
      disposeBatch(batch);
    }
    return { keys: model.params.map((p) => p.key), steps };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}

describe.skipIf(skipped !== undefined)('the webgpu backend', () => {
  beforeAll(() => assertBuilt());

  it('is used when asked for, and the run prints and records its adapter', async () => {
    const runs = tempDir();
    const r = await runCli(['train', 'mlp', '--data', data, '--epochs', '1', '--batch', '16', '--hidden', '8', '--backend', 'webgpu', '--runs-dir', runs]);
    expect(r.code, r.stderr).toBe(0);
    const { vendor, architecture, device, driver } = adapter as Exclude<typeof adapter, string>;
    expect(r.stdout).toMatch(/^backend: webgpu \(@tensorflow\/tfjs-backend-webgpu on Dawn\): /);
    expect(r.stdout.split('\n')[0]).toContain(`${device}, driver ${driver}`);
    const logFile = /^results: (.+)$/m.exec(r.stdout)![1]!;
    const start = JSON.parse(readFileSync(logFile, 'utf8').split('\n')[0]!) as RunStart;
    expect(start.backend).toBe('webgpu');
    expect(start.adapter).toMatchObject({ vendor, architecture, device, driver });
  });

  it('keeps one Dawn instance however often the backend is chosen again (a second one let the first be collected: a segfault)', async () => {
    await selectBackend('webgpu');
    const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
    expect(gpu).toBeDefined();
    await selectBackend('cpu');
    await selectBackend('webgpu');
    expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBe(gpu);
  });

  it.each([
    ['MLP with batch norm and dropout', configFor('mlp', { data, hidden: [12, 10], batchNorm: true, dropout: 0.25, batch: 8, optimizer: 'adam', lr: 0.01 })],
    ['CNN', configFor('cnn', { data, channels: [3], hidden: [6], batch: 4 })],
  ])('gives the cpu backend\'s gradients at every step (%s)', async (_, config) => {
    const cpu = await run('cpu', config);
    const gpu = await run('webgpu', config);
    expect(gpu.keys).toEqual(cpu.keys);
    expect(gpu.keys.length).toBeGreaterThanOrEqual(config.model === 'mlp' ? 7 : 6);
    for (let step = 0; step < STEPS; step++) {
      for (const source of ['derived', 'autodiff'] as const) {
        cpu.keys.forEach((key, k) => {
          const [expected, actual] = [cpu.steps[step]![source][k]!, gpu.steps[step]![source][k]!];
          expect(Math.max(...expected.map(Math.abs)), `${key} is not all zeros`).toBeGreaterThan(0);
          expect(relativeError(actual, expected), `step ${step} ${source} d${key}`).toBeLessThan(FLOAT32_RTOL);
        });
      }
    }
  });
});
