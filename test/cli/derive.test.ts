// `deltagrad derive` end to end (the built bin): the --forward/--shapes
// one-liner, the documented --json shape, whose result and matrix strings are
// claims that verify accepts, and a clear message, not a stack trace, for
// input the engine cannot differentiate.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyTarget } from '../../src/verify/verify.js';
import { assertBuilt, runCli, stackLines } from '../helpers/cli.js';

beforeAll(assertBuilt);

const LINEAR = ['--forward', 'Y[s,n] = sum(m, X[s,m]*W[n,m]) + b[n]', '--shapes', 'X:[S,M],W:[N,M],b:[N]'];

interface DeriveJson {
  name: string;
  gradients: { wrt: string; steps: { rule: string; expr: string }[]; result: string; matrix: string | null; latex: string }[];
}

describe.concurrent('deltagrad derive', () => {
  it('the one-liner with --json prints {name, gradients: [{wrt, steps: [{rule, expr}], result, matrix, latex}]}, and verify accepts its claims', async () => {
    const r = await runCli(['derive', ...LINEAR, '--wrt', 'W,b', '--json', '--seed', '1']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as DeriveJson;
    expect(doc.name).toBe('command-line');
    expect(doc.gradients.map((g) => g.wrt)).toEqual(['W', 'b']);
    for (const g of doc.gradients) {
      expect(g.steps.length).toBeGreaterThanOrEqual(3);
      for (const s of g.steps) expect(Object.keys(s).sort()).toEqual(['expr', 'rule']);
      expect(g.steps.at(-1)!.expr).toBe(g.result);
      expect(g.result).toMatch(new RegExp(`^d${g.wrt}\\[`));
      expect(g.matrix).toMatch(new RegExp(`^d${g.wrt} = `));
      expect(g.latex).toContain('\\frac{\\partial L}');
    }
    // The strings are claims: a file made of them verifies, steps, result and matrix form alike.
    const file = join(mkdtempSync(join(tmpdir(), 'deltagrad-derive-')), 'derived.yaml');
    const gradients = doc.gradients.map((g) => ({ wrt: g.wrt, steps: g.steps.map((s) => s.expr), result: g.result, matrix: g.matrix }));
    writeFileSync(file, JSON.stringify({ name: 'derived', title: 'derived', shapes: { X: ['S', 'M'], W: ['N', 'M'], b: ['N'] }, forward: [LINEAR[1]], gradients }));
    const report = await verifyTarget(file, { runs: 100, seed: 2 });
    expect(report.gradients.map((g) => [g.wrt, g.ok, g.symbolic])).toEqual([['W', true, 'equal'], ['b', true, 'equal']]);
  });

  it('derive NAME prints each gradient with its steps, result, matrix form and LaTeX', async () => {
    const r = await runCli(['derive', 'linear-backward', '--seed', '1']);
    expect(r.code).toBe(0);
    for (const wrt of ['W', 'b', 'X']) expect(r.stdout).toMatch(new RegExp(`^d${wrt}:\\n(  .*\\n)*  result  d${wrt}\\[.*✓ checked numerically\\n  matrix  d${wrt} = .*\\n  latex   `, 'm'));
    expect(r.stdout).toContain('delta-sift');
  });

  it('a forward line in matrix notation: not derived, with the reason, exit 1, no stack trace', async () => {
    const r = await runCli(['derive', '--forward', 'f = log(det(X))', '--shapes', 'X:[M,M]', '--wrt', 'X']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('dX: not derived: forward line f = log(det(X)) is in matrix notation\n');
    expect(stackLines(r.stdout + r.stderr)).toEqual([]);
  });

  it('misuse: neither a derivation nor --forward, or an unknown --wrt, exits 2', async () => {
    const none = await runCli(['derive']);
    const unknown = await runCli(['derive', ...LINEAR, '--wrt', 'Z']);
    expect([none.code, unknown.code]).toEqual([2, 2]);
    expect(unknown.stderr).toContain('--wrt Z: not an input of command-line (inputs: X, W, b)');
  });
});
