// The training loop on small synthetic MNIST-format data, on the cpu backend:
// flat memory, exact resumption from a checkpoint, atomic checkpoints, and
// --check-grads passing on the built-in derivations and failing on a wrong one.
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveCheckpoint, readCheckpoint } from '../../src/engine/checkpoint.js';
import { configFor, type TrainConfig } from '../../src/engine/config.js';
import { makeParam } from '../../src/engine/layers/layer.js';
import type { RunRecord } from '../../src/engine/run-log.js';
import { checkpointConfig, train, type TrainOutcome, type TrainSummary } from '../../src/engine/train.js';
import { builtinsDir } from '../../src/derivation/builtins.js';
import { tempDir, writeMnistIdx } from './synthetic.js';

// Made at once, not in beforeAll: the tables of it.each below are built when the file loads.
const data = writeMnistIdx(tempDir(), { train: 64, test: 24, side: 8 });

const mlp = (options: Partial<TrainConfig>): TrainConfig => configFor('mlp', { data, backend: 'cpu', hidden: [12], epochs: 1, batch: 8, ...options });
const completed = (outcome: TrainOutcome): TrainSummary => {
  if (outcome.status !== 'completed') return expect.fail(`run ended ${outcome.status}`);
  return outcome.summary;
};
const records = (file: string): RunRecord[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunRecord);

describe('training', () => {
  it.each([
    ['mlp, derived', mlp({ batch: 2, batchNorm: true, dropout: 0.2, optimizer: 'adam' })],
    ['mlp, autodiff', mlp({ batch: 2, batchNorm: true, dropout: 0.2, optimizer: 'momentum', gradients: 'autodiff' })],
    ['cnn, derived', configFor('cnn', { data, backend: 'cpu', channels: [3], hidden: [6], epochs: 1, batch: 4, weightDecay: 1e-3 })],
  ])('keeps the number of tensors flat over hundreds of steps (%s)', async (_, config) => {
    const counts: number[] = [];
    const outcome = await train({ ...config, epochs: config.model === 'cnn' ? 10 : 8 }, { runsDir: tempDir(), observer: { step: () => counts.push(tf.memory().numTensors) } });
    completed(outcome);
    expect(counts.length).toBeGreaterThanOrEqual(160);
    // The optimiser creates its state at the first step; from then on nothing may accumulate.
    expect(new Set(counts.slice(1))).toEqual(new Set([counts[1]]));
  });

  // 8 steps an epoch: stopped within the second epoch, and after the first epoch's last step (its evaluation done, the next epoch's first batch next).
  it.each([
    [11, { epoch: 1, batch: 3, step: 11 }],
    [8, { epoch: 1, batch: 0, step: 8 }],
  ])('resumes from a checkpoint exactly where a run interrupted after step %i stopped', async (stopAt, position) => {
    // Momentum, not Adam: tfjs's Adam recomputes beta^t on restore instead of keeping its running product, off in the last bit.
    const config = mlp({ epochs: 2, batchNorm: true, optimizer: 'momentum', lr: 0.05, evalEvery: 5 });
    const straight = completed(await train(config, { runsDir: tempDir() }));

    const runsDir = tempDir();
    const controller = new AbortController();
    const stopped = await train(config, { runsDir, signal: controller.signal, observer: { step: (s) => s === stopAt && controller.abort() } });
    if (stopped.status !== 'interrupted') return expect.fail(`run ended ${stopped.status}`);
    expect(stopped.step).toBe(stopAt);
    expect(readCheckpoint(stopped.checkpoint).position).toEqual(position);

    const resumed = completed(await train(checkpointConfig(stopped.checkpoint), { resume: stopped.checkpoint }));
    const same = ({ runId: _r, logFile: _l, samplesPerSecond: _s, ...rest }: TrainSummary) => rest;
    expect(same(resumed)).toEqual(same(straight));
    expect(existsSync(stopped.checkpoint)).toBe(false);
    const evals = (file: string) => records(file).filter((r) => r.type === 'eval').map(({ time: _t, ...r }: RunRecord & { time?: number }) => r);
    expect(evals(resumed.logFile)).toEqual(evals(straight.logFile));
    expect(records(resumed.logFile).map((r) => r.type)).toEqual(['start', 'eval', 'eval', 'eval', 'eval', 'eval', 'end']);
  });

  it('never truncates a checkpoint: a write that fails leaves the previous one whole', async () => {
    const dir = tempDir();
    const file = join(dir, 'run.ckpt.json');
    const params = [makeParam('w', tf.ones([3]))];
    const optimizer = tf.train.sgd(0.1);
    const meta = (step: number) => ({ runId: 'r', config: {}, position: { epoch: 0, batch: step, step }, progress: {} });
    await saveCheckpoint(file, meta(1), params, optimizer);
    mkdirSync(join(dir, `.run.ckpt.json.${process.pid}.tmp`)); // the temporary name is taken: writing it fails
    await expect(saveCheckpoint(file, meta(2), params, optimizer)).rejects.toThrow(/EEXIST/);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { position: { step: number } }).position.step).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([`.run.ckpt.json.${process.pid}.tmp`, 'run.ckpt.json']);
  });
});

describe('--check-grads', () => {
  it.each([
    ['an mlp with batch norm, dropout and tanh', mlp({ hidden: [10, 8], batchNorm: true, dropout: 0.3, activation: 'tanh', checkGrads: 3 })],
    ['a cnn', configFor('cnn', { data, backend: 'cpu', channels: [3, 4], hidden: [6], epochs: 1, batch: 8, checkGrads: 4 })],
  ])('finds every derived gradient of %s within 1e-4 of tf.grad', async (_, config) => {
    const summary = completed(await train(config, { runsDir: tempDir() }));
    expect(summary.gradCheckMaxRelErr).toBeGreaterThan(0);
    expect(summary.gradCheckMaxRelErr).toBeLessThan(1e-4);
    const checks = records(summary.logFile).filter((r) => r.type === 'gradcheck');
    expect(checks.map((c) => c.step)).toEqual(config.model === 'mlp' ? [0, 3, 6] : [0, 4]);
  });

  it('stops at step 0 when a derivation is wrong, naming the parameter', async () => {
    const derivations = tempDir();
    const text = readFileSync(join(builtinsDir(), 'linear-backward.yaml'), 'utf8');
    expect(text).toContain("matrix: dW = dY' * X");
    writeFileSync(join(derivations, 'linear-backward.yaml'), text.replace("matrix: dW = dY' * X", "matrix: dW = 2 * dY' * X"));
    const outcome = await train(mlp({ derivations, checkGrads: 10 }), { runsDir: tempDir() });
    if (outcome.status !== 'gradcheck-failed') return expect.fail(`run ended ${outcome.status}`);
    expect(outcome.step).toBe(0);
    expect(outcome.check.maxRelErr).toBeCloseTo(1, 5);
    expect(outcome.check.worst).toMatch(/^\d+\.W'$/);
    expect(outcome.check.perParameter['0.b']).toBeLessThan(1e-4);
  });
});
