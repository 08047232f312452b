// What derive must do: matrix forms for the layers and the
// assignment's exercises (checked by verify, in numbers, not by their text),
// results in simplest form, `symbolic: equal` for the layers' own claims, and
// a clear not-derived (never a crash) for what the engine cannot differentiate.
import { describe, expect, it } from 'vitest';
import { derive, isDerived } from '../../src/calculus/derive.js';
import { buildDerivation } from '../../src/derivation/derivation.js';
import { deriveAndCheck } from '../../src/verify/derive-check.js';
import { loadDerivationFile, parseDerivationText } from '../../src/derivation/load.js';
import { verifyDerivation, verifyTarget } from '../../src/verify/verify.js';
import { fixtureFiles } from '../helpers/fixtures.js';
import { loadBuiltin, verifyClaims } from './builtin-derivations.js';
import { simplestFormProblems } from './simplest-form.js';

/** The assignment's index-notation exercises (seed 003 §1.2 Examples 1-3 and Question 1). */
const EXERCISES = ['dot-gradient', 'bilinear-gradient', 'gram-backward', 'quadratic-form-gradient', 'trace-product-gradient', 'norm-gradient', 'trace-gradient'];
const LAYERS = ['linear-backward', 'relu-backward', 'softmax-backward', 'cross-entropy-backward'];

describe('matrix forms', () => {
  it.each([...LAYERS, ...EXERCISES])('%s: every gradient has one, and verify accepts it with the index result', async (name) => {
    const d = await loadBuiltin(name);
    const checked = deriveAndCheck(d, undefined, { runs: 50, seed: 5 });
    const claims = checked.map((g) => ({ wrt: g.wrt, result: g.derived!.result, matrix: g.matrix ?? `no matrix form: ${g.matrixNote}` }));
    for (const c of claims) expect(c.matrix).toMatch(new RegExp(`^d${c.wrt} = `));
    const report = await verifyClaims(name, claims, { runs: 300, seed: 6 });
    expect(report.gradients.map((g) => [g.wrt, g.ok, g.failedStep, g.symbolic])).toEqual(claims.map((c) => [c.wrt, true, null, 'equal']));
  });

  it('the linear layer gets the textbook forms', async () => {
    const results = derive(await loadBuiltin('linear-backward')).gradients;
    expect(results.map((g) => (isDerived(g) && g.matrix.found ? g.matrix.expression : undefined))).toEqual(["dW = dY' * X", 'db = sum(dY, 1)', 'dX = dY * W']);
  });
});

describe('LaTeX', () => {
  it('writes every gradient as a partial derivative: of L, or of a scalar output itself', async () => {
    const latex = async (name: string, wrt: string): Promise<string> => {
      const [g] = derive(await loadBuiltin(name), [wrt]).gradients;
      if (g === undefined || !isDerived(g)) throw new Error(`${name}: d${wrt} not derived`);
      return g.latex;
    };
    expect(await latex('linear-backward', 'b')).toBe('\\frac{\\partial L}{\\partial b_{i}} = \\sum_{s} \\frac{\\partial L}{\\partial Y_{si}}');
    expect(await latex('norm-gradient', 'w')).toMatch(/^\\frac\{\\partial r\}\{\\partial w_\{i\}\} = /);
  });
});

describe('simplest form', () => {
  it('the checker finds a delta left to sift and a factor left inside a sum', () => {
    expect(simplestFormProblems('dx[i] = sum(k, x[k] * delta(k,i))')).toEqual(['unsifted delta(k,i)']);
    expect(simplestFormProblems('dx[i] = sum(k, a[i] * b[k])')).toEqual(['a[i] can be pulled out of sum(k, a[i] * b[k])']);
    expect(simplestFormProblems('dw[i] = w[i] / sqrt(sum(k, w[k]^2)) + delta(i,j)')).toEqual([]);
  });

  it.each(EXERCISES)('%s: no delta left to sift, no factor that could leave its sum', async (name) => {
    const gradients = derive(await loadBuiltin(name)).gradients;
    expect(gradients.length).toBeGreaterThan(0);
    for (const g of gradients) {
      if (!isDerived(g)) throw new Error(`${name}: ${g.wrt} not derived: ${g.notDerived}`);
      expect(simplestFormProblems(g.result), g.result).toEqual([]);
    }
  });
});

describe('symbolic agreement in verify', () => {
  it.each(LAYERS)('%s: the file\'s own results have the derived canonical form', async (name) => {
    const report = await verifyTarget(`derivations/${name}.yaml`, { runs: 20, seed: 3 });
    expect(report.gradients.length).toBeGreaterThan(0);
    for (const g of report.gradients) expect([g.wrt, g.ok, g.symbolic]).toEqual([g.wrt, true, 'equal']);
  });

  it('a wrong result is never symbolically equal (every wrong fixture, judged on its result alone)', async () => {
    const wrongResults: string[] = [];
    for (const file of fixtureFiles('wrong')) {
      const d = buildDerivation(await loadDerivationFile(file));
      const resultOnly = { ...d, gradients: d.gradients.filter((g) => g.result !== undefined).map((g) => ({ ...g, steps: [], matrix: undefined })) };
      for (const g of verifyDerivation(resultOnly, { runs: 20, seed: 3 }).gradients) {
        if (g.ok) continue;
        wrongResults.push(file);
        expect(g.symbolic, file).not.toBe('equal');
      }
    }
    expect(wrongResults.length).toBeGreaterThanOrEqual(3);
  });

  it('shares one derivation with derive, and judging claims leaves it as derive gives it', async () => {
    const d = await loadBuiltin('softmax-backward');
    const first = JSON.stringify(derive(d));
    // The same derivation object judged twice: the claims' index names must not leak into derive's result.
    for (let k = 0; k < 2; k++) expect(verifyDerivation(d, { runs: 5, seed: 3 }).gradients.map((g) => g.symbolic)).toEqual(['equal']);
    expect(JSON.stringify(derive(d))).toBe(first);
    expect(JSON.stringify(derive(await loadBuiltin('softmax-backward')))).toBe(first);
  });

  it('a derived result made wrong by a factor of two is numeric-only, and fails', async () => {
    const [dW] = derive(await loadBuiltin('linear-backward'), ['W']).gradients;
    if (dW === undefined || !isDerived(dW)) throw new Error('dW not derived');
    const wrong = dW.result.replace('= ', '= 2 * ');
    const report = await verifyClaims('linear-backward', [{ wrt: 'W', result: wrong }], { runs: 20, seed: 3 });
    expect(report.gradients.map((g) => [g.ok, g.failedStep, g.symbolic])).toEqual([[false, 'result', 'numeric-only']]);
  });
});

/** A derivation from a few fields, as a user's file would give them. */
const fileFrom = (data: Record<string, unknown>) => buildDerivation(parseDerivationText(JSON.stringify({ name: 'unsupported', title: 'unsupported', ...data }), '<test>'));

describe('what derive cannot differentiate', () => {
  const cases = [
    {
      what: 'a forward line in matrix notation',
      data: { shapes: { X: ['M', 'M'] }, domains: { X: 'spd' }, forward: ['f = log(det(X))'], gradients: [{ wrt: 'X', matrix: "dX = inv(X)'" }] },
      reason: 'forward line f = log(det(X)) is in matrix notation',
    },
    {
      what: 'a power with a variable exponent',
      data: { shapes: { x: ['N'] }, domains: { x: 'positive' }, forward: ['Y[i] = x[i]^x[i]'], gradients: [{ wrt: 'x', result: 'dx[i] = dY[i] * x[i]^x[i] * (log(x[i]) + 1)' }] },
      reason: 'a power with a non-constant exponent is not supported',
    },
  ];

  it.each(cases)('$what: not derived, with the reason', ({ data, reason }) => {
    const d = fileFrom(data);
    expect(derive(d).gradients).toEqual([{ wrt: d.gradients[0]!.wrt, notDerived: reason }]);
    expect(deriveAndCheck(d, undefined, { runs: 5, seed: 1 }).map((g) => [g.notDerived, g.verified])).toEqual([[reason, false]]);
  });

  it.each(cases)('$what: verify still decides by the numbers and says why there is no symbolic verdict', ({ data, reason }) => {
    const [g] = verifyDerivation(fileFrom(data), { runs: 20, seed: 2 }).gradients;
    expect(g!.ok).toBe(true);
    expect(g!.symbolic).toBe('not-derived');
    // With no index result there is nothing to compare; with one, the reason is derive's.
    expect(g!.symbolicReason).toBe('result' in data.gradients[0]! ? reason : 'no result in index notation to compare');
  });

  it('a tensor that is not an input', async () => {
    expect(derive(await loadBuiltin('linear-backward'), ['Y']).gradients).toEqual([{ wrt: 'Y', notDerived: 'Y is not an input' }]);
  });
});
