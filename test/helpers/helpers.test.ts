// The shared test helpers must be able to fail: each is shown rejecting a wrong input.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/notation/errors.js';
import { stackLines } from './cli.js';
import { expectInputError, locate } from './errors.js';
import { expectationOf } from './fixtures.js';
import { expectAllClose, firstMismatch } from './tensor.js';

const AT = { file: 'f', line: 2, col: 3 };

describe('errors helpers', () => {
  it('locate gives 1-based line and column of the n-th occurrence', () => {
    expect(locate('ab\ncd\ncd', 'd')).toEqual({ line: 2, col: 2 });
    expect(locate('ab\ncd\ncd', 'cd', 1)).toEqual({ line: 3, col: 1 });
    expect(locate('abc', 'a')).toEqual({ line: 1, col: 1 });
    expect(() => locate('abc', 'z')).toThrow(/occurs fewer/);
  });

  it('expectInputError fails when nothing, or something else, is thrown, or at another place', () => {
    expect(() => expectInputError(() => 1, { message: 'x' })).toThrow();
    expect(() =>
      expectInputError(() => {
        throw new TypeError('x');
      }, { message: 'x' }),
    ).toThrow();
    const throwIt = () => {
      throw new InputError('unknown tensor V', AT);
    };
    expect(() => expectInputError(throwIt, { message: 'unknown tensor W' })).toThrow();
    expect(() => expectInputError(throwIt, { message: 'unknown tensor V', col: 4 })).toThrow();
    expect(() => expectInputError(throwIt, { message: 'unknown tensor V', line: 3 })).toThrow();
    expect(() => expectInputError(throwIt, { message: /^tensor/ })).toThrow();
    expect(expectInputError(throwIt, { message: 'unknown tensor V', ...AT }).location).toEqual(AT);
  });
});

describe('tensor helpers', () => {
  it('firstMismatch finds the first entry out of tolerance, a NaN, or a length difference', () => {
    expect(firstMismatch([1, 2, 3], [1, 2, 3])).toBe(-1);
    expect(firstMismatch([1, 2.1, 3], [1, 2, 3])).toBe(1);
    expect(firstMismatch([1, NaN], [1, NaN])).toBe(1);
    expect(firstMismatch([1, 2], [1, 2, 3])).toBe(2);
    expect(firstMismatch([1 + 1e-9], [1], { rtol: 1e-8 })).toBe(-1);
    expect(() => expectAllClose([0, 1], [0, 1.5])).toThrow(/differ at 1/);
  });
});

describe('fixture helpers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deltagrad-fixtures-'));
  const withHeader = (header: string): string => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, `# a comment\n${header}\nname: x\n`);
    return file;
  };

  it('expectationOf reads every header form', () => {
    expect(expectationOf(withHeader('# expect: ok'))).toEqual({ ok: true });
    expect(expectationOf(withHeader('# expect: failedStep 0'))).toEqual({ ok: false, failedStep: 0 });
    expect(expectationOf(withHeader('# expect: failedStep matrix'))).toEqual({ ok: false, failedStep: 'matrix' });
    expect(expectationOf(withHeader('# expect: failedStep 1, reason dimension mismatch'))).toEqual({ ok: false, failedStep: 1, reason: 'dimension mismatch' });
    expect(expectationOf(withHeader('# expect: error 6:30 unknown tensor V'))).toEqual({ error: { line: 6, col: 30, message: 'unknown tensor V' } });
  });

  it('expectationOf rejects a missing or unreadable header', () => {
    expect(() => expectationOf(withHeader('# nothing expected'))).toThrow(/no "# expect:" line/);
    expect(() => expectationOf(withHeader('# expect: failedStep two'))).toThrow(/cannot read/);
  });
});

describe('cli helpers', () => {
  it('stackLines finds stack frames and error headers, not ordinary output', () => {
    expect(stackLines('TypeError: boom\n    at main (file.js:1:2)\n')).toHaveLength(2);
    expect(stackLines('✗ x  malformed\n    f.yaml:1:2: unknown tensor V\n')).toEqual([]);
  });
});
