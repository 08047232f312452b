// Runs a sweep (sweep-values.ts): one full training run per value, each with
// its own JSONL tagged with the sweep's name, parameter and value.
import type { TrainConfig } from './config.js';
import { newRunId } from './run-writer.js';
import { sweepConfig, type SweepParameter, type SweepValue } from './sweep-values.js';
import { train, type TrainObserver, type TrainOutcome } from './train.js';

export interface SweepRun {
  readonly value: SweepValue;
  readonly outcome: TrainOutcome;
}

export interface SweepOptions {
  readonly runsDir?: string;
  readonly signal?: AbortSignal;
  readonly lrGiven: boolean;
  /** Called before each run, with an observer for it. */
  readonly observe?: (value: SweepValue, index: number, count: number) => TrainObserver | undefined;
}

/** Runs one training per value, in order; stops at the first run interrupted or failing its gradient check (a diverged run is a result: the sweep goes on). */
export async function runSweep(base: TrainConfig, parameter: SweepParameter, values: readonly SweepValue[], options: SweepOptions): Promise<{ name: string; runs: SweepRun[] }> {
  const name = newRunId(base.model, base.gradients, `sweep-${parameter}`);
  const runs: SweepRun[] = [];
  for (const [index, value] of values.entries()) {
    const outcome = await train(sweepConfig(base, parameter, value, options.lrGiven), {
      runsDir: options.runsDir,
      signal: options.signal,
      observer: options.observe?.(value, index, values.length),
      sweep: { name, parameter, value },
    });
    runs.push({ value, outcome });
    if (outcome.status === 'interrupted' || outcome.status === 'gradcheck-failed') break;
  }
  return { name, runs };
}
