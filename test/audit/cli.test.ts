// `deltagrad audit tfjs` as a user runs it: the table and its exit code, the
// JSON, the saved audit, and misuse in one line with exit 2.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, stackLines } from '../helpers/cli.js';

beforeAll(() => assertBuilt());

describe('deltagrad audit tfjs', () => {
  it('prints the table, a reproducer per failure, the coverage, and exits 1 when a subject is not ok', async () => {
    const output = join(await mkdtemp(join(tmpdir(), 'deltagrad-audit-')), 'audit.json');
    const r = await runCli(['audit', 'tfjs', '--backend', 'cpu', '--ops', '^(Relu|MirrorPad)$', '--seed', '1', '--runs', '6', '-o', output]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('tfjs 4.22.0 on cpu, seed 1');
    expect(lines[2]).toMatch(/^kernel +subject +verdict +worst rel err +time$/);
    expect(lines.filter((l) => /^Relu +.* +ok +/.test(l))).toHaveLength(2);
    expect(lines.filter((l) => /^MirrorPad +x => tf.mirrorPad\(.*\) +wrong +/.test(l))).toHaveLength(2);
    expect(r.stdout).toContain("✗ MirrorPad: x => tf.mirrorPad(x, [[1, 1]], 'reflect'): wrong\n  input 0: tfjs's gradient is wrong at");
    expect(r.stdout).toMatch(/\n101 gradients registered; every one covered\n2 of 4 subjects ok, 2 not\n$/);
    const saved = JSON.parse(await readFile(output, 'utf8'));
    expect(saved.subjects.map((s: { verdict: string }) => s.verdict)).toEqual(['ok', 'wrong', 'wrong', 'ok']);
  }, 120_000);

  it('prints JSON with --json, and exits 0 when every subject is ok', async () => {
    const output = join(await mkdtemp(join(tmpdir(), 'deltagrad-audit-')), 'audit.json');
    const r = await runCli(['audit', 'tfjs', '--backend', 'cpu', '--ops', '^Sigmoid$', '--seed', '2', '--runs', '4', '--json', '-o', output]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ tfjsVersion: '4.22.0', backend: 'cpu', seed: 2, ok: true });
    expect(report.subjects[0]).toMatchObject({ kernels: ['Sigmoid'], op: 'x => tf.sigmoid(x)', backend: 'cpu', verdict: 'ok', reproducer: null, seed: 2, cases: 4 });
  }, 120_000);

  it.each([
    [['audit', 'torch'], /^error: command-argument value 'torch' is invalid for argument 'framework'\. Allowed choices are tfjs\./],
    [['audit', 'tfjs', '--ops', '('], /^error: option '--ops <pattern>' argument '\(' is invalid\. --ops must be a regular expression/],
    [['audit', 'tfjs', '--ops', 'NoSuchKernel'], /^error: --ops \/NoSuchKernel\/ matches no subject\n/],
    [['audit', 'tfjs', '--runs', '0'], /^error: option '--runs <n>' argument '0' is invalid\. --runs must be an integer >= 1/],
  ])('refuses %j with exit 2 and no stack trace', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(stackLines(r.stderr)).toEqual([]);
  });
});
