// What a checkpoint file must hold before --resume trusts it: a run's
// configuration within the ranges the command line accepts, a position and
// totals that are counts, and tensors whose bytes fit their shapes and hold
// finite numbers. The file comes from disk and may have been edited or cut.
import { z } from 'zod';
import { ACTIVATION_NAMES, BACKENDS, GRADIENT_SOURCES, INITS, MODELS, OPTIMIZERS } from './choices.js';

const count = z.number().int().nonnegative();
const positiveInt = z.number().int().positive();
const finite = z.number().finite();

const configSchema = z.strictObject({
  model: z.enum(MODELS),
  data: z.string().min(1),
  epochs: positiveInt,
  batch: positiveInt,
  lr: finite.positive(),
  optimizer: z.enum(OPTIMIZERS),
  init: z.enum(INITS),
  hidden: z.array(positiveInt),
  channels: z.array(positiveInt),
  activation: z.enum(ACTIVATION_NAMES),
  batchNorm: z.boolean(),
  dropout: finite.min(0).lt(1),
  weightDecay: finite.nonnegative(),
  seed: count,
  gradients: z.enum(GRADIENT_SOURCES),
  checkGrads: count,
  evalEvery: count,
  backend: z.enum(BACKENDS).optional(),
  derivations: z.string().optional(),
  continueOnDivergence: z.boolean().optional(),
});

const progressSchema = z.strictObject({
  logFile: z.string().min(1),
  logBytes: count.optional(),
  trainSeconds: finite.nonnegative(),
  samples: count,
  elapsedSeconds: finite.nonnegative(),
  gradCheckMaxRelErr: finite.nonnegative().nullable(),
  window: z.strictObject({ lossSum: z.number(), batches: count, correct: count, seen: count }),
});

const BYTES = { float32: 4, int32: 4 } as const;

const tensorFields = { shape: z.array(count), dtype: z.enum(['float32', 'int32']), data: z.base64() };

function checkBytes(t: { shape: number[]; dtype: keyof typeof BYTES; data: string }, ctx: z.RefinementCtx): void {
  const bytes = Buffer.from(t.data, 'base64');
  const expected = t.shape.reduce((a, b) => a * b, 1) * BYTES[t.dtype];
  if (bytes.byteLength !== expected) {
    ctx.addIssue({ code: 'custom', message: `holds ${bytes.byteLength} bytes, its shape [${t.shape.join(', ')}] needs ${expected}` });
  } else if (t.dtype === 'float32' && !new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).every(Number.isFinite)) {
    ctx.addIssue({ code: 'custom', message: 'holds NaN or infinite values' });
  }
}

export const checkpointSchema = z.strictObject({
  format: z.literal('deltagrad-checkpoint/1'),
  runId: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be a run id (letters, digits, ".", "_", "-")'),
  config: configSchema,
  position: z.strictObject({ epoch: count, batch: count, step: count }),
  progress: progressSchema,
  variables: z.record(z.string(), z.strictObject(tensorFields).superRefine(checkBytes)),
  optimizer: z.array(z.strictObject({ ...tensorFields, name: z.string() }).superRefine(checkBytes)),
});

/** The first problem with a checkpoint, as "field.path: message". */
export function checkpointProblem(value: unknown): string | undefined {
  const parsed = checkpointSchema.safeParse(value);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  return `${path === '' ? 'the file' : path}: ${issue.message}`;
}
