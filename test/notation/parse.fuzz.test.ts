// Whatever text a derivation file holds, the parser either returns a tree or
// throws an InputError (printed as one line, exit 2), never another exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, SourceText } from '../../src/notation/errors.js';
import { parseEquation } from '../../src/notation/parse.js';

const START = { file: 'fuzz.yaml', line: 4, col: 9 } as const;

/** Parses `text`; fails the property on any exception but an InputError located inside the text. */
const rejectsCleanly = (parse: (src: SourceText) => unknown) => (text: string): void => {
  try {
    parse(new SourceText(text, START));
  } catch (err) {
    if (!(err instanceof InputError)) throw new Error(`${JSON.stringify(text)} threw ${String(err)}`);
    const { line, col, file } = err.location;
    expect(file).toBe(START.file);
    const lines = text.split('\n');
    expect(line).toBeGreaterThanOrEqual(START.line);
    expect(line).toBeLessThanOrEqual(START.line + lines.length - 1);
    const width = line === START.line ? START.col + lines[0]!.length : lines[line - START.line]!.length + 1;
    expect(col).toBeGreaterThanOrEqual(line === START.line ? START.col : 1);
    expect(col).toBeLessThanOrEqual(width);
  }
};
const parsesOrRejectsCleanly = rejectsCleanly(parseEquation);

const TOKENS = [
  'Y', 'X', 'W', 'dW', 'dY', 'b', 'L', 'S', 'eps', 'i', 'j', 'k', 's', 'n', 'p+u', '2*p+u', 'i-1',
  '[', ']', '(', ')', ',', ' = ', '=', '+', '-', '*', '/', '^', "'", '.*', './', ':', ';', '.', '!', '?', '==',
  'sum', 'delta', 'diff', 'exp', 'log', 'max', 'relu', 'foo', 'end', 'to', 'in', 'mod', 'and', 'not',
  '0', '1', '2.5', '1e3', '1e999', '0x1F', '"', "'a'", '{', '}', '#', '@', '$', '\\', '`', '\n', ' ', '\t',
];
const SEEDS = [
  'Y[s,n] = sum(m, X[s,m] * W[n,m]) + b[n]',
  'Z[p,q] = sum(u, v, X[p+u, 2*q+v] * K[u,v])',
  'dW[i,j] = sum(s, n, dY[s,n] * diff(Y[s,n], W[i,j]))',
  'dX[i,j] = Y[i,j] * (dY[i,j] - sum(c, dY[i,c] * Y[i,c]))',
  "dW = dY' * X",
  'L = -1/S * sum(s, k, T[s,k] * log(X[s,k]))',
];

const fromTokens = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join(''));
/** A valid equation with a random slice replaced by random text or tokens. */
const corrupted = fc
  .tuple(fc.constantFrom(...SEEDS), fc.nat(), fc.nat({ max: 6 }), fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(...TOKENS)))
  .map(([seed, at, cut, insert]) => {
    const k = at % (seed.length + 1);
    return seed.slice(0, k) + insert + seed.slice(Math.min(seed.length, k + cut));
  });

describe('parseEquation fuzz', () => {
  it('the valid seeds parse', () => {
    for (const s of SEEDS) expect(() => parseEquation(SourceText.detached(s))).not.toThrow();
  });

  it('the check fails on a non-InputError and on an InputError located outside the text', () => {
    const typeError = rejectsCleanly(() => {
      throw new TypeError('boom');
    });
    expect(() => typeError('Y = 1')).toThrow(/threw TypeError: boom/);
    const pastTheEnd = rejectsCleanly(() => {
      throw new InputError('x', { file: START.file, line: START.line, col: START.col + 6 });
    });
    expect(() => pastTheEnd('Y = 1')).toThrow();
    expect(() => pastTheEnd('Y = 12')).not.toThrow();
    const wrongLine = rejectsCleanly(() => {
      throw new InputError('x', { file: START.file, line: START.line + 1, col: 1 });
    });
    expect(() => wrongLine('Y = 1')).toThrow();
  });

  it('random strings: a tree or an InputError located inside the text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 })), parsesOrRejectsCleanly), {
      numRuns: 2000,
      seed: 1,
    });
  });

  it('strings of grammar tokens: a tree or an InputError located inside the text', () => {
    fc.assert(fc.property(fromTokens, parsesOrRejectsCleanly), { numRuns: 2500, seed: 2 });
  });

  it('corrupted valid equations: a tree or an InputError located inside the text', () => {
    fc.assert(fc.property(corrupted, parsesOrRejectsCleanly), { numRuns: 2500, seed: 3 });
  });
});
