// Reads the training results (reports/runs/*.jsonl, format in
// engine/run-log.ts). Every line is validated: the files come from another
// program and may end in a half-written line after a crash, which is skipped.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RunDiverged, RunEnd, RunEval, RunGradCheck, RunRecord, RunStart } from '../engine/run-log.js';

export interface TrainingRun {
  readonly file: string;
  readonly start: RunStart;
  readonly evals: readonly RunEval[];
  readonly gradchecks: readonly RunGradCheck[];
  /** Where the loss became NaN or infinite and the run stopped. */
  readonly diverged: RunDiverged | undefined;
  readonly end: RunEnd | undefined;
}

export interface TrainingResults {
  readonly runs: readonly TrainingRun[];
  /** What was left out and why, e.g. "a.jsonl:7: not a run record". */
  readonly skipped: readonly string[];
}

/** A number, or one that JSON cannot hold written as a string (a diverged loss: "NaN", "Infinity"). */
const num = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity']).transform(Number)]);
const recordSchema: z.ZodType<RunRecord> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    runId: z.string(),
    model: z.string(),
    backend: z.string(),
    gradients: z.enum(['derived', 'autodiff']),
    config: z.record(z.string(), z.unknown()),
    sweep: z.object({ name: z.string(), parameter: z.string(), value: z.union([z.string(), num]) }).optional(),
    startedAt: z.string(),
  }),
  z.object({ type: z.literal('eval'), step: num, epoch: num, loss: num, trainAccuracy: num, testAccuracy: num, time: num }),
  z.object({ type: z.literal('gradcheck'), step: num, perParameter: z.record(z.string(), num), maxRelErr: num }),
  z.object({ type: z.literal('diverged'), step: num, loss: num }),
  z.object({
    type: z.literal('end'),
    epochs: num,
    loss: num,
    trainAccuracy: num,
    testAccuracy: num,
    samplesPerSecond: num,
    gradCheckMaxRelErr: num.nullable(),
    perClassAccuracy: z.array(num),
    classNames: z.array(z.string()),
  }),
]);

export async function readTrainingRuns(dir: string): Promise<TrainingResults> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], skipped: [] };
    throw err;
  }
  const runs: TrainingRun[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const records: RunRecord[] = [];
    (await readFile(join(dir, file), 'utf8')).split('\n').forEach((line, k) => {
      if (line.trim() === '') return;
      const parsed = recordSchema.safeParse(parseJson(line));
      if (parsed.success) records.push(parsed.data);
      else skipped.push(`${file}:${k + 1}: not a run record`);
    });
    const start = records.find((r): r is RunStart => r.type === 'start');
    if (start === undefined) {
      skipped.push(`${file}: no start record`);
      continue;
    }
    runs.push({
      file,
      start,
      evals: records.filter((r): r is RunEval => r.type === 'eval'),
      gradchecks: records.filter((r): r is RunGradCheck => r.type === 'gradcheck'),
      diverged: records.find((r): r is RunDiverged => r.type === 'diverged'),
      end: records.find((r): r is RunEnd => r.type === 'end'),
    });
  }
  return { runs, skipped };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
