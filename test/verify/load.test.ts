// Reading derivation files: YAML errors, schema (zod) errors and the source
// locations handed to the expression parser, each with its file:line:col.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/notation/errors.js';
import { loadDerivationFile, parseDerivationText } from '../../src/derivation/load.js';
import { expectInputError, locate } from '../helpers/errors.js';

const FILE = 'my/file.yaml';
const load = (text: string) => parseDerivationText(text, FILE);
const VALID = ['name: ok-file', 'title: A valid file', 'shapes: {X: [N]}', 'forward:', '  - Y[i] = 2 * X[i]', 'gradients:', '  - wrt: X', '    result: dX[i] = 2 * dY[i]', ''].join('\n');
/** VALID with one line replaced or added. */
const withLine = (k: number, line: string, insert = false): string => {
  const lines = VALID.split('\n');
  lines.splice(k, insert ? 0 : 1, line);
  return lines.join('\n');
};

describe('parseDerivationText', () => {
  it('reads a valid file and locates every expression', () => {
    const f = load(VALID);
    expect(f.file).toBe(FILE);
    expect(f.data.name).toBe('ok-file');
    expect(f.data.forward).toEqual(['Y[i] = 2 * X[i]']);
    expect(f.text(['forward', 0]).text).toBe('Y[i] = 2 * X[i]');
    expect(f.text(['forward', 0]).start).toEqual({ file: FILE, line: 5, col: 5 });
    expect(f.text(['gradients', 0, 'result']).start).toEqual({ file: FILE, line: 8, col: 13 });
    expect(f.text(['gradients', 0, 'wrt']).start).toEqual({ file: FILE, line: 7, col: 10 });
  });

  it('accepts JSON, which is YAML', () => {
    const json = JSON.stringify({ name: 'j', title: 't', shapes: { X: ['N'] }, forward: ['Y[i] = X[i]'], gradients: [{ wrt: 'X', result: 'dX[i] = dY[i]' }] });
    const f = load(json);
    expect(f.data.gradients?.[0]?.wrt).toBe('X');
    // Inside a JSON string the text starts after the quote.
    expect(f.text(['forward', 0]).start).toEqual({ file: FILE, ...locate(json, 'Y[i] = X[i]') });
  });

  it.each([
    ['a tab used as indentation', withLine(4, '\t- Y[i] = 2 * X[i]'), 'Tabs are not allowed', { line: 5, col: 1 }],
    ['a duplicate key', withLine(2, 'name: again', true), 'Map keys must be unique', { line: 3, col: 1 }],
    ['a block sequence on the line of its key', withLine(3, 'forward: - Y[i] = X[i]'), 'YAML', { line: 4 }],
    ['two documents', `${VALID}---\nname: two\n`, 'multiple documents', { line: 9, col: 1 }],
  ])('malformed YAML: %s', (_, text, message, at) => {
    const err = expectInputError(() => load(text), { message, file: FILE, ...at });
    expect(err.message).toMatch(/^YAML: /);
    expect(err.message).not.toContain('\n');
  });

  it('an alias to an unknown anchor is a YAML error at the alias, not a crash', () => {
    const text = withLine(1, 'title: *nowhere');
    expectInputError(() => load(text), { message: /^YAML: .*nowhere/, file: FILE, ...locate(text, '*nowhere') });
  });

  it.each([
    ['top level', withLine(2, 'colour: red', true), 'colour', 'Unrecognized key: "colour"'],
    ['in a gradient', withLine(7, '    reslt: dX[i] = 2 * dY[i]'), 'reslt', 'gradients.0: Unrecognized key: "reslt"'],
    ['in tolerance', withLine(2, 'tolerance: {rtol: 1e-4, reltol: 2}', true), 'reltol', 'tolerance: Unrecognized key: "reltol"'],
  ])('an unknown field (%s) is named and located at its key', (_, text, key, message) => {
    expectInputError(() => load(text), { message, file: FILE, ...locate(text, key) });
  });

  it.each([
    ['a name that is not kebab-case', withLine(0, 'name: Bad_Name'), 'Bad_Name', 'name: name must be kebab-case'],
    ['an empty expression', withLine(7, '    result: ""'), '""', 'gradients.0.result: expected an expression'],
    ['a number where an expression is expected', withLine(7, '    result: 3'), '3', 'gradients.0.result:'],
    ['steps that are not a list', withLine(7, '    steps: dX[i] = 2 * dY[i]'), 'dX[i]', 'gradients.0.steps:'],
    ['a zero dimension', withLine(2, 'shapes: {X: [0]}'), '0]', 'shapes.X.0:'],
    ['a negative tolerance', withLine(2, 'tolerance: {rtol: -1}', true), '-1', 'tolerance.rtol:'],
    ['an empty forward list', withLine(3, 'forward: []').replace('  - Y[i] = 2 * X[i]\n', ''), '[]', 'forward: forward needs at least one line'],
  ])('a field with a bad value: %s', (_, text, token, message) => {
    expectInputError(() => load(text), { message, file: FILE, ...locate(text, token) });
  });

  it('a gradient with no claim at all is located at the gradient', () => {
    const text = withLine(7, '');
    expectInputError(() => load(text), { message: 'a gradient needs at least one of steps, result or matrix', file: FILE, ...locate(text, 'wrt') });
  });

  it('a missing required field is reported against the document', () => {
    const text = VALID.replace('title: A valid file\n', '');
    expectInputError(() => load(text), { message: /^title: /, file: FILE, line: 1, col: 1 });
  });

  it('a file that is not a mapping', () => {
    expectInputError(() => load('- a\n- b\n'), { message: 'the file: ', file: FILE, line: 1, col: 1 });
    expectInputError(() => load(''), { message: 'the file: ', file: FILE, line: 1, col: 1 });
  });
});

describe('loadDerivationFile', () => {
  it('a missing file is an InputError at 1:1 naming the file', async () => {
    const missing = join(tmpdir(), 'deltagrad-no-such-file.yaml');
    const err = await loadDerivationFile(missing).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toBe(`${missing}:1:1: no such file`);
  });

  it('a directory is an InputError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deltagrad-'));
    const err = await loadDerivationFile(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe('is a directory');
  });
});
