import { configFor, type TrainConfig } from '../engine/config.js';
import { checkpointConfig, train, type StartInfo, type TrainOutcome } from '../engine/train.js';
import { EXIT, invocation, misuse } from './common.js';
import { ignoredOption } from './training-conflicts.js';
import { consoleObserver, formatSummary } from './train-format.js';
import type { TrainCliOptions } from './commands/train.js';
import type { TrainingCliOptions } from './commands/training-options.js';
import { runGuarded } from './training-errors.js';

export async function runTrain(model: string | undefined, opts: TrainCliOptions): Promise<number> {
  if (model !== undefined && model !== 'mlp' && model !== 'cnn') return misuse('train', `model must be mlp or cnn, not ${model}`);
  if (model === undefined && opts.resume === undefined) return misuse('train', 'give a model (mlp or cnn), or --resume with a checkpoint');
  const ignored = ignoredOption(model, opts);
  if (ignored !== undefined) return misuse('train', ignored);
  const observer = consoleObserver({ quiet: opts.json === true });
  let backend: StartInfo['backend'] | undefined;
  return runGuarded(async (signal) => {
    const config = opts.resume !== undefined ? resumedConfig(checkpointConfig(opts.resume), opts) : configFor(model as 'mlp' | 'cnn', fromCli(opts));
    if (model !== undefined && model !== config.model) return misuse('train', `the checkpoint is of a ${config.model}, not a ${model}`);
    const outcome = await train(config, {
      runsDir: opts.runsDir,
      resume: opts.resume,
      signal,
      observer: { ...observer, start: (info) => ((backend = info.backend), observer.start?.(info)) },
    });
    observer.stop();
    return report(outcome, config, backend?.name ?? '', opts.json === true);
  }, () => observer.stop());
}

/** The engine's configuration from the command line: options not given keep the model's defaults. */
export function fromCli(opts: TrainingCliOptions): Partial<TrainConfig> {
  const { json: _json, runsDir: _runsDir, ...config } = opts;
  return config;
}

/** A resumed run keeps its own configuration; only the backend, and whether to train on past a divergence, may change. */
const resumedConfig = (saved: TrainConfig, { backend, continueOnDivergence }: TrainingCliOptions): TrainConfig => ({
  ...saved,
  ...(backend !== undefined && { backend }),
  ...(continueOnDivergence !== undefined && { continueOnDivergence }),
});

function report(outcome: TrainOutcome, config: TrainConfig, backend: string, json: boolean): number {
  const common = { backend, model: config.model, gradients: config.gradients };
  switch (outcome.status) {
    case 'completed':
      print(json, { status: 'completed', ...common, ...outcome.summary }, () => formatSummary(outcome.summary));
      return EXIT.ok;
    case 'gradcheck-failed': {
      const { check, step } = outcome;
      print(json, { status: 'gradcheck-failed', ...common, step, gradCheckMaxRelErr: check.maxRelErr, worstParameter: check.worst, perParameter: check.perParameter, logFile: outcome.logFile }, () =>
        `gradient check failed at step ${step}: ${check.worst} differs from tf.grad by ${check.maxRelErr.toExponential(2)} relative (tolerance 1e-4)\nresults: ${outcome.logFile}`);
      return EXIT.wrong;
    }
    case 'diverged': {
      const kept = outcome.checkpoint === null ? 'no checkpoint was saved before it' : `the last good checkpoint is ${outcome.checkpoint}`;
      print(json, { status: 'diverged', ...common, step: outcome.step, loss: String(outcome.loss), checkpoint: outcome.checkpoint, logFile: outcome.logFile }, () =>
        `training diverged: the loss is ${outcome.loss} at step ${outcome.step}; ${kept} (a smaller --lr may help; --continue-on-divergence trains on)\nresults: ${outcome.logFile}`);
      return EXIT.diverged;
    }
    case 'interrupted':
      print(json, { status: 'interrupted', ...common, step: outcome.step, checkpoint: outcome.checkpoint, logFile: outcome.logFile }, () =>
        `interrupted at step ${outcome.step}; continue with: ${invocation()} train --resume ${outcome.checkpoint}`);
      return EXIT.interrupted;
  }
}

function print(json: boolean, object: Record<string, unknown>, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(object)}\n` : `${text()}\n`);
}
