// Several outputs: `outputs:` names the tensors a derivation returns, each
// with its own upstream gradient; the oracle checks the gradient of the sum of
// <dY, Y> over them (the sum of the paths), derive sums the chain rule over
// them, and a claim that leaves out a path or swaps two upstream gradients is
// rejected. Bad `outputs:` entries are InputErrors at their file:line:col.
import { describe, expect, it } from 'vitest';
import { derive, isDerived } from '../../src/calculus/derive.js';
import { formatReport } from '../../src/cli/format.js';
import { buildDerivation, type Derivation } from '../../src/derivation/derivation.js';
import { parseDerivationText } from '../../src/derivation/load.js';
import { readLatexText } from '../../src/latex/reader.js';
import { deriveAndCheck } from '../../src/verify/derive-check.js';
import { verifyDerivation, type DerivationReport } from '../../src/verify/verify.js';
import { expectInputError, locate } from '../helpers/errors.js';

const FILE = 'outputs.yaml';
const build = (text: string): Derivation => buildDerivation(parseDerivationText(text, FILE));

/** A derivation file with one gradient; `outputs` is its whole outputs: line (or nothing), `claim` a `result:` or `matrix:` line. */
function file(shapes: string, forward: readonly string[], outputs: string, wrt: string, claim: string): string {
  return ['name: case', 'title: case', `shapes: ${shapes}`, 'forward:', ...forward.map((line) => `  - ${line}`), outputs, 'gradients:', `  - wrt: ${wrt}`, `    ${claim}`, ''].join('\n');
}

/** A layer returning the column means and the sum of squares of each row, with claims about dX. */
function twoOutputs({ outputs = 'outputs: [mean, sq]', claim = 'result: dX[i,j] = dmean[j] / S + 2 * dsq[i] * X[i,j]', shapes = '{X: [S, M]}' } = {}): string {
  return file(shapes, ['mean[m] = sum(s, X[s,m]) / S', 'sq[s] = sum(m, X[s,m]^2)'], outputs, 'X', claim);
}

const verdict = (text: string, seed = 1): DerivationReport => verifyDerivation(build(text), { runs: 100, seed });

describe('a derivation with several outputs', () => {
  it('gives each output its own upstream gradient, shaped like the output, in the order of outputs:', () => {
    const d = build(twoOutputs());
    expect(d.outputs).toEqual([
      { tensor: 'mean', upstream: 'dmean', drawn: true },
      { tensor: 'sq', upstream: 'dsq', drawn: true },
    ]);
    expect(d.tensors.get('dmean')).toEqual(['M']);
    expect(d.tensors.get('dsq')).toEqual(['S']);
  });

  it('without outputs:, has one output, the last forward line', () => {
    const d = build(twoOutputs({ outputs: '', claim: 'result: dX[i,j] = 2 * dsq[i] * X[i,j]' }));
    expect(d.outputs).toEqual([{ tensor: 'sq', upstream: 'dsq', drawn: true }]);
    expect(d.tensors.has('dmean')).toBe(false);
    expect(verdict(twoOutputs({ outputs: '', claim: 'result: dX[i,j] = 2 * dsq[i] * X[i,j]' })).ok).toBe(true);
  });

  it('accepts the sum of the paths, at several seeds', () => {
    for (const seed of [1, 2, 3]) expect(verdict(twoOutputs(), seed).ok).toBe(true);
  });

  it.each([
    ['the path through mean left out', 'result: dX[i,j] = 2 * dsq[i] * X[i,j]'],
    ['the path through sq left out', 'result: dX[i,j] = dmean[j] / S'],
    ['each path weighted by the other upstream gradient', 'result: dX[i,j] = dsq[i] / S + 2 * dmean[j] * X[i,j]'],
  ])('rejects a claim with %s', (_, claim) => {
    const report = verdict(twoOutputs({ claim }));
    expect(report.ok).toBe(false);
    expect(report.gradients[0]!.failedStep).toBe('result');
    expect(report.gradients[0]!.reason).toMatch(/^differs at dX\[/);
  });

  it('checks a chain-rule step that sums over both outputs, and rejects one that forgets an output', () => {
    const both = 'steps: ["dX[i,j] = sum(m, dmean[m] * diff(mean[m], X[i,j])) + sum(s, dsq[s] * diff(sq[s], X[i,j]))"]';
    expect(verdict(twoOutputs({ claim: both })).ok).toBe(true);
    const one = verdict(twoOutputs({ claim: 'steps: ["dX[i,j] = sum(m, dmean[m] * diff(mean[m], X[i,j]))"]' }));
    expect(one.gradients[0]!.failedStep).toBe(0);
  });

  it('draws the upstream gradient of a scalar output too, when it is one of several (its loss is not the only output)', () => {
    const text = twoOutputs({ outputs: 'outputs: [mean, L]', claim: 'result: dX[i,j] = dmean[j] / S + 2 * dL * X[i,j]' }).replace(
      '  - sq[s] = sum(m, X[s,m]^2)',
      '  - L = sum(s, m, X[s,m]^2)',
    );
    const d = build(text);
    expect(d.outputs[1]).toEqual({ tensor: 'L', upstream: 'dL', drawn: true });
    expect(verdict(text).ok).toBe(true);
    // Taking dL as 1 is wrong: the claim must carry the scalar output's own upstream gradient.
    expect(verdict(text.replace('2 * dL * X[i,j]', '2 * X[i,j]')).ok).toBe(false);
  });

  it('adds the path through an output that another output reads (an LSTM-style cell: h reads c)', () => {
    const cell = (result: string): string =>
      file('{c0: [N], f: [N], g: [N], o: [N]}', ['c[n] = f[n] * c0[n] + g[n]', 'h[n] = o[n] * tanh(c[n])'], 'outputs: [h, c]', 'c0', `result: ${result}`);
    expect(verdict(cell('dc0[i] = (dh[i] * o[i] * (1 - tanh(c[i])^2) + dc[i]) * f[i]')).ok).toBe(true);
    expect(verdict(cell('dc0[i] = dh[i] * o[i] * (1 - tanh(c[i])^2) * f[i]')).ok).toBe(false);
    expect(verdict(cell('dc0[i] = dc[i] * f[i]')).ok).toBe(false);
  });

  it('takes outputs defined in matrix notation, with claims in matrix notation', () => {
    const matrix = (claim: string): string => file('{X: [S, M], W: [M, N], P: [S, N], Q: [S, M]}', ['P = X * W', 'Q = X .* X'], 'outputs: [P, Q]', 'X', `matrix: ${claim}`);
    expect(verdict(matrix("dX = dP * W' + 2 * dQ .* X")).ok).toBe(true);
    expect(verdict(matrix("dX = dP * W'")).gradients[0]!.failedStep).toBe('matrix');
  });

  it('reports a counterexample with every upstream gradient by name, as the CLI prints it', () => {
    const report = verdict(twoOutputs({ claim: 'result: dX[i,j] = 2 * dsq[i] * X[i,j]' }));
    const c = report.gradients[0]!.counterexample!;
    const sizes = c.sizes as { S: number; M: number };
    const upstream = c.upstream as { dmean: number[]; dsq: number[] };
    expect(Object.keys(upstream)).toEqual(['dmean', 'dsq']);
    expect(upstream.dmean).toHaveLength(sizes.M);
    expect(upstream.dsq).toHaveLength(sizes.S);
    const plain = { ok: (s: string) => s, bad: (s: string) => s, dim: (s: string) => s };
    const text = formatReport(report, () => undefined, plain);
    expect(text).toContain(`  dmean = [${upstream.dmean.join(',')}]`);
    expect(text).toContain(`  dsq = [${upstream.dsq.join(',')}]`);
    expect(text).not.toContain('upstream =');
  });
});

describe('derive with several outputs', () => {
  it('starts from the chain rule summed over the outputs and reaches a result that verifies', () => {
    const d = build(twoOutputs());
    const [g] = derive(d).gradients;
    if (g === undefined || !isDerived(g)) throw new Error(`not derived: ${JSON.stringify(g)}`);
    expect(g.steps[0]!.expr).toBe('dX[i,j] = sum(m, dmean[m] * diff(mean[m], X[i,j])) + sum(s, dsq[s] * diff(sq[s], X[i,j]))');
    const [checked] = deriveAndCheck(d, undefined, { runs: 100, seed: 4 });
    expect({ verified: checked!.verified, failure: checked!.failure }).toEqual({ verified: true, failure: null });
    // Both upstream gradients survive into the result.
    expect(checked!.derived!.result).toMatch(/dmean\[j\]/);
    expect(checked!.derived!.result).toMatch(/dsq\[i\]/);
  });
});

describe('bad outputs: entries', () => {
  it.each([
    ['outputs: [mean, Z]', 'Z', 'outputs: unknown tensor Z'],
    ['outputs: [X, mean]', 'X, mean]', 'outputs: X is an input; an output is defined by a forward line'],
    ['outputs: [mean, mean]', 'mean]', 'outputs: mean is named twice'],
    ['outputs: []', '[]', 'outputs names at least one tensor'],
  ])('%s', (outputs, needle, message) => {
    const text = twoOutputs({ outputs });
    expectInputError(() => build(text), { message, file: FILE, ...locate(text, needle) });
  });

  it('an upstream gradient name taken by a tensor', () => {
    const text = twoOutputs({ shapes: '{X: [S, M], dsq: [S]}' });
    expectInputError(() => build(text), { message: 'dsq names the upstream gradient of sq; rename the tensor dsq', file: FILE, ...locate(text, 'sq]') });
  });
});

describe('several outputs in a LaTeX answer', () => {
  const answer = (claim: string, outputs = 'outputs: [v, mu]'): string =>
    [
      '---',
      'name: var-mean-answer',
      'shapes: {X: [S, M]}',
      'sizes: {S: [2, 5]}',
      'forward:',
      '  - mu[m] = sum(s, X[s,m]) / S',
      '  - v[m] = sum(s, (X[s,m] - mu[m])^2) / (S - 1)',
      outputs,
      '---',
      '$$',
      claim,
      '$$',
      '',
    ].join('\n');
  const read = (claim: string, outputs?: string): DerivationReport => {
    const loaded = readLatexText(answer(claim, outputs), 'answer.md');
    return verifyDerivation(buildDerivation(loaded), { runs: 100, seed: 1 });
  };

  it("reads each output's gradient as its upstream gradient", () => {
    const report = read('\\frac{\\partial L}{\\partial X_{ij}} = \\frac{2}{S - 1} \\frac{\\partial L}{\\partial v_j} (X_{ij} - \\mu_j) + \\frac{1}{S} \\frac{\\partial L}{\\partial \\mu_j}');
    expect(report.gradients.map((g) => [g.wrt, g.ok])).toEqual([['X', true]]);
  });

  it('rejects the answer that leaves out the path through the mean', () => {
    const report = read('\\frac{\\partial L}{\\partial X_{ij}} = \\frac{2}{S - 1} \\frac{\\partial L}{\\partial v_j} (X_{ij} - \\mu_j)');
    expect(report.gradients.map((g) => [g.wrt, g.ok, g.failedStep])).toEqual([['X', false, 'result']]);
  });

  it("judges a Jacobian of one output against that output alone, whichever outputs the file names", () => {
    for (const outputs of ['outputs: [v, mu]', 'outputs: [mu, v]', '']) {
      const right = read('\\frac{\\partial v_m}{\\partial X_{kl}} = \\frac{2}{S - 1} (X_{km} - \\mu_m) \\delta_{ml}', outputs);
      expect(right.gradients.map((g) => [g.wrt, g.ok]), outputs).toEqual([['X', true]]);
      const mean = read('\\frac{\\partial \\mu_m}{\\partial X_{kl}} = \\frac{1}{S} \\delta_{ml}', outputs);
      expect(mean.gradients.map((g) => [g.wrt, g.ok]), outputs).toEqual([['X', true]]);
      const wrong = read('\\frac{\\partial \\mu_m}{\\partial X_{kl}} = \\frac{1}{S}', outputs);
      expect(wrong.gradients.map((g) => [g.wrt, g.ok]), outputs).toEqual([['X', false]]);
    }
  });
});
