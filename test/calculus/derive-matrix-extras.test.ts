// derive recovers matrix forms for the language's element-wise functions of
// one or more arguments and for comparisons (each form passes its numerical
// check, or it would be withheld), and says in one line why where there is none.
import { describe, expect, it } from 'vitest';
import { buildDerivation } from '../../src/derivation/derivation.js';
import { parseDerivationText } from '../../src/derivation/load.js';
import { deriveAndCheck } from '../../src/verify/derive-check.js';
import { verifyDerivation } from '../../src/verify/verify.js';

interface Case {
  readonly shapes: Record<string, readonly string[]>;
  readonly domains?: Record<string, string>;
  readonly forward: string;
  readonly wrt: string;
  /** What the matrix form must contain. */
  readonly spells: RegExp;
}

/** The case as a derivation, with `matrix` as its claim about d(wrt) when given (derive needs none). */
const build = (c: Case, matrix?: string) =>
  buildDerivation(
    parseDerivationText(
      JSON.stringify({ name: 'case', title: 'case', shapes: c.shapes, domains: c.domains ?? {}, forward: [c.forward], gradients: [{ wrt: c.wrt, ...(matrix === undefined ? {} : { matrix }) }] }),
      'case.yaml',
      matrix === undefined ? 'derive' : 'verify',
    ),
  );

const CASES: Readonly<Record<string, Case>> = {
  'a comparison with a constant (mask)': { shapes: { X: ['S', 'M'] }, forward: 'Y[s,m] = X[s,m] * (X[s,m] > 1)', wrt: 'X', spells: /\(X > 1\)/ },
  'a comparison between tensors': { shapes: { A: ['S', 'M'], B: ['S', 'M'] }, forward: 'Y[s,m] = A[s,m] * (A[s,m] >= B[s,m])', wrt: 'A', spells: /A >= B/ },
  'where, differentiated branch-wise': {
    shapes: { X: ['S', 'M'] },
    domains: { X: 'positive' },
    forward: 'Y[s,m] = where(X[s,m] > 1, log(X[s,m]), X[s,m]^2)',
    wrt: 'X',
    spells: /where\(/,
  },
  'pow of two tensors, written .^': { shapes: { A: ['S', 'M'], B: ['S', 'M'] }, domains: { A: 'positive' }, forward: 'Y[s,m] = pow(A[s,m], B[s,m])', wrt: 'A', spells: /A \.\^ \(-1 \+ B\)/ },
  'pow with a vector exponent broadcast along the rows': { shapes: { A: ['S', 'M'], b: ['M'] }, domains: { A: 'positive' }, forward: 'Y[s,m] = pow(A[s,m], b[m])', wrt: 'A', spells: /\.\^/ },
  'max against a vector (a step of the difference)': { shapes: { X: ['S', 'M'], b: ['M'] }, forward: 'Y[s,m] = max(X[s,m], b[m])', wrt: 'X', spells: /step\(/ },
  'mod, written %': { shapes: { X: ['S', 'M'] }, forward: 'Y[s,m] = mod(X[s,m], 3) * X[s,m]', wrt: 'X', spells: /X % 3/ },
  'atan2 of two tensors': { shapes: { A: ['S', 'M'], B: ['S', 'M'] }, domains: { B: 'positive' }, forward: 'Y[s,m] = atan2(A[s,m], B[s,m])^2', wrt: 'A', spells: /atan2\(A, B\)/ },
  'a special function (exact GELU)': { shapes: { X: ['S', 'M'] }, forward: 'Y[s,m] = X[s,m] * (1 + erf(X[s,m] / sqrt(2))) / 2', wrt: 'X', spells: /erf\(/ },
  'lgamma, whose derivative is digamma': { shapes: { X: ['S', 'M'] }, domains: { X: 'positive' }, forward: 'Y[s,m] = lgamma(X[s,m])', wrt: 'X', spells: /digamma\(X\)/ },
  'log1p and expm1': { shapes: { X: ['S', 'M'] }, domains: { X: 'positive' }, forward: 'Y[s,m] = log1p(X[s,m]) * expm1(X[s,m])', wrt: 'X', spells: /expm1\(X\)/ },
};

describe('derive: matrix forms of the element-wise functions and comparisons', () => {
  it.each(Object.entries(CASES))('%s', (_, c) => {
    const [g] = deriveAndCheck(build(c), [c.wrt], { runs: 40, seed: 3 });
    expect(g!.verified, g!.failure ?? '').toBe(true);
    expect(g!.matrix, g!.matrixNote ?? '').toMatch(new RegExp(`^d${c.wrt} = `));
    expect(g!.matrix).toMatch(c.spells);
    // Checked again, at other points, as a file's matrix claim.
    expect(verifyDerivation(build(c, g!.matrix!), { runs: 60, seed: 11 }).gradients[0]!.reason ?? null).toBeNull();
  });

  it('says why where an index used as a number has no matrix form', () => {
    const c: Case = { shapes: { X: ['N'] }, forward: 'Y[i] = X[i]^2 * i', wrt: 'X', spells: /./ };
    const [g] = deriveAndCheck(build(c), ['X'], { runs: 40, seed: 3 });
    expect(g!.verified).toBe(true);
    expect(g!.matrix).toBeNull();
    expect(g!.matrixNote).toBe('an index used as a number has no matrix form');
  });
});

describe('derive: comparisons of indices as triangles', () => {
  const TRIANGLES: Readonly<Record<string, Case>> = {
    'a lower-triangular mask is tril': { shapes: { A: ['N', 'N'] }, forward: 'Y[i,j] = where(j <= i, A[i,j]^2, 0)', wrt: 'A', spells: /^dA = dY \.\* tril\(2 \* A\)$/ },
    'a strictly upper one is triu with an offset': { shapes: { A: ['N', 'M'] }, forward: 'Y[i,j] = where(j > i, A[i,j]^2, 0)', wrt: 'A', spells: /^dA = dY \.\* triu\(2 \* A, 1\)$/ },
    'a cumulative sum is a product with tril(ones)': { shapes: { X: ['N'], Y: ['N'] }, forward: 'Y[i] = sum(k, where(k <= i, X[k], 0))', wrt: 'X', spells: /^dX = dY \* tril\(ones\(N, N\)\)$/ },
    'a mask with an offset in an index': { shapes: { X: ['N'], Y: ['N'] }, forward: 'Y[i] = sum(k, where(k < i + 2, X[k], 0))', wrt: 'X', spells: /^dX = dY \* tril\(ones\(N, N\), 1\)$/ },
  };

  it.each(Object.entries(TRIANGLES))('%s', (_, c) => {
    const [g] = deriveAndCheck(build(c), [c.wrt], { runs: 40, seed: 3 });
    expect(g!.matrix, g!.matrixNote ?? '').toMatch(c.spells);
    expect(verifyDerivation(build(c, g!.matrix!), { runs: 60, seed: 11 }).gradients[0]!.reason ?? null).toBeNull();
  });
});
