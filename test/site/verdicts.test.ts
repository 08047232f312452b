// The page's verdicts are the CLI's: the check the page's worker runs, given
// each built-in's and each fixture's text, returns the very report that
// `deltagrad verify --json` prints for the same file at the same seed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/site/check.js';
import { formatOfFile } from '../../src/site/format-names.js';
import { DEFAULT_RUNS } from '../../src/verify/verify.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

const SEED = 11;

/** Every built-in and every fixture, as paths relative to the repository. */
function targets(): string[] {
  const filesIn = (dir: string, recursive: boolean): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (recursive ? filesIn(join(dir, e.name), true) : []) : formatOfFile(e.name) !== undefined ? [join(dir, e.name)] : [],
    );
  return [...filesIn('derivations', false), ...filesIn(join('test', 'fixtures'), true)].sort();
}

beforeAll(assertBuilt);

describe("the page's verdicts", () => {
  it('equal verify --json for every built-in and fixture at the same seed', { timeout: 300_000 }, async () => {
    const files = targets();
    expect(files.length).toBeGreaterThan(70);
    const cli = await runCli(['verify', '--json', '--seed', String(SEED), ...files]);
    const expected = (JSON.parse(cli.stdout) as { derivations: unknown[] }).derivations;
    expect(expected).toHaveLength(files.length);
    const kinds = { verified: 0, wrong: 0, malformed: 0 };
    for (const [k, file] of files.entries()) {
      const result = await check({ format: formatOfFile(file)!, text: readFileSync(join(ROOT, file), 'utf8'), file, view: 'verify', seed: SEED, runs: DEFAULT_RUNS });
      // Through JSON as the CLI's went: an infinite error prints as null in both.
      expect(JSON.parse(JSON.stringify(result.report)), file).toEqual(expected[k]);
      const r = result.report!;
      const kind = r.error !== null ? 'malformed' : r.ok ? 'verified' : 'wrong';
      expect(result.verdict, file).toBe(kind);
      kinds[kind]++;
      // The editor's underline is where the CLI's message says.
      if (r.error !== null) expect(`${file}:${result.problem?.line}:${result.problem?.col}: ${result.problem?.message}`).toBe(r.error);
    }
    // All three verdicts were compared, not one kind only.
    expect(Math.min(kinds.verified, kinds.wrong, kinds.malformed), JSON.stringify(kinds)).toBeGreaterThan(3);
  });
});
