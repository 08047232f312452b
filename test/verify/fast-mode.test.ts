// verify's fast mode (one random projection per case, steps with diff(...)
// skipped) and fixed sizes: wrong claims are still rejected at the same step,
// and the built-ins pass at sizes where full mode would be slow.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinsDir } from '../../src/derivation/builtins.js';
import { verifyTarget, type VerifyOptions } from '../../src/verify/verify.js';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { expectationOf, fixtureFiles, ROOT } from '../helpers/fixtures.js';

const builtin = (name: string): string => join(builtinsDir(), `${name}.yaml`);
const sizes = (record: Record<string, number>): ReadonlyMap<string, number> => new Map(Object.entries(record));

describe('verify --mode fast', () => {
  it.each(fixtureFiles('wrong'))('rejects %s at the step its header names', async (file) => {
    const expected = expectationOf(join(ROOT, file));
    const report = await verifyTarget(join(ROOT, file), { runs: 100, seed: 1, mode: 'fast' });
    expect(report.error).toBeNull();
    expect(report.ok).toBe(false);
    const failed = report.gradients.find((g) => !g.ok)!;
    expect(failed.mode).toBe('fast');
    expect('failedStep' in expected && failed.failedStep).toBe('failedStep' in expected && expected.failedStep);
    if ('reason' in expected && expected.reason !== undefined) expect(failed.reason).toContain(expected.reason);
  });

  it.each([
    ['linear-backward', { S: 24, M: 40, N: 16 }],
    ['relu-backward', { S: 32, M: 64 }],
    ['softmax-cross-entropy-backward', { S: 16, C: 100 }],
    ['batchnorm-backward', { S: 32, M: 24 }],
    ['maxpool-backward', { B: 2, C: 3, P: 6, Q: 6 }],
  ])('verifies %s at fixed sizes %j', async (name, fixed) => {
    const report = await verifyTarget(builtin(name), { runs: 3, seed: 2, mode: 'fast', sizes: sizes(fixed) });
    expect(report.error).toBeNull();
    for (const g of report.gradients) expect({ wrt: g.wrt, ok: g.ok, reason: g.reason, mode: g.mode }).toEqual({ wrt: g.wrt, ok: true, reason: null, mode: 'fast' });
  });

  it('rejects a wrong claim at production-like sizes and names the entry', async () => {
    const report = await verifyTarget(join(ROOT, 'test/fixtures/wrong/wrong-sign.yaml'), { runs: 1, seed: 3, mode: 'fast', sizes: sizes({ S: 64, C: 64 }) });
    const failed = report.gradients.find((g) => !g.ok)!;
    expect(failed.failedStep).toBe(1);
    expect(failed.reason).toMatch(/^differs at dX\[\d+,\d+\]: claimed .*, finite differences give /);
    expect(failed.counterexample!.sizes).toEqual({ S: 64, C: 64 });
    expect(failed.counterexample!.shrinks).toBe(0);
  });

  it('skips steps with diff(...) in fast mode only, and says so', async () => {
    const fast = await verifyTarget(builtin('linear-backward'), { runs: 5, seed: 4, mode: 'fast' });
    const full = await verifyTarget(builtin('linear-backward'), { runs: 5, seed: 4, mode: 'full' });
    for (const g of fast.gradients) expect(g.skipped).toEqual([{ label: 0, reason: 'diff(...) needs the full Jacobian table; not computed in fast mode' }]);
    for (const g of full.gradients) expect(g.skipped).toEqual([]);
  });

  it('auto is fast exactly where the input has more than 2,000 entries', async () => {
    const report = await verifyTarget(builtin('linear-backward'), { runs: 1, seed: 5, mode: 'auto', sizes: sizes({ S: 60, M: 35, N: 2 }) });
    const modes = Object.fromEntries(report.gradients.map((g) => [g.wrt, g.mode]));
    expect(modes).toEqual({ W: 'full', b: 'full', X: 'fast' }); // W: 70 entries, b: 2, X: 2,100
  });

  it('rejects sizes for a dimension the derivation does not have', async () => {
    const options: VerifyOptions = { runs: 1, seed: 1, sizes: sizes({ S: 4, Q: 3 }) };
    const report = await verifyTarget(builtin('linear-backward'), options);
    expect(report.error).toMatch(/linear-backward\.yaml:1:1: sizes: Q is not a dimension of linear-backward \(its dimensions: S, M, N\)$/);
  });
});

describe('the CLI', () => {
  it('verifies linear-backward at S=256, M=784, N=128 in fast mode, one case per gradient', async () => {
    assertBuilt();
    const r = await runCli(['verify', 'linear-backward', '--sizes', 'S=256,M=784,N=128', '--mode', 'fast', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; derivations: { gradients: { wrt: string; cases: number; mode: string; skipped: unknown[] }[] }[] };
    expect(doc.ok).toBe(true);
    expect(doc.derivations[0]!.gradients.map((g) => [g.wrt, g.cases, g.mode, g.skipped.length])).toEqual([
      ['W', 1, 'fast', 1],
      ['b', 1, 'fast', 1],
      ['X', 1, 'fast', 1],
    ]);
  });

  it('prints the mode, the skipped steps, and large counterexample tensors by their shape', async () => {
    assertBuilt();
    const ok = await runCli(['verify', 'linear-backward', '--mode', 'fast', '--runs', '5', '--seed', '1']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('dW  ✓ 5 cases (fast mode: random projections), max rel err');
    expect(ok.stdout).toContain('step 1 skipped: diff(...) needs the full Jacobian table; not computed in fast mode');
    const wrong = await runCli(['verify', 'test/fixtures/wrong/wrong-sign.yaml', '--mode', 'fast', '--sizes', 'S=64,C=64', '--seed', '1']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/dX {2}✗ step 2 is wrong \(fast mode\): differs at dX\[\d+,\d+\]/);
    expect(wrong.stdout).toMatch(/ {10}X = 64x64 tensor \[[-\d., ]+\.\.\.\] \(4,096 entries; --json prints them all\)/);
  });

  it.each([
    [['--sizes', 'S=0'], /--sizes expects NAME=SIZE pairs such as S=256,M=784 \(sizes at least 1\), got "S=0"/],
    [['--sizes', 'S256'], /--sizes expects NAME=SIZE pairs/],
    [['--mode', 'slow'], /argument 'slow' is invalid. Allowed choices are full, fast, auto/],
  ])('rejects %j with exit 2 and one line', async (args, message) => {
    assertBuilt();
    const r = await runCli(['verify', 'linear-backward', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
