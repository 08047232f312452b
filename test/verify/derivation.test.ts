// Derivation files checked as a whole (buildDerivation over parseDerivationText):
// every error in an expression or a field names its file:line:col, computed here from the
// YAML text with locate(); a range conflict in a claim is kept as a wrong claim.
import { describe, expect, it } from 'vitest';
import { buildDerivation, type Derivation } from '../../src/derivation/derivation.js';
import { parseDerivationText } from '../../src/derivation/load.js';
import { expectInputError, locate } from '../helpers/errors.js';

const FILE = 'derivations/case.yaml';
const build = (text: string): Derivation => buildDerivation(parseDerivationText(text, FILE));

/** A linear layer file with one forward line and one gradient, parts replaceable. */
function linear({ forward = 'Y[s,n] = sum(m, X[s,m] * W[n,m]) + b[n]', wrt = 'W', claim = 'result: dW[i,j] = sum(s, dY[s,i] * X[s,j])', extra = '' } = {}): string {
  return [
    'name: case',
    'title: Linear layer',
    'shapes: {X: [S, M], W: [N, M], b: [N]}',
    ...(extra === '' ? [] : [extra]),
    'forward:',
    `  - ${forward}`,
    'gradients:',
    `  - wrt: ${wrt}`,
    `    ${claim}`,
    '',
  ].join('\n');
}

/** Expects an InputError at the `occurrence`-th `needle` of `text`. */
function expectErrorAt(text: string, needle: string, message: string | RegExp, occurrence = 0): void {
  expectInputError(() => build(text), { message, file: FILE, ...locate(text, needle, occurrence) });
}

describe('buildDerivation: a well-formed file', () => {
  it('has inputs, defined tensors, the upstream gradient and bound claims', () => {
    const d = build(linear());
    expect([...d.inputs.keys()].sort()).toEqual(['W', 'X', 'b']);
    expect(d.outputs).toEqual([{ tensor: 'Y', upstream: 'dY', drawn: true }]);
    expect(d.tensors.get('Y')).toEqual(['S', 'N']);
    expect(d.tensors.get('dY')).toEqual(['S', 'N']);
    expect(d.gradients).toHaveLength(1);
    expect(d.gradients[0]!.gradName).toBe('dW');
    const result = d.gradients[0]!.result!;
    expect(result.form).toBe('index');
    // The claim remembers where it is: line 8, after "    result: ".
    expect(result.src.start).toEqual({ file: FILE, ...locate(linear(), 'dW[i,j]') });
    expect([...d.dimensions.keys()].sort()).toEqual(['M', 'N', 'S']);
  });

  it('keeps a claim whose index runs over two dimensions, marked with its conflict (a wrong claim, not bad input)', () => {
    const d = build(linear({ claim: 'result: dW[i,j] = sum(s, dY[s,i] * X[s,i])' }));
    const result = d.gradients[0]!.result!;
    expect(result.form === 'index' && result.eq.conflict?.message).toBe('dimension mismatch: index i runs over N in dW[i,j] but over M in X[s,i]');
  });
});

describe('buildDerivation: malformed input, with file:line:col', () => {
  it('unknown tensor in a forward line', () => {
    const text = linear({ forward: 'Y[s,n] = sum(m, X[s,m] * V[n,m])' });
    expectErrorAt(text, 'V[n,m]', 'unknown tensor V');
  });

  it('unknown tensor in a claim', () => {
    const text = linear({ claim: 'result: dW[i,j] = sum(s, dZ[s,i] * X[s,j])' });
    expectErrorAt(text, 'dZ', 'unknown tensor dZ');
  });

  it('rank mismatch', () => {
    const text = linear({ forward: 'Y[s,n] = sum(m, X[s,m] * W[n]) + b[n]' });
    expectErrorAt(text, 'W[n]', 'W has rank 2 but is indexed with 1 index');
  });

  it('an index free on the right but not on the left, in a forward line and in a claim', () => {
    const fwd = linear({ forward: 'Y[s,n] = sum(m, X[s,m] * W[n,m]) + b[k]' });
    expectErrorAt(fwd, 'k]', 'index k is free on the right but not on the left');
    const claim = linear({ claim: 'result: dW[i,j] = sum(s, dY[s,i] * X[s,k])' });
    expectErrorAt(claim, 'k]', 'index k is free on the right but not on the left');
  });

  it('a range conflict in a forward line is an error (exit 2), at the index', () => {
    const text = linear({ forward: 'Y[s,n] = sum(m, X[s,m] * W[m,n])' });
    // The first whole-word m is the one of sum(m, ...).
    expectErrorAt(text, 'm, X', /^dimension mismatch: index m runs over M in X\[s,m\] but over N in W\[m,n\]$/);
  });

  it('an index whose range cannot be inferred', () => {
    const text = linear({ claim: 'result: dW[i,j] = sum(s, k, dY[s,i] * X[s,j+k])' });
    expectErrorAt(text, 'k, dY', 'cannot tell the range of index k');
  });

  it('wrt must be an input tensor', () => {
    expectErrorAt(linear({ wrt: 'Y', claim: 'result: dY[i,j] = 1' }), 'Y\n', 'Y is defined by a forward line; gradients are taken with respect to inputs');
    expectErrorAt(linear({ wrt: 'Q', claim: 'result: dQ[i] = 1' }), 'Q\n', 'unknown tensor Q in wrt');
  });

  it('diff must be taken with respect to an input', () => {
    const text = linear({ claim: 'steps: ["dW[i,j] = sum(s, n, dY[s,n] * diff(Y[s,n], Y[i,j]))"]' });
    // Located at the first whole-word Y of the claim (the tree carries no positions).
    expectErrorAt(text, 'Y[s,n], Y[i,j]', 'Y is not an input');
  });

  it('a claim must define the gradient of its wrt', () => {
    expectErrorAt(linear({ claim: 'result: dX[i,j] = sum(n, dY[i,n] * W[n,j])' }), 'dX', 'this claim defines dX, but the gradient is dW');
    expectErrorAt(linear({ claim: "matrix: dX = dY * W" }), 'dX', 'this claim defines dX, but the gradient is dW');
  });

  it('a claim with the wrong rank on its left side', () => {
    expectErrorAt(linear({ claim: 'result: dW[i] = sum(s, dY[s,i])' }), 'dW', 'dW has rank 2 but is indexed with 1');
  });

  it('matrix notation where index notation is expected, and the reverse', () => {
    expectErrorAt(linear({ claim: "result: dW = dY' * X" }), 'dW', 'expected index notation');
    expectErrorAt(linear({ claim: 'matrix: dW[i,j] = sum(s, dY[s,i] * X[s,j])' }), 'dW', 'expected matrix notation');
  });

  it('an unknown name in a matrix-notation claim', () => {
    expectErrorAt(linear({ claim: "matrix: dW = dY' * Xt" }), 'Xt', 'unknown name Xt in matrix notation');
  });

  it('a tensor defined twice', () => {
    const text = ['name: case', 'title: t', 'shapes: {X: [N]}', 'forward:', '  - Y[i] = X[i]', '  - Y[i] = 2 * X[i]', 'gradients:', '  - wrt: X', '    result: dX[i] = 2 * dY[i]', ''].join('\n');
    expectErrorAt(text, 'Y[i] = 2', 'Y is defined twice');
  });

  it.each([
    ['gaussian', 'unknown domain "gaussian"'],
    ['uniform(2, 1)', 'uniform(a,b) needs finite a < b'],
    ['spd', 'domain spd needs a square matrix, got shape [S, M]'],
  ])('a bad domain for X: %s', (domain, message) => {
    const text = linear({ extra: `domains:\n  X: ${domain}` });
    expectErrorAt(text, domain, `domains: ${message}`);
  });

  it('a domain for a tensor that is not an input', () => {
    const text = linear({ extra: 'domains:\n  Y: positive' });
    expectErrorAt(text, 'positive', 'domains: Y is not an input tensor');
  });

  it('a dimension symbol must be upper case', () => {
    const text = linear().replace('W: [N, M]', 'W: [n, M]');
    expectErrorAt(text, 'n, M]', 'dimension symbol n must start with an upper-case letter');
  });

  it('sizes for an unknown dimension, and an empty size range', () => {
    expectErrorAt(linear({ extra: 'sizes:\n  K: 3' }), '3\n', 'sizes: K is not a dimension used in shapes');
    expectErrorAt(linear({ extra: 'sizes:\n  S: [4, 2]' }), '4, 2', 'sizes: S has an empty range [4, 2]');
  });

  it('an index used as a number out of its scope', () => {
    const text = linear({ forward: 'Y[s,n] = sum(m, X[s,m] * W[n,m]) * m' });
    // Located at the first whole-word m of the line, on the right line.
    expectErrorAt(text, 'm, X[s', 'index m is used as a number where it is not in scope');
  });

  it('locations inside quoted scalars skip the opening quote', () => {
    const text = linear({ forward: '"Y[s,n] = sum(m, X[s,m] * V[n,m])"' });
    expectErrorAt(text, 'V[n,m]', 'unknown tensor V');
    const single = linear({ forward: "'Y[s,n] = sum(m, X[s,m] * V[n,m])'" });
    expectErrorAt(single, 'V[n,m]', 'unknown tensor V');
  });

  it('locations inside multi-line claims: block scalars (folded and literal) and plain scalars that wrap', () => {
    for (const style of ['>-', '|-', '>']) {
      const text = linear({ claim: `result: ${style}\n      dW[i,j] = sum(s, dY[s,i] *\n        Q[s,j])` });
      expectErrorAt(text, 'Q[s,j]', 'unknown tensor Q');
    }
    const wrapped = linear({ claim: 'result: dW[i,j] = sum(s, dY[s,i] *\n      Q[s,j])' });
    expectErrorAt(wrapped, 'Q[s,j]', 'unknown tensor Q');
    const quoted = linear({ claim: 'result: "dW[i,j] = sum(s, dY[s,i] *\n      Q[s,j])"' });
    expectErrorAt(quoted, 'Q[s,j]', 'unknown tensor Q');
  });

  it('locations inside flow sequences', () => {
    const text = linear({ claim: 'steps: ["dW[i,j] = sum(s, dY[s,i] * X[s,j])", "dW[i,j] = sum(s, dY[s,i] * Q[s,j])"]' });
    expectErrorAt(text, 'Q[s,j]', 'unknown tensor Q');
  });
});
