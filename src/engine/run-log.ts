// The format of training results: one JSON object per line in
// reports/runs/<run-id>.jsonl, written by `deltagrad train` and `sweep`, read by
// `deltagrad report`. Append-only, so a crash loses at most the line being written.
// Numbers that JSON cannot hold (a diverged loss) are written as the strings
// "NaN", "Infinity" and "-Infinity".
// The schema is the one definition: the types are inferred from it, the engine
// writes them and the report validates every line it reads against it.
import { z } from 'zod';

/** A number, or one that JSON cannot hold written as a string (a diverged loss: "NaN", "Infinity"). */
const num = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']).transform(Number)]);

const runStart = z.object({
  type: z.literal('start'),
  runId: z.string(),
  /** 'mlp' | 'cnn'. */
  model: z.string(),
  /** The tfjs backend in use: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu'. */
  backend: z.string(),
  /** On webgpu, the device that ran it: vendor, architecture, device, driver, and whether it is a CPU presenting itself as a GPU. */
  adapter: z.object({ vendor: z.string(), architecture: z.string(), device: z.string(), driver: z.string(), software: z.boolean() }).optional(),
  /** 'derived' (the verified closed forms) or 'autodiff' (tf.grad). */
  gradients: z.enum(['derived', 'autodiff']),
  /** Every option of the run (epochs, batch, lr, optimizer, init, hidden, seed, data, ...). */
  config: z.record(z.string(), z.unknown()),
  /** The sweep this run belongs to, if any: its name and the value swept. */
  sweep: z.object({ name: z.string(), parameter: z.string(), value: z.union([z.string(), num]) }).optional(),
  startedAt: z.string(),
});

const runEval = z.object({
  type: z.literal('eval'),
  step: num,
  epoch: num,
  loss: num,
  trainAccuracy: num,
  testAccuracy: num,
  /** Seconds since the start of training. */
  time: num,
});

const runGradCheck = z.object({
  type: z.literal('gradcheck'),
  step: num,
  /** Worst relative error of the derived gradient against tf.grad, per parameter. */
  perParameter: z.record(z.string(), num),
  maxRelErr: num,
});

const runEnd = z.object({
  type: z.literal('end'),
  epochs: num,
  loss: num,
  trainAccuracy: num,
  testAccuracy: num,
  samplesPerSecond: num,
  gradCheckMaxRelErr: num.nullable(),
  /** Test accuracy per class, index = class label. */
  perClassAccuracy: z.array(num).readonly(),
  classNames: z.array(z.string()).readonly(),
});

/** The loss became NaN or infinite at this step and the run stopped (JSON writes such numbers as strings: "NaN", "Infinity"). */
const runDiverged = z.object({ type: z.literal('diverged'), step: num, loss: num });

export const runRecordSchema = z.discriminatedUnion('type', [runStart, runEval, runGradCheck, runDiverged, runEnd]);

export type RunStart = Readonly<z.infer<typeof runStart>>;
export type RunEval = Readonly<z.infer<typeof runEval>>;
export type RunGradCheck = Readonly<z.infer<typeof runGradCheck>>;
export type RunDiverged = Readonly<z.infer<typeof runDiverged>>;
export type RunEnd = Readonly<z.infer<typeof runEnd>>;
export type RunRecord = RunStart | RunEval | RunGradCheck | RunDiverged | RunEnd;

export const RUNS_DIR = 'reports/runs';
