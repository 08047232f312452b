// The format of training results: one JSON object per line in
// reports/runs/<run-id>.jsonl, written by `deltagrad train` and `sweep`, read by
// `deltagrad report`. Append-only, so a crash loses at most the line being written.
// Numbers that JSON cannot hold (a diverged loss) are written as the strings
// "NaN", "Infinity" and "-Infinity".
import type { Adapter } from './backend/webgpu.js';

export interface RunStart {
  readonly type: 'start';
  readonly runId: string;
  /** 'mlp' | 'cnn'. */
  readonly model: string;
  /** The tfjs backend in use: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu'. */
  readonly backend: string;
  /** On webgpu, the device that ran it: vendor, architecture, device, driver. */
  readonly adapter?: Adapter;
  /** 'derived' (the verified closed forms) or 'autodiff' (tf.grad). */
  readonly gradients: 'derived' | 'autodiff';
  /** Every option of the run (epochs, batch, lr, optimizer, init, hidden, seed, data, ...). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The sweep this run belongs to, if any: its name and the value swept. */
  readonly sweep?: { readonly name: string; readonly parameter: string; readonly value: string | number };
  readonly startedAt: string;
}

export interface RunEval {
  readonly type: 'eval';
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  /** Seconds since the start of training. */
  readonly time: number;
}

export interface RunGradCheck {
  readonly type: 'gradcheck';
  readonly step: number;
  /** Worst relative error of the derived gradient against tf.grad, per parameter. */
  readonly perParameter: Readonly<Record<string, number>>;
  readonly maxRelErr: number;
}

export interface RunEnd {
  readonly type: 'end';
  readonly epochs: number;
  readonly loss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly samplesPerSecond: number;
  readonly gradCheckMaxRelErr: number | null;
  /** Test accuracy per class, index = class label. */
  readonly perClassAccuracy: readonly number[];
  readonly classNames: readonly string[];
}

/** The loss became NaN or infinite at this step and the run stopped (JSON writes such numbers as strings: "NaN", "Infinity"). */
export interface RunDiverged {
  readonly type: 'diverged';
  readonly step: number;
  readonly loss: number;
}

export type RunRecord = RunStart | RunEval | RunGradCheck | RunDiverged | RunEnd;

export const RUNS_DIR = 'reports/runs';
