// Checkpoints: everything a run needs to continue exactly where it stopped
// (variables, optimiser state, position, running totals), as one JSON file
// written to a temporary name and renamed over the old one, so that a crash
// or Ctrl-C in mid-write leaves the previous checkpoint whole.
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-write.js';
import { checkpointProblem } from './checkpoint-schema.js';
import type { Param } from './layers/layer.js';

const FORMAT = 'deltagrad-checkpoint/1';

interface StoredTensor {
  readonly shape: number[];
  /** The optimisers' iteration counts are int32; everything else float32. */
  readonly dtype: 'float32' | 'int32';
  /** The values, little-endian, base64. */
  readonly data: string;
}

export interface Position {
  readonly epoch: number;
  /** The next batch of that epoch. */
  readonly batch: number;
  readonly step: number;
}

export interface Checkpoint<C, P> {
  readonly runId: string;
  readonly config: C;
  readonly position: Position;
  /** The run's running totals (time, samples, metrics since the last evaluation). */
  readonly progress: P;
  readonly variables: Readonly<Record<string, StoredTensor>>;
  readonly optimizer: readonly (StoredTensor & { readonly name: string })[];
}

/** A checkpoint file that is missing, unreadable or does not fit the model: bad input, exit 2. */
export class CheckpointError extends Error {}

const store = async (t: tf.Tensor): Promise<StoredTensor> => {
  const values = (await t.data()) as Float32Array | Int32Array;
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
  return { shape: [...t.shape], dtype, data: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64') };
};

const restore = ({ shape, dtype, data }: StoredTensor): tf.Tensor => {
  const bytes = Buffer.from(data, 'base64');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.tensor(dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer), shape, dtype);
};

export async function saveCheckpoint<C, P>(
  file: string,
  meta: Pick<Checkpoint<C, P>, 'runId' | 'config' | 'position' | 'progress'>,
  variables: readonly Param[],
  optimizer: tf.Optimizer,
): Promise<void> {
  const state = await optimizer.getWeights();
  const checkpoint: Checkpoint<C, P> & { format: string } = {
    format: FORMAT,
    ...meta,
    variables: Object.fromEntries(await Promise.all(variables.map(async (p) => [p.key, await store(p.variable)]))),
    optimizer: await Promise.all(state.map(async ({ name, tensor }) => ({ name, ...(await store(tensor)) }))),
  };
  // getWeights makes a fresh scalar of the iteration count; the rest are the optimiser's own variables.
  for (const { tensor } of state) if (!(tensor instanceof tf.Variable)) tensor.dispose();
  await writeFileAtomic(file, JSON.stringify(checkpoint));
}

export function readCheckpoint<C, P>(file: string): Checkpoint<C, P> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CheckpointError(`${file}: ${code === 'ENOENT' ? 'no such checkpoint' : `not a readable checkpoint (${(err as Error).message})`}`);
  }
  if ((parsed as { format?: unknown })?.format !== FORMAT) throw new CheckpointError(`${file}: not a deltagrad checkpoint (${FORMAT})`);
  const problem = checkpointProblem(parsed);
  if (problem !== undefined) throw new CheckpointError(`${file}: not a valid checkpoint: ${problem}`);
  return parsed as Checkpoint<C, P>;
}

/** A position must be a step of this run: a batch of one of its epochs, counted consistently. */
export function checkPosition(file: string, p: Position, stepsPerEpoch: number, epochs: number): void {
  if (p.batch < stepsPerEpoch && (p.epoch < epochs || (p.epoch === epochs && p.batch === 0)) && p.step === p.epoch * stepsPerEpoch + p.batch) return;
  throw new CheckpointError(`${file}: position (epoch ${p.epoch}, batch ${p.batch}, step ${p.step}) is not a step of this run (${epochs} epochs of ${stepsPerEpoch} batches)`);
}

/** Puts the stored values into the model's variables and the optimiser. */
export async function applyCheckpoint(file: string, checkpoint: Checkpoint<unknown, unknown>, variables: readonly Param[], optimizer: tf.Optimizer): Promise<void> {
  for (const p of variables) {
    const stored = checkpoint.variables[p.key];
    if (stored === undefined || stored.shape.join() !== p.variable.shape.join()) {
      throw new CheckpointError(`${file}: variable ${p.key} is missing or has another shape than the model's [${p.variable.shape.join(', ')}]`);
    }
    const value = restore(stored);
    p.variable.assign(value);
    value.dispose();
  }
  const state = checkpoint.optimizer.map((t) => ({ name: t.name, tensor: restore(t) }));
  await optimizer.setWeights(state);
  for (const { tensor } of state) tensor.dispose(); // the optimiser made variables of its own
}
