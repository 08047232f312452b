// verifyTarget on fixtures: wrong derivations fail at the step their header
// names, with a small counterexample that replays from its seed and that
// really fails; bad input (a NaN claim) is an InputError, not a verdict.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/notation/errors.js';
import { buildDerivation } from '../../src/derivation/derivation.js';
import { loadDerivationFile, parseDerivationText } from '../../src/derivation/load.js';
import { checkGradientAt, Instances, isUndefinedPoint, type Point } from '../../src/verify/point.js';
import { pointArbitrary } from '../../src/verify/property.js';
import { drawnUpstreams, verifyDerivation, verifyTarget, type GradientReport } from '../../src/verify/verify.js';
import { expectationOf, fixtureFiles } from '../helpers/fixtures.js';
import { locate } from '../helpers/errors.js';

const WRONG = fixtureFiles('wrong');
const NORMALISED = 'test/fixtures/softmax-ce-normalised-targets.yaml';
const flat = (nested: unknown): number[] => (Array.isArray(nested) ? nested.flatMap(flat) : [nested as number]);

/** The only failing gradient of a report. */
function failing(gradients: readonly GradientReport[]): GradientReport {
  const bad = gradients.filter((g) => !g.ok);
  expect(bad).toHaveLength(1);
  return bad[0]!;
}

describe('wrong derivations fail at the step their header names', () => {
  it('there are wrong fixtures, each with an expectation of failure', () => {
    expect(WRONG.length).toBeGreaterThanOrEqual(5);
    for (const f of WRONG) expect(expectationOf(f)).toHaveProperty('ok', false);
  });

  it.each(WRONG)('%s', async (file) => {
    const expected = expectationOf(file);
    if (!('failedStep' in expected)) throw new Error(`${file}: expected a failedStep header`);
    for (const seed of [1, 2, 3]) {
      const report = await verifyTarget(file, { runs: 100, seed });
      expect(report.error).toBeNull();
      expect(report.ok).toBe(false);
      const g = failing(report.gradients);
      expect(g.failedStep).toBe(expected.failedStep);
      if (expected.reason !== undefined) expect(g.reason).toContain(expected.reason);
      else expect(g.reason).toMatch(/^(differs at d\w+\[[\d,]*\]: claimed .+, finite differences give .+|dimension mismatch: index \w+ runs over .+|at a tie of \d+ entries, the claim sums to .+: not a subgradient)$/);
      // The failed claim is quoted with its own location in the file.
      const text = readFileSync(file, 'utf8');
      const { line, col } = locate(text, g.failedClaim!.text);
      expect(g.failedClaim!.at).toBe(`${file}:${line}:${col}`);
    }
  });

  it('the normalised-targets fixture verifies (1000 runs)', async () => {
    expect(expectationOf(NORMALISED)).toEqual({ ok: true });
    const report = await verifyTarget(NORMALISED, { runs: 1000, seed: 4 });
    expect(report.error).toBeNull();
    expect(report.gradients.map((g) => [g.ok, g.cases])).toEqual([[true, 1000]]);
    expect(report.ok).toBe(true);
  });

  it('a wider tolerance (--rtol) lets the factor-two mistake through only when it is absurdly wide', async () => {
    const file = 'test/fixtures/wrong/missing-factor-two.yaml';
    expect((await verifyTarget(file, { runs: 50, seed: 1, rtol: 1e-3 })).ok).toBe(false);
    expect((await verifyTarget(file, { runs: 50, seed: 1, rtol: 2 })).ok).toBe(true);
  });
});

describe('counterexamples', () => {
  it.each(WRONG)('%s: shrunk to sizes of at most 2', async (file) => {
    for (const seed of [11, 12, 13]) {
      const g = failing((await verifyTarget(file, { runs: 100, seed })).gradients);
      const c = g.counterexample!;
      expect(Object.keys(c.sizes).length).toBeGreaterThan(0);
      for (const size of Object.values(c.sizes)) {
        expect(size).toBeGreaterThanOrEqual(1);
        expect(size).toBeLessThanOrEqual(2);
      }
      for (const v of Object.values(c.inputs).flatMap(flat)) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it.each(WRONG)('%s: the counterexample replays from its seed and really fails there', async (file) => {
    const first = await verifyTarget(file, { runs: 100, seed: 99 });
    const again = await verifyTarget(file, { runs: 100, seed: 99 });
    const g = failing(first.gradients);
    expect(g.seed).toBe(99);
    expect(g.counterexample!.seed).toBe(99);
    expect(failing(again.gradients).counterexample).toEqual(g.counterexample);

    // Re-judge the printed counterexample directly: the same claim fails.
    const d = buildDerivation(await loadDerivationFile(file));
    const spec = d.gradients.find((x) => x.wrt === g.wrt)!;
    const c = g.counterexample!;
    const point: Point = {
      sizes: new Map(Object.entries(c.sizes)),
      inputs: new Map(Object.entries(c.inputs).map(([name, v]) => [name, Float64Array.from(flat(v))])),
      upstream: Float64Array.from(drawnUpstreams(d, c).flatMap((u) => flat(u.value))),
    };
    const verdict = checkGradientAt(d, spec, point);
    if (isUndefinedPoint(verdict)) throw verdict.undefinedForward;
    expect(verdict.ok).toBe(false);
    expect(verdict.failed!.label).toBe(g.failedStep);
  });

  it('a scalar output reports its upstream gradient as 1', async () => {
    // wrong-sign's output is the scalar loss L.
    const g = failing((await verifyTarget('test/fixtures/wrong/wrong-sign.yaml', { runs: 100, seed: 5 })).gradients);
    expect(g.counterexample!.upstream).toBe(1);
  });

  it('a matrix-shaped output reports its upstream gradient with the output shape', async () => {
    const g = failing((await verifyTarget('test/fixtures/wrong/wrong-matrix-form.yaml', { runs: 100, seed: 5 })).gradients);
    const { S, N } = g.counterexample!.sizes as { S: number; N: number };
    const up = g.counterexample!.upstream as number[][];
    expect(up).toHaveLength(S);
    for (const row of up) expect(row).toHaveLength(N);
  });
});

describe('bad input found while verifying', () => {
  it('a claim that is NaN where the forward is finite is a wrong claim, with its counterexample', async () => {
    const report = await verifyTarget('test/fixtures/wrong/nan-result.yaml', { runs: 100, seed: 1 });
    expect(report.error).toBeNull();
    const [g] = report.gradients;
    expect([g!.ok, g!.failedStep]).toEqual([false, 'result']);
    expect(g!.reason).toMatch(/^gives NaN at dX\[\d+,\d+\] where the forward is finite, finite differences give /);
    expect(g!.counterexample!.claimed).toBeNaN();
  });

  it('a forward line that is -Infinity on the declared domain is an InputError at the forward line', async () => {
    const text = ['name: log-normal', 'title: log of a value that may be 0', 'shapes: {X: [N]}', 'forward:', '  - Y[i] = log(X[i])', 'gradients:', '  - wrt: X', '    result: dX[i] = dY[i] / X[i]', ''].join('\n');
    const d = buildDerivation(parseDerivationText(text, 'log.yaml'));
    let err: unknown;
    try {
      verifyDerivation(d, { runs: 100, seed: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).location).toEqual({ file: 'log.yaml', ...locate(text, 'Y[i] = log') });
    expect((err as InputError).message).toMatch(/^Y\[\d+\] is (-Infinity|NaN)/);
  });

  it('every malformed fixture is reported with its error at the line and column of its header', async () => {
    for (const file of fixtureFiles('malformed')) {
      const expected = expectationOf(file);
      if (!('error' in expected)) throw new Error(`${file}: expected an error header`);
      const report = await verifyTarget(file, { runs: 50, seed: 1 });
      expect(report.ok, file).toBe(false);
      expect(report.error, file).toMatch(new RegExp(`^${file}:${expected.error.line}:${expected.error.col}: `));
      expect(report.error, file).toContain(expected.error.message);
    }
  });
});

describe('points at sizes seen before reuse the compiled instance', () => {
  it('and judge exactly as a fresh instance does, claim by claim, right and wrong derivations alike', async () => {
    for (const file of ['derivations/conv2d-same-backward.yaml', 'derivations/batchnorm-backward.yaml', 'test/fixtures/wrong/transposed-index.yaml']) {
      const d = buildDerivation(await loadDerivationFile(file));
      const points = fc.sample(pointArbitrary(d), { numRuns: 40, seed: 11 });
      for (const g of d.gradients) {
        const shared = new Instances(d);
        for (const point of points) {
          // A fresh instance for each point is what every point used to get.
          expect(checkGradientAt(d, g, point, undefined, shared)).toEqual(checkGradientAt(d, g, point));
        }
      }
    }
  });
});
