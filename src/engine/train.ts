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
import { applyCheckpoint, checkPosition, readCheckpoint, saveCheckpoint } from './checkpoint.js';
import type { TrainConfig } from './config.js';
import { loadDataset } from './data/load.js';
import type { Dataset } from './data/dataset.js';
import { DerivationLibrary } from './derived.js';
import { evaluate, type Accuracy } from './evaluate.js';
import { checkGradients, GRAD_CHECK_TOLERANCE, type GradCheck } from './grad-check.js';
import type { Model } from './model.js';
import { makeOptimizer } from './optimizers.js';
import { epochOrder } from './random.js';
import { RUNS_DIR, type RunEnd, type RunEval, type RunGradCheck, type RunStart } from './run-log.js';
import { newRunId, RunWriter } from './run-writer.js';
import { RunState, type Progress } from './run-state.js';

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

/** The configuration saved in a checkpoint, to resume with. */
export const checkpointConfig = (file: string): TrainConfig => readCheckpoint<TrainConfig, Progress>(file).config;

/** What stays fixed for a whole run; what changes from step to step is in `state`. */
interface Run {
  readonly runId: string;
  readonly config: TrainConfig;
  readonly options: TrainOptions;
  readonly data: Dataset;
  readonly model: Model;
  readonly optimizer: tf.Optimizer;
  readonly trainSet: Batches;
  readonly testSet: Batches;
  readonly writer: RunWriter;
  readonly checkpointFile: string;
  readonly stepsPerEpoch: number;
  readonly state: RunState;
}

export async function train(config: TrainConfig, options: TrainOptions = {}): Promise<TrainOutcome> {
  const backend = await selectBackend(config.backend);
  const data = loadDataset(config.data);
  const classes = data.classNames.length;
  const model = await buildModel(config, data.shape, classes, new DerivationLibrary(config.derivations));
  const optimizer = makeOptimizer(config.optimizer, config.lr);
  const [trainSet, testSet] = [new Batches(data.train, model.inputShape, classes), new Batches(data.test, model.inputShape, classes)];
  try {
    const run = await openRun({ config, options, data, model, optimizer, trainSet, testSet });
    const totalSteps = run.stepsPerEpoch * config.epochs;
    if (options.resume === undefined) {
      run.writer.write({ type: 'start', runId: run.runId, model: config.model, backend: backend.name, ...(backend.adapter && { adapter: backend.adapter }), gradients: config.gradients, config: { ...config }, ...(options.sweep && { sweep: options.sweep }), startedAt: new Date().toISOString() });
    }
    options.observer?.start?.({ runId: run.runId, backend, model: `${model.kind}: ${model.description}`, gradients: config.gradients, derivations: model.derivations, data: data.name, trainCount: data.train.count, testCount: data.test.count, totalSteps, fromStep: run.state.at.step });
    const stopped = await trainEpochs(run, totalSteps);
    if (stopped.outcome !== undefined) return stopped.outcome;
    const summary = await finish(run, stopped.last);
    return { status: 'completed', summary: { ...summary, runId: run.runId, backend: backend.name, model: config.model, gradients: config.gradients, steps: run.state.at.step, logFile: run.writer.file } };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}

/** A new run, or the one a checkpoint saved: its variables, optimiser state and run state restored, its log cut back to where the checkpoint was. */
async function openRun(parts: Omit<Run, 'runId' | 'writer' | 'checkpointFile' | 'stepsPerEpoch' | 'state'>): Promise<Run> {
  const { config, options, data, model, optimizer } = parts;
  const stepsPerEpoch = Math.ceil(data.train.count / config.batch);
  const runsDir = options.runsDir ?? RUNS_DIR;
  if (options.resume === undefined) {
    const runId = newRunId(config.model, config.gradients, options.sweep && `${options.sweep.parameter}-${options.sweep.value}`);
    const writer = new RunWriter(runsDir, runId);
    return { ...parts, runId, writer, checkpointFile: join(runsDir, `${runId}.ckpt.json`), stepsPerEpoch, state: RunState.start(writer.file, stepsPerEpoch) };
  }
  const saved = readCheckpoint<TrainConfig, Progress>(options.resume);
  await applyCheckpoint(options.resume, saved, [...model.params, ...model.state], optimizer);
  const writer = new RunWriter(runsDir, saved.runId, saved.progress.logFile);
  if (saved.progress.logBytes !== undefined) writer.truncateTo(saved.progress.logBytes);
  checkPosition(options.resume, saved.position, stepsPerEpoch, config.epochs);
  return { ...parts, runId: saved.runId, writer, checkpointFile: options.resume, stepsPerEpoch, state: RunState.resume(saved, stepsPerEpoch) };
}

/** Trains from the state's position to the last epoch's end, or until a gradient check fails, the loss diverges or the run is stopped. */
async function trainEpochs(run: Run, totalSteps: number): Promise<{ readonly outcome?: TrainOutcome; readonly last?: Evaluation }> {
  const { config, options, state, writer } = run;
  let last: Evaluation | undefined;
  while (state.at.epoch < config.epochs) {
    const order = epochOrder(run.data.train.count, config.seed, state.at.epoch);
    do {
      const { batch, step } = state.at;
      const indices = order.subarray(batch * config.batch, (batch + 1) * config.batch);
      const seed = config.seed * 1_000_003 + step;
      if (config.checkGrads > 0 && step % config.checkGrads === 0) {
        const check = await withBatch(run.trainSet, indices, (b) => checkGradients(run.model, b.x, b.targets, seed));
        const record: RunGradCheck = { type: 'gradcheck', step, perParameter: check.perParameter, maxRelErr: check.maxRelErr };
        writer.write(record);
        options.observer?.gradCheck?.(record, check.worst);
        state.gradChecked(check.maxRelErr);
        if (!(check.maxRelErr <= GRAD_CHECK_TOLERANCE)) return { outcome: { status: 'gradcheck-failed', step, check, logFile: writer.file } };
      }
      const t0 = performance.now();
      const [loss, correct] = await withBatch(run.trainSet, indices, (b) => trainStep(run.model, run.optimizer, config, b, seed));
      if (!Number.isFinite(loss) && !config.continueOnDivergence) {
        writer.write({ type: 'diverged', step, loss });
        return { outcome: { status: 'diverged', step, loss, checkpoint: existsSync(run.checkpointFile) ? run.checkpointFile : null, logFile: writer.file } };
      }
      state.stepTaken({ loss, correct, samples: indices.length, seconds: (performance.now() - t0) / 1000 });
      options.observer?.step?.(state.at.step, totalSteps, loss);
      // Evaluated at every epoch's end, and every evalEvery steps within one.
      if (state.at.batch === 0 || (config.evalEvery > 0 && state.at.step % config.evalEvery === 0)) {
        last = await evaluateNow(run);
        await checkpoint(run);
      }
      // Let a pending Ctrl-C (and the progress bar's timer) run between steps.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) {
        await checkpoint(run);
        return { outcome: { status: 'interrupted', step: state.at.step, checkpoint: run.checkpointFile, logFile: writer.file } };
      }
    } while (state.at.batch !== 0);
  }
  return { last };
}

/** An evaluation's record and the test accuracy it measured (per class too). */
interface Evaluation {
  readonly record: RunEval;
  readonly test: Accuracy;
}

async function evaluateNow(run: Run): Promise<Evaluation> {
  const test = await evaluate(run.model, run.testSet, run.data.classNames.length);
  const w = run.state.takeWindow();
  const { step } = run.state.at;
  const record: RunEval = { type: 'eval', step, epoch: step / run.stepsPerEpoch, loss: w.lossSum / w.batches, trainAccuracy: w.correct / w.seen, testAccuracy: test.accuracy, time: run.state.elapsed() };
  run.writer.write(record);
  run.options.observer?.evaluated?.(record);
  return { record, test };
}

function checkpoint(run: Run): Promise<void> {
  const { position, progress } = run.state.saved(run.writer.bytes());
  return saveCheckpoint(run.checkpointFile, { runId: run.runId, config: run.config, position, progress }, [...run.model.params, ...run.model.state], run.optimizer);
}

/** The end record, logged; the checkpoint is no longer needed. */
async function finish(run: Run, last: Evaluation | undefined): Promise<Omit<RunEnd, 'type'>> {
  const classes = run.data.classNames.length;
  const test = last?.test ?? (await evaluate(run.model, run.testSet, classes));
  const end: RunEnd = {
    type: 'end',
    epochs: run.config.epochs,
    loss: last?.record.loss ?? NaN,
    trainAccuracy: (await evaluate(run.model, run.trainSet, classes)).accuracy,
    testAccuracy: test.accuracy,
    samplesPerSecond: run.state.samples / run.state.trainSeconds,
    gradCheckMaxRelErr: run.state.gradCheckMaxRelErr,
    perClassAccuracy: test.perClass,
    classNames: run.data.classNames,
  };
  run.writer.write(end);
  rmSync(run.checkpointFile, { force: true });
  const { type: _, ...rest } = end;
  return rest;
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
