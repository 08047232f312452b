// bindEquation on its own, with a hand-made scope: slots, ranges, conflicts and
// the name errors. (The same errors through derivation files, with their
// file:line:col, are in test/verify/derivation.test.ts.)
import { describe, expect, it } from 'vitest';
import type { IndexEquation } from '../../src/notation/ast.js';
import { bindEquation, type BoundEquation, type Scope } from '../../src/notation/bind.js';
import { SourceText } from '../../src/notation/errors.js';
import { parseEquation } from '../../src/notation/parse.js';
import type { Dim } from '../../src/notation/shapes.js';
import { expectInputError } from '../helpers/errors.js';

const START = { file: 'b.yaml', line: 3, col: 7 } as const;

const scope: Scope = {
  tensors: new Map<string, Dim[]>([
    ['X', ['S', 'M']],
    ['W', ['N', 'M']],
    ['b', ['N']],
    ['c', []],
    ['Y', ['S', 'N']],
    ['dY', ['S', 'N']],
  ]),
  dimensions: new Set(['S', 'M', 'N']),
  constants: new Map([['eps', 1e-5]]),
  inputs: new Set(['X', 'W', 'b', 'c']),
};

function bind(text: string, lhsDims?: Dim[]): BoundEquation {
  const src = new SourceText(text, START);
  return bindEquation(parseEquation(src) as IndexEquation, scope, lhsDims, src);
}
const col = (text: string, token: string): number => START.col + text.indexOf(token);

describe('bindEquation: slots and ranges', () => {
  it('numbers the left side first, then the summed indices, each with the dimension it runs over', () => {
    const b = bind('Y[s,n] = sum(m, X[s,m] * W[n,m]) + b[n]');
    expect(b.tensor).toBe('Y');
    expect(b.rank).toBe(2);
    expect(b.slots).toEqual([
      { name: 's', dim: 'S' },
      { name: 'n', dim: 'N' },
      { name: 'm', dim: 'M' },
    ]);
    expect(b.conflict).toBeUndefined();
  });

  it('takes the left side ranges from lhsDims when given', () => {
    expect(bind('dW[i,j] = sum(s, dY[s,i] * X[s,j])', ['N', 'M']).slots.slice(0, 2)).toEqual([
      { name: 'i', dim: 'N' },
      { name: 'j', dim: 'M' },
    ]);
  });

  it('binds dimension symbols, constants and rank-0 tensors', () => {
    const b = bind('Z[s] = X[s,s] / S + eps * c');
    expect(b.rhs).toMatchObject({
      kind: 'binary',
      op: '+',
      left: { kind: 'binary', op: '/', right: { kind: 'dim', dim: 'S' } },
      right: { kind: 'binary', op: '*', left: { kind: 'num', value: 1e-5 }, right: { kind: 'access', tensor: 'c', indices: [] } },
    });
  });

  it('keeps a range conflict as data instead of throwing (a claim over the wrong dimensions is a wrong claim)', () => {
    const b = bind('dW[i,j] = sum(s, dY[s,i] * X[s,i])', ['N', 'M']);
    expect(b.conflict?.index).toBe('i');
    expect(b.conflict?.message).toMatch(/^dimension mismatch: index i runs over N in dW\[i,j\] but over M in X\[s,i\]$/);
    expect(b.slots[0]).toEqual({ name: 'i', dim: undefined });
    // j never conflicts: it is on the left only and keeps its range.
    expect(b.slots[1]).toEqual({ name: 'j', dim: 'M' });
  });

  it('an index used consistently has no conflict even when two tensors share it', () => {
    expect(bind('Z[s,m] = X[s,m] * X[s,m]').conflict).toBeUndefined();
  });

  it('a diff node lists the slots its first argument reads from outside', () => {
    const b = bind('dW[i,j] = sum(s, n, dY[s,n] * diff(Y[s,n], W[i,j]))', ['N', 'M']);
    const sum = b.rhs as Extract<typeof b.rhs, { kind: 'sum' }>;
    const diff = (sum.body as Extract<typeof b.rhs, { kind: 'binary' }>).right as Extract<typeof b.rhs, { kind: 'diff' }>;
    expect(diff.kind).toBe('diff');
    // s and n are slots 2 and 3 (after i and j).
    expect(diff.ofSlots).toEqual([2, 3]);
    expect(diff.wrt.tensor).toBe('W');
  });
});

describe('bindEquation: errors', () => {
  it.each([
    ['Z[s,n] = X[s,n] * V[n]', 'unknown tensor V', 'V'],
    ['Z[s] = X[s] + 1', 'X has rank 2 but is indexed with 1 index', 'X'],
    ['Z[s,m] = X[s,m,m]', 'X has rank 2 but is indexed with 3 indices', 'X'],
    ['Z[s,n] = X[s,n] + b[k]', 'index k is free on the right but not on the left', 'k'],
    ['Z[s] = sum(s, X[s,s])', 'index s is summed over but is already in use', 's'],
    ['Z[s] = X[s,s] * q', 'index q is used as a number where it is not in scope', 'q'],
    ['Z[s,m] = X[s, m] * X[s, I]', 'unknown name I', 'I'],
    ['Z[s,m] = X[s,m] * gamma', 'unknown name gamma', 'gamma'],
    ['Z[s,m] = X[s,m] * W', 'W has rank 2: index it', 'W'],
    ['Z[s,n] = diff(X[s,n], Y[s,n])', 'Y is not an input', 'Y'],
    ['Z[s,m] = diff(diff(X[s,m], X[s,m]), X[s,m])', 'diff inside diff is not supported', 'diff'],
  ])('%s: %s', (text, message, token) => {
    expectInputError(() => bind(text), { message, file: START.file, line: START.line, col: col(text, token) });
  });

  it.each(['Z[s,m] = X[s, m/2]', 'Z[s,m] = X[s, m^2]', 'Z[s,m] = X[s, 0.5]', 'Z[s,m] = X[s, floor(m/2) + m/2]'])('%s: an index that may not be whole is an error', (text) => {
    expect(() => bind(text)).toThrow(/index .* may not be a whole number: use floor/);
  });

  it('whole-valued index arithmetic binds: dimensions, floor, mod, products of indices', () => {
    for (const text of ['Z[s,m] = X[s, M - 1 - m]', 'Z[s,m] = X[s, floor(m / 2)]', 'Z[s,m] = X[s, m % 2]', 'Z[s,m] = X[s, m * m]']) expect(() => bind(text, ['S', 'M'])).not.toThrow();
  });

  it('a left side with the wrong rank is an error at the tensor', () => {
    const text = 'dW[i] = sum(s, dY[s,i])';
    expectInputError(() => bind(text, ['N', 'M']), { message: 'dW has rank 2 but is indexed with 1', col: col(text, 'dW') });
  });

  it('an index free outside the sum that binds it is an error, located at the first occurrence of its name', () => {
    // Locations come from searching the text for the name (the tree carries no
    // positions), so the error points at the m of sum(m, ...), on the right line.
    const text = 'Z[s] = sum(m, X[s,m]) + X[s,m]';
    expectInputError(() => bind(text), { message: 'index m is free on the right but not on the left', line: START.line, col: col(text, 'sum(m') + 'sum('.length });
  });

  it('an index whose range cannot be inferred is an error at that index', () => {
    // k only appears shifted (X[s+k,m]), never as a plain index of a tensor.
    const text = 'Z[s,m] = sum(k, X[s,m] * X[s+k,m])';
    expectInputError(() => bind(text), { message: 'cannot tell the range of index k, read only in X[s+k,m]: run it over a tensor\'s whole axis with a where', col: col(text, 'k') });
  });

  it('a window index (max pooling) gets a message that says how to state the reduction', () => {
    const text = 'Z[s,m] = X[s,m] * max(u, X[2*s+u,m])';
    expectInputError(() => bind(text), { message: /index u, read only in X\[2\*s\+u,m\]: .*max\(h, where\(h \/\/ 2 == p, X\[h\], -inf\)\).*max\(X\[2\*p\], X\[2\*p\+1\]\)/, col: col(text, 'u') });
  });

  it('a ratio of sizes in an index must be whole at every size: C / G is refused, G * K / G is not', () => {
    const text = 'Z[s,m] = X[s,m] * X[s, m // (M / N)]';
    expectInputError(() => bind(text), { message: 'M / N is not whole at every size (each dimension is drawn on its own): declare the divided dimension as a product, e.g. G * K', col: col(text, 'M / N') });
    expect(() => bind('Z[s,m] = X[s,m] * X[s, m // (N * M / N)]')).not.toThrow();
    expect(() => bind('Z[s,m] = X[s,m] * X[s, m // M]')).not.toThrow();
  });

  it('an index compared with another through the same map runs over its range', () => {
    expect(() => bind('Z[s,m] = X[s,m] * sum(k, delta(floor(k / 2), floor(m / 2)))')).not.toThrow();
    expect(() => bind('Z[s,m] = X[s,m] * sum(k, floor(k / 2) == floor(m / 2))')).not.toThrow();
    // Through different maps, k's range stays unknown.
    expectInputError(() => bind('Z[s,m] = X[s,m] * sum(k, floor(k / 2) == floor(m / 3))'), { message: 'cannot tell the range of index k' });
  });
});
