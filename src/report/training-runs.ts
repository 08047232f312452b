// Reads the training results (reports/runs/*.jsonl, their schema in
// engine/run-log.ts). Every line is validated: the files come from another
// program and may end in a half-written line after a crash, which is skipped.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runRecordSchema, type RunDiverged, type RunEnd, type RunEval, type RunGradCheck, type RunRecord, type RunStart } from '../engine/run-log.js';

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
      const parsed = runRecordSchema.safeParse(parseJson(line));
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
