// `deltagrad audit tfjs`: every subject of the catalogue (or those whose
// kernels or op match a pattern) on the selected backend, one after another
// in a worker thread; each is a result whatever happens inside tfjs.
import type { BackendName } from '../engine/choices.js';
import { CATALOGUE } from './catalogue.js';
import type { Coverage } from './coverage.js';
import type { RunOptions, SubjectResult } from './run.js';
import { SubjectRunner } from './runner.js';

export interface AuditReport {
  readonly tfjsVersion: string;
  readonly backend: string;
  readonly seed: number;
  readonly ok: boolean;
  readonly subjects: readonly SubjectResult[];
  readonly coverage: Coverage;
}

/** Positions in the catalogue of the subjects whose op or kernels match. */
export function selectSubjects(pattern: RegExp | undefined): number[] {
  return CATALOGUE.flatMap((s, i) => (pattern === undefined || pattern.test(s.op) || s.kernels.some((k) => pattern.test(k)) ? [i] : []));
}

export async function runAudit(
  backend: BackendName | undefined,
  indices: readonly number[],
  options: RunOptions,
  progress: (done: number, current: string) => void = () => {},
): Promise<AuditReport> {
  const runner = new SubjectRunner(backend, options);
  const results: SubjectResult[] = [];
  try {
    const { backend: name, tfjsVersion, coverage } = await runner.start();
    for (const index of indices) {
      progress(results.length, CATALOGUE[index]!.op);
      results.push(await runner.run(index));
    }
    progress(results.length, '');
    return { tfjsVersion, backend: name, seed: options.seed, ok: results.every((r) => r.verdict === 'ok'), subjects: results, coverage };
  } finally {
    await runner.stop();
  }
}
