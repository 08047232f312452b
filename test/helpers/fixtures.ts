// Fixture files and their `# expect:` header lines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export type Expectation =
  | { readonly ok: true }
  | { readonly ok: false; readonly failedStep: number | 'result' | 'matrix'; readonly reason?: string }
  /** A malformed file: the error's line, column and a piece of its message. */
  | { readonly error: { readonly line: number; readonly col: number; readonly message: string } };

/**
 * Reads the `# expect: ...` comment of a fixture:
 *   # expect: ok
 *   # expect: failedStep 1 | result | matrix [, reason TEXT]
 *   # expect: error LINE:COL TEXT
 */
export function expectationOf(file: string): Expectation {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('# expect:'));
  if (line === undefined) throw new Error(`${file} has no "# expect:" line`);
  const body = line.slice('# expect:'.length).trim();
  if (body === 'ok') return { ok: true };
  const failed = /^failedStep (\d+|result|matrix)(?:, reason (.+))?$/.exec(body);
  if (failed) {
    const step = /^\d+$/.test(failed[1]!) ? Number(failed[1]) : (failed[1] as 'result' | 'matrix');
    return failed[2] === undefined ? { ok: false, failedStep: step } : { ok: false, failedStep: step, reason: failed[2] };
  }
  const error = /^error (\d+):(\d+) (.+)$/.exec(body);
  if (error) return { error: { line: Number(error[1]), col: Number(error[2]), message: error[3]! } };
  throw new Error(`${file}: cannot read the expectation "${body}"`);
}

/** The .yaml files of a fixture folder, as paths relative to the repository root. */
export function fixtureFiles(folder: string): string[] {
  return readdirSync(join(FIXTURES, folder))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join('test', 'fixtures', folder, f));
}
