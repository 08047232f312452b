// A training run's state between two steps, as one object: where it is
// (epoch, batch, step) and its running totals. A checkpoint saves it beside
// the variables and the optimiser's state, and --resume restores it. The data
// order and each step's random seed are functions of the seed and the
// position, so restoring the position restores them too.
import type { Position } from './checkpoint.js';

/** Training loss and accuracy of the batches since the last evaluation. */
export interface Window {
  readonly lossSum: number;
  readonly batches: number;
  readonly correct: number;
  readonly seen: number;
}

/** The running totals a checkpoint carries besides the position. */
export interface Progress {
  readonly logFile: string;
  /** The log's length when the checkpoint was saved: a resumed run drops anything logged after it. */
  readonly logBytes?: number;
  readonly trainSeconds: number;
  readonly samples: number;
  readonly elapsedSeconds: number;
  readonly gradCheckMaxRelErr: number | null;
  readonly window: Window;
}

/** The state as a checkpoint stores it. */
export interface SavedState {
  readonly position: Position;
  readonly progress: Progress;
}

/** What one optimiser step did. */
export interface StepResult {
  readonly loss: number;
  readonly correct: number;
  readonly samples: number;
  readonly seconds: number;
}

const EMPTY_WINDOW: Window = { lossSum: 0, batches: 0, correct: 0, seen: 0 };

export class RunState {
  /** performance.now() at the run's start, as if it had never stopped (a resumed run's earlier time included). */
  private readonly startedAt: number;

  private constructor(
    private position: Position,
    private progress: Progress,
    private readonly stepsPerEpoch: number,
  ) {
    this.startedAt = performance.now() - progress.elapsedSeconds * 1000;
  }

  static start(logFile: string, stepsPerEpoch: number): RunState {
    const progress: Progress = { logFile, trainSeconds: 0, samples: 0, elapsedSeconds: 0, gradCheckMaxRelErr: null, window: EMPTY_WINDOW };
    return new RunState({ epoch: 0, batch: 0, step: 0 }, progress, stepsPerEpoch);
  }

  static resume(saved: SavedState, stepsPerEpoch: number): RunState {
    return new RunState(saved.position, saved.progress, stepsPerEpoch);
  }

  /** The next step to take: its epoch, its batch in that epoch, and its number in the run. */
  get at(): Position {
    return this.position;
  }

  get samples(): number {
    return this.progress.samples;
  }

  get trainSeconds(): number {
    return this.progress.trainSeconds;
  }

  get gradCheckMaxRelErr(): number | null {
    return this.progress.gradCheckMaxRelErr;
  }

  /** Seconds since the run started, a resumed run's earlier time included. */
  elapsed(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  /** Counts a step taken and moves to the next, the first batch of the next epoch after an epoch's last. */
  stepTaken(r: StepResult): void {
    const w = this.progress.window;
    const window = { lossSum: w.lossSum + r.loss, batches: w.batches + 1, correct: w.correct + r.correct, seen: w.seen + r.samples };
    this.progress = { ...this.progress, trainSeconds: this.progress.trainSeconds + r.seconds, samples: this.progress.samples + r.samples, window };
    const { epoch, batch, step } = this.position;
    this.position = batch + 1 === this.stepsPerEpoch ? { epoch: epoch + 1, batch: 0, step: step + 1 } : { epoch, batch: batch + 1, step: step + 1 };
  }

  gradChecked(maxRelErr: number): void {
    this.progress = { ...this.progress, gradCheckMaxRelErr: Math.max(this.progress.gradCheckMaxRelErr ?? 0, maxRelErr) };
  }

  /** The training figures since the last evaluation; the next window starts empty. */
  takeWindow(): Window {
    const { window } = this.progress;
    this.progress = { ...this.progress, window: EMPTY_WINDOW };
    return window;
  }

  /** What a checkpoint saves now, with the log's length. */
  saved(logBytes: number): SavedState {
    return { position: this.position, progress: { ...this.progress, logBytes, elapsedSeconds: this.elapsed() } };
  }
}
