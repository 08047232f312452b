// Assertions about bad input: an InputError (never another exception) with a
// message and a file:line:col, the line and column computed from the text the
// test wrote (locate), never copied from the implementation's output.
import { expect } from 'vitest';
import { InputError, type Location } from '../../src/notation/errors.js';

/** 1-based line and column of the `occurrence`-th (0-based) occurrence of `needle` in `text`. */
export function locate(text: string, needle: string, occurrence = 0): { line: number; col: number } {
  let offset = -1;
  for (let k = 0; k <= occurrence; k++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`locate: ${JSON.stringify(needle)} occurs fewer than ${occurrence + 1} times`);
  }
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before.at(-1)!.length + 1 };
}

export interface ExpectedError {
  readonly message: string | RegExp;
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

/** Runs `fn`, which must throw an InputError matching `expected`; returns it. */
export function expectInputError(fn: () => unknown, expected: ExpectedError): InputError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, 'expected an InputError to be thrown').toBeInstanceOf(InputError);
  const err = thrown as InputError;
  if (typeof expected.message === 'string') expect(err.message).toContain(expected.message);
  else expect(err.message).toMatch(expected.message);
  const want: Partial<Location> = {};
  if (expected.file !== undefined) (want as { file?: string }).file = expected.file;
  if (expected.line !== undefined) (want as { line?: number }).line = expected.line;
  if (expected.col !== undefined) (want as { col?: number }).col = expected.col;
  expect(err.location).toMatchObject(want);
  return err;
}
