// Appends the records of one run to reports/runs/<run-id>.jsonl (run-log.ts),
// one line per record, synchronously: a crash loses at most the line being written.
import { appendFileSync, existsSync, mkdirSync, statSync, truncateSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunRecord } from './run-log.js';

export class RunWriter {
  readonly file: string;

  /** `file` continues an existing log (a resumed run). The path is absolute, so that a checkpoint finds it from anywhere. */
  constructor(dir: string, runId: string, file?: string) {
    mkdirSync(dir, { recursive: true });
    this.file = file ?? resolve(dir, `${runId}.jsonl`);
  }

  write(record: RunRecord): void {
    appendFileSync(this.file, `${JSON.stringify(record, nonFiniteAsString)}\n`);
  }

  /** The log's length in bytes, which a checkpoint keeps. */
  bytes(): number {
    return existsSync(this.file) ? statSync(this.file).size : 0;
  }

  /** Drops what was logged after a checkpoint (a run killed after it logged more), so a resumed run does not repeat records. */
  truncateTo(bytes: number): void {
    if (this.bytes() > bytes) truncateSync(this.file, bytes);
  }
}

function nonFiniteAsString(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

/** A run id that sorts by start time: 20260601-101530-123-mlp-derived. */
export function newRunId(model: string, gradients: string, tag?: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').replace('Z', '');
  return [stamp, tag, model, gradients].filter((p) => p !== undefined).join('-');
}
