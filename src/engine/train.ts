// The training loop: seeded mini-batches, a tf.train optimiser applied to the
// derived (or autodiff) gradients, evaluation at every epoch end (and every N
// steps), the JSONL record of the run, checkpoints, --resume, --check-grads and
// a clean stop on an abort signal (Ctrl-C).
import * as tf from '@tensorflow/tfjs';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel } from './architectures.js';
import { selectBackend, type Backend } from './backend/select.js';
import { Batches, disposeBatch, type Batch } from './batches.js';
import { applyCheckpoint, checkPosition, readCheckpoint, saveCheckpoint, type Position } from './checkpoint.js';
import type { TrainConfig } from './config.js';
import { loadDataset } from './data/load.js';
import { DerivationLibrary } from './derived.js';
import { evaluate, type Accuracy } from './evaluate.js';
import { checkGradients, GRAD_CHECK_TOLERANCE, type GradCheck } from './grad-check.js';
import type { Model } from './model.js';
import { makeOptimizer } from './optimizers.js';
import { epochOrder } from './random.js';
import { RUNS_DIR, type RunEnd, type RunEval, type RunGradCheck, type RunStart } from './run-log.js';
import { newRunId, RunWriter } from './run-writer.js';

export interface StartInfo {
  readonly runId: string;
  readonly backend: Backend;
  readonly model: string;
  readonly gradients: TrainConfig['gradients'];
  readonly derivations: readonly string[];
  readonly data: string;
  readonly trainCount: number;
  readonly testCount: number;
  readonly totalSteps: number;
  /** The step a resumed run continues from (0 for a new run). */
  readonly fromStep: number;
}

/** Callbacks for whoever shows the run (the CLI's lines and progress bar). */
export interface TrainObserver {
  start?(info: StartInfo): void;
  step?(step: number, totalSteps: number, loss: number): void;
  evaluated?(record: RunEval): void;
  gradCheck?(record: RunGradCheck, worst: string): void;
}

export interface TrainOptions {
  /** Where the run's JSONL goes (default reports/runs). */
  readonly runsDir?: string;
  /** Continue the run saved in this checkpoint; its configuration wins. */
  readonly resume?: string;
  /** Stops the run cleanly after the current step, saving a checkpoint. */
  readonly signal?: AbortSignal;
  readonly observer?: TrainObserver;
  readonly sweep?: RunStart['sweep'];
}

export interface TrainSummary extends Omit<RunEnd, 'type'> {
  readonly runId: string;
  readonly backend: string;
  readonly model: string;
  readonly gradients: TrainConfig['gradients'];
  readonly steps: number;
  readonly logFile: string;
}

export type TrainOutcome =
  | { readonly status: 'completed'; readonly summary: TrainSummary }
  | { readonly status: 'interrupted'; readonly step: number; readonly checkpoint: string; readonly logFile: string }
  | { readonly status: 'gradcheck-failed'; readonly step: number; readonly check: GradCheck; readonly logFile: string }
  /** The loss became NaN or infinite; the last checkpoint (if one was saved before) is kept as it was. */
  | { readonly status: 'diverged'; readonly step: number; readonly loss: number; readonly checkpoint: string | null; readonly logFile: string };

/** What a checkpoint carries besides variables: the totals that make a resumed run continue seamlessly. */
interface Progress {
  readonly logFile: string;
  /** The log's length when the checkpoint was saved: a resumed run drops anything logged after it. */
  logBytes?: number;
  trainSeconds: number;
  samples: number;
  elapsedSeconds: number;
  gradCheckMaxRelErr: number | null;
  /** Training loss and accuracy of the batches since the last evaluation. */
  window: { lossSum: number; batches: number; correct: number; seen: number };
}

const emptyWindow = (): Progress['window'] => ({ lossSum: 0, batches: 0, correct: 0, seen: 0 });

/** The configuration saved in a checkpoint, to resume with. */
export const checkpointConfig = (file: string): TrainConfig => readCheckpoint<TrainConfig, Progress>(file).config;

export async function train(config: TrainConfig, options: TrainOptions = {}): Promise<TrainOutcome> {
  const backend = await selectBackend(config.backend);
  const data = loadDataset(config.data);
  const classes = data.classNames.length;
  const model = await buildModel(config, data.shape, classes, new DerivationLibrary(config.derivations));
  const optimizer = makeOptimizer(config.optimizer, config.lr);
  const [trainSet, testSet] = [new Batches(data.train, model.inputShape, classes), new Batches(data.test, model.inputShape, classes)];
  try {
    const saved = options.resume === undefined ? undefined : readCheckpoint<TrainConfig, Progress>(options.resume);
    if (saved !== undefined) await applyCheckpoint(options.resume!, saved, [...model.params, ...model.state], optimizer);
    const runId = saved?.runId ?? newRunId(config.model, config.gradients, options.sweep && `${options.sweep.parameter}-${options.sweep.value}`);
    const runsDir = options.runsDir ?? RUNS_DIR;
    const writer = new RunWriter(runsDir, runId, saved?.progress.logFile);
    if (saved?.progress.logBytes !== undefined) writer.truncateTo(saved.progress.logBytes);
    const progress: Progress = saved?.progress ?? { logFile: writer.file, trainSeconds: 0, samples: 0, elapsedSeconds: 0, gradCheckMaxRelErr: null, window: emptyWindow() };
    const checkpointFile = options.resume ?? join(runsDir, `${runId}.ckpt.json`);
    let { epoch, batch, step } = saved?.position ?? { epoch: 0, batch: 0, step: 0 };

    const stepsPerEpoch = Math.ceil(data.train.count / config.batch);
    const totalSteps = stepsPerEpoch * config.epochs;
    if (saved !== undefined) checkPosition(options.resume!, saved.position, stepsPerEpoch, config.epochs);
    if (saved === undefined) {
      writer.write({ type: 'start', runId, model: config.model, backend: backend.name, ...(backend.adapter && { adapter: backend.adapter }), gradients: config.gradients, config: { ...config }, ...(options.sweep && { sweep: options.sweep }), startedAt: new Date().toISOString() });
    }
    options.observer?.start?.({ runId, backend, model: `${model.kind}: ${model.description}`, gradients: config.gradients, derivations: model.derivations, data: data.name, trainCount: data.train.count, testCount: data.test.count, totalSteps, fromStep: step });

    const started = performance.now() - progress.elapsedSeconds * 1000;
    const elapsed = (): number => (performance.now() - started) / 1000;
    let lastTest: Accuracy | undefined;
    const evaluateNow = async (): Promise<RunEval> => {
      lastTest = await evaluate(model, testSet, classes);
      const w = progress.window;
      const record: RunEval = { type: 'eval', step, epoch: step / stepsPerEpoch, loss: w.lossSum / w.batches, trainAccuracy: w.correct / w.seen, testAccuracy: lastTest.accuracy, time: elapsed() };
      progress.window = emptyWindow();
      writer.write(record);
      options.observer?.evaluated?.(record);
      return record;
    };
    const checkpoint = (position: Position): Promise<void> => {
      progress.elapsedSeconds = elapsed();
      progress.logBytes = writer.bytes();
      return saveCheckpoint(checkpointFile, { runId, config, position, progress }, [...model.params, ...model.state], optimizer);
    };

    let last: RunEval | undefined;
    for (; epoch < config.epochs; epoch++, batch = 0) {
      const order = epochOrder(data.train.count, config.seed, epoch);
      for (; batch < stepsPerEpoch; batch++) {
        const indices = order.subarray(batch * config.batch, (batch + 1) * config.batch);
        const seed = config.seed * 1_000_003 + step;
        if (config.checkGrads > 0 && step % config.checkGrads === 0) {
          const check = await withBatch(trainSet, indices, (b) => checkGradients(model, b.x, b.targets, seed));
          const record: RunGradCheck = { type: 'gradcheck', step, perParameter: check.perParameter, maxRelErr: check.maxRelErr };
          writer.write(record);
          options.observer?.gradCheck?.(record, check.worst);
          progress.gradCheckMaxRelErr = Math.max(progress.gradCheckMaxRelErr ?? 0, check.maxRelErr);
          if (!(check.maxRelErr <= GRAD_CHECK_TOLERANCE)) return { status: 'gradcheck-failed', step, check, logFile: writer.file };
        }
        const t0 = performance.now();
        const [loss, correct] = await withBatch(trainSet, indices, (b) => trainStep(model, optimizer, config, b, seed));
        if (!Number.isFinite(loss) && !config.continueOnDivergence) {
          writer.write({ type: 'diverged', step, loss });
          return { status: 'diverged', step, loss, checkpoint: existsSync(checkpointFile) ? checkpointFile : null, logFile: writer.file };
        }
        progress.trainSeconds += (performance.now() - t0) / 1000;
        progress.samples += indices.length;
        const w = progress.window;
        [w.lossSum, w.batches, w.correct, w.seen] = [w.lossSum + loss, w.batches + 1, w.correct + correct, w.seen + indices.length];
        step++;
        options.observer?.step?.(step, totalSteps, loss);
        if (config.evalEvery > 0 && step % config.evalEvery === 0 && batch + 1 < stepsPerEpoch) {
          last = await evaluateNow();
          await checkpoint({ epoch, batch: batch + 1, step });
        }
        // Let a pending Ctrl-C (and the progress bar's timer) run between steps.
        await new Promise((resolve) => setImmediate(resolve));
        if (options.signal?.aborted) {
          await checkpoint({ epoch, batch: batch + 1, step });
          return { status: 'interrupted', step, checkpoint: checkpointFile, logFile: writer.file };
        }
      }
      last = await evaluateNow();
      await checkpoint({ epoch: epoch + 1, batch: 0, step });
    }

    lastTest ??= await evaluate(model, testSet, classes);
    const end: RunEnd = {
      type: 'end',
      epochs: config.epochs,
      loss: last?.loss ?? NaN,
      trainAccuracy: (await evaluate(model, trainSet, classes)).accuracy,
      testAccuracy: lastTest.accuracy,
      samplesPerSecond: progress.samples / progress.trainSeconds,
      gradCheckMaxRelErr: progress.gradCheckMaxRelErr,
      perClassAccuracy: lastTest.perClass,
      classNames: data.classNames,
    };
    writer.write(end);
    rmSync(checkpointFile, { force: true });
    const { type: _, ...rest } = end;
    return { status: 'completed', summary: { ...rest, runId, backend: backend.name, model: config.model, gradients: config.gradients, steps: step, logFile: writer.file } };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}

async function withBatch<T>(split: Batches, indices: Int32Array, use: (b: Batch) => Promise<T>): Promise<T> {
  const batch = split.batch(indices);
  try {
    return await use(batch);
  } finally {
    disposeBatch(batch);
  }
}

/** One optimiser step; returns the batch's loss and how many of it the model classified right. */
export async function trainStep(model: Model, optimizer: tf.Optimizer, config: TrainConfig, batch: Batch, seed: number): Promise<[number, number]> {
  const both = tf.tidy(() => {
    const r = model.gradients(config.gradients, batch.x, batch.targets, { training: true, updateStatistics: true, seed });
    const grads = model.params.map((p, k) => (config.weightDecay > 0 && p.decay ? tf.add(r.grads[k]!, tf.mul(p.variable, config.weightDecay)) : r.grads[k]!));
    optimizer.applyGradients(Object.fromEntries(model.params.map((p, k) => [p.variable.name, grads[k]!])));
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(r.logits, 1), batch.labels), 'float32'));
    // One read for both: on a GPU every read waits for the queue to drain.
    return tf.stack([r.loss, correct]);
  });
  try {
    const [loss, correct] = await both.data();
    return [loss!, correct!];
  } finally {
    both.dispose();
  }
}
