// End to end: the built bin (node bin/deltagrad.js), its exit codes and what
// it prints. Bad input prints one file:line:col line and never a stack trace.
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinNames } from '../../src/derivation/builtins.js';
import { assertBuilt, runCli, stackLines, type CliResult } from '../helpers/cli.js';
import { expectationOf, fixtureFiles } from '../helpers/fixtures.js';

const LOCATION_LINE = /^[^:\s][^:]*:\d+:\d+: /;
/** Lines of the output that are a file:line:col error (the human output indents them under the derivation). */
const locationLines = (r: CliResult): string[] => `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).filter((l) => LOCATION_LINE.test(l));

beforeAll(assertBuilt);

describe.concurrent('deltagrad verify', () => {
  it('verify linear-backward exits 0 and fits on one screen', async () => {
    const r = await runCli(['verify', 'linear-backward', '--seed', '1']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThan(25);
    expect(lines[0]).toMatch(/^✓ linear-backward\b/);
    // One line per gradient, each verified.
    for (const wrt of ['W', 'b', 'X']) expect(r.stdout).toMatch(new RegExp(`^\\s+d${wrt}\\s+✓ 100 cases`, 'm'));
    expect(stackLines(r.stdout + r.stderr)).toEqual([]);
  });

  it('verify --all --json prints one JSON document with ok: true and one entry per built-in', async () => {
    const r = await runCli(['verify', '--all', '--json', '--runs', '10', '--seed', '3']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; derivations: { name: string; ok: boolean; error: string | null; gradients: { wrt: string; ok: boolean; failedStep: unknown }[] }[] };
    expect(doc.ok).toBe(true);
    expect(doc.derivations.map((d) => d.name).sort()).toEqual(builtinNames());
    for (const d of doc.derivations) {
      expect(d.ok, d.name).toBe(true);
      expect(d.error).toBeNull();
      for (const g of d.gradients) expect(g).toMatchObject({ ok: true, failedStep: null });
    }
  });

  it('a wrong derivation exits 1, names the wrong step and its claim, and --seed replays it', async () => {
    const file = 'test/fixtures/wrong/wrong-sign.yaml';
    const args = ['verify', 'relu-backward', file, '--runs', '50', '--seed', '7'];
    const [r, again] = await Promise.all([runCli(args), runCli(args)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✓ relu-backward\b/m);
    expect(r.stdout).toMatch(/^✗ wrong-sign\b/m);
    // failedStep 1 (0-based) is printed as "step 2", with the claim and where it is.
    expect(r.stdout).toMatch(/dX\s+✗ step 2 is wrong: differs at dX\[/);
    expect(r.stdout).toContain(`dX[i,j] = T[i,j] / (S * X[i,j])   (${file}:12:9)`);
    expect(r.stdout).toContain('counterexample');
    expect(r.stdout).toContain('replay with --seed 7');
    expect(r.stdout).toMatch(/1 verified, 1 wrong \(2 derivations, [\d.]+ s\)/);
    // The same seed gives the same report, counterexample included (only the time differs).
    const body = (x: CliResult) => x.stdout.replace(/, [\d.]+ s\)/, ')');
    expect(again.code).toBe(1);
    expect(body(again)).toBe(body(r));
  });

  it.each(fixtureFiles('malformed'))('%s exits 2 with one file:line:col line and no stack trace', async (file) => {
    const expected = expectationOf(file);
    if (!('error' in expected)) throw new Error(`${file}: expected an error header`);
    const r = await runCli(['verify', file, '--seed', '1']);
    expect(r.code).toBe(2);
    const located = locationLines(r);
    expect(located).toHaveLength(1);
    expect(located[0]!.startsWith(`${file}:${expected.error.line}:${expected.error.col}: `)).toBe(true);
    expect(located[0]).toContain(expected.error.message);
    expect(stackLines(r.stdout + r.stderr)).toEqual([]);
    expect(r.stdout).toMatch(/1 malformed/);
  });

  it('a file that does not exist and an unknown built-in name: exit 2, one located line each', async () => {
    const r = await runCli(['verify', 'test/fixtures/no-such-file.yaml', 'no-such-derivation']);
    expect(r.code).toBe(2);
    const located = locationLines(r);
    expect(located).toHaveLength(2);
    expect(located[0]).toBe('test/fixtures/no-such-file.yaml:1:1: no such file');
    expect(located[1]).toMatch(/^no-such-derivation:1:1: no built-in derivation named no-such-derivation/);
    expect(stackLines(r.stdout + r.stderr)).toEqual([]);
  });

  it('several files with one malformed: --json reports all of them, exit 2', async () => {
    const files = ['linear-backward', 'test/fixtures/wrong/wrong-sign.yaml', 'test/fixtures/malformed/rank-mismatch.yaml'];
    const r = await runCli(['verify', ...files, '--json', '--runs', '30', '--seed', '1']);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as {
      ok: boolean;
      derivations: { name: string; ok: boolean; error: string | null; gradients: { wrt: string; ok: boolean; failedStep: unknown; counterexample: { seed: number } | null }[] }[];
    };
    expect(doc.ok).toBe(false);
    expect(doc.derivations.map((d) => [d.name, d.ok, d.error === null])).toEqual([
      ['linear-backward', true, true],
      ['wrong-sign', false, true],
      ['rank-mismatch', false, false],
    ]);
    expect(doc.derivations[2]!.error).toMatch(/^test\/fixtures\/malformed\/rank-mismatch\.yaml:10:36: X has rank 2/);
    expect(doc.derivations[2]!.gradients).toEqual([]);
    expect(doc.derivations[1]!.gradients).toMatchObject([{ wrt: 'X', ok: false, failedStep: 1, counterexample: { seed: 1 } }]);
  });
});

describe.concurrent('misuse and help', () => {
  it.each([
    [['verify', '--bogus', 'linear-backward'], /unknown option '--bogus'/],
    [['verify'], /nothing to verify/],
    [['verify', '--all', 'linear-backward'], /either --all or targets/],
    [['verify', 'linear-backward', '--runs', '0'], /--runs must be a positive integer/],
  ])('%j exits 2 with a usage error on stderr', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(stackLines(r.stderr)).toEqual([]);
  });

  it('verify --help exits 0 and explains the tolerances and the exit codes', async () => {
    const r = await runCli(['verify', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--rtol');
    expect(r.stdout).toContain('--atol');
    expect(r.stdout).toMatch(/Exit codes: 0 all verified, 1 some derivation is wrong, 2 malformed input or misuse/);
  });

  it('--help exits 0 and lists the commands', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+verify\b/m);
    expect(r.stdout).toMatch(/^\s+list\b/m);
  });

  it('list --json names every built-in with its title', async () => {
    const r = await runCli(['list', '--json']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as { name: string; title: string }[];
    expect(entries.map((e) => e.name)).toEqual(builtinNames());
    for (const e of entries) expect(e.title).not.toMatch(/^\(malformed/);
  });
});
