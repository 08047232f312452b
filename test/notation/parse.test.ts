import { describe, expect, it } from 'vitest';
import type { AffineIndex, Equation, Expr, IndexEquation } from '../../src/notation/ast.js';
import { InputError, SourceText } from '../../src/notation/errors.js';
import { parseEquation, parseExpr } from '../../src/notation/parse.js';
import { equationToString } from '../../src/notation/print.js';
import { expectInputError } from '../helpers/errors.js';

// Errors are checked at a start location other than 1:1, so that the offset
// arithmetic (start column + offset on the first line) is exercised.
const START = { file: 'derivations/demo.yaml', line: 7, col: 12 } as const;
const src = (text: string): SourceText => new SourceText(text, START);
const eq = (text: string): Equation => parseEquation(src(text));
const indexEq = (text: string): IndexEquation => {
  const e = eq(text);
  if (e.form !== 'index') throw new Error(`${text} parsed as matrix notation`);
  return e;
};
/** An affine index as {name: coef} plus its offset, independent of term order. */
const affine = (ix: AffineIndex): { coefs: Record<string, number>; offset: number } => ({
  coefs: Object.fromEntries(ix.terms.map((t) => [t.name, t.coef])),
  offset: ix.offset,
});
const plain = (name: string): AffineIndex => ({ terms: [{ name, coef: 1 }], offset: 0 });
const access = (tensor: string, ...names: string[]): Expr => ({ kind: 'access', tensor, indices: names.map(plain) });
/** Column of the first occurrence of `token` in `text` (text on one line), from START. */
const colOf = (text: string, token: string): number => {
  const k = text.indexOf(token);
  if (k < 0) throw new Error(`${token} not in ${text}`);
  return START.col + k;
};

describe('parseEquation: the index-notation forms', () => {
  it('parses a linear layer into a sum of products plus a bias', () => {
    expect(indexEq('Y[s,n] = sum(m, X[s,m] * W[n,m]) + b[n]')).toEqual({
      form: 'index',
      lhs: { tensor: 'Y', indices: ['s', 'n'] },
      rhs: {
        kind: 'binary',
        op: '+',
        left: { kind: 'sum', indices: ['m'], body: { kind: 'binary', op: '*', left: access('X', 's', 'm'), right: access('W', 'n', 'm') } },
        right: access('b', 'n'),
      },
    });
  });

  it.each([
    ['p+u', { p: 1, u: 1 }, 0],
    ['2*p+u', { p: 2, u: 1 }, 0],
    ['u+2*p', { p: 2, u: 1 }, 0],
    ['p*2-1', { p: 2 }, -1],
    ['i-1', { i: 1 }, -1],
    ['i+1', { i: 1 }, 1],
    ['-i+3', { i: -1 }, 3],
    ['3-(i-u)', { i: -1, u: 1 }, 3],
    ['(i)', { i: 1 }, 0],
    ['2', {}, 2],
  ])('reads the affine index X[%s]', (text, coefs, offset) => {
    const e = indexEq(`Z[p] = X[${text}]`);
    expect(e.rhs.kind).toBe('access');
    const ix = (e.rhs as Extract<Expr, { kind: 'access' }>).indices;
    expect(ix).toHaveLength(1);
    expect(affine(ix[0]!)).toEqual({ coefs, offset });
  });

  it('reads several affine indices of one access (a 2-D correlation)', () => {
    const e = indexEq('Z[p,q] = sum(u, v, X[p+u, 2*q+v] * K[u,v])');
    expect(e.rhs).toMatchObject({ kind: 'sum', indices: ['u', 'v'] });
    const body = (e.rhs as Extract<Expr, { kind: 'sum' }>).body as Extract<Expr, { kind: 'binary' }>;
    const x = body.left as Extract<Expr, { kind: 'access' }>;
    expect(x.tensor).toBe('X');
    expect(x.indices.map(affine)).toEqual([
      { coefs: { p: 1, u: 1 }, offset: 0 },
      { coefs: { q: 2, v: 1 }, offset: 0 },
    ]);
    expect(body.right).toEqual(access('K', 'u', 'v'));
  });

  it('parses delta with plain and affine indices', () => {
    expect(indexEq('I[i,j] = delta(i,j)').rhs).toEqual({ kind: 'delta', a: plain('i'), b: plain('j') });
    const d = indexEq('Z[p,i] = delta(p+1, i)').rhs as Extract<Expr, { kind: 'delta' }>;
    expect(affine(d.a)).toEqual({ coefs: { p: 1 }, offset: 1 });
  });

  it('parses a sum over several indices, nested sums and the body as the last argument', () => {
    const e = indexEq('L = sum(s, k, T[s,k] * sum(j, X[s,j]))');
    expect(e.lhs).toEqual({ tensor: 'L', indices: [] });
    expect(e.rhs).toMatchObject({ kind: 'sum', indices: ['s', 'k'], body: { kind: 'binary', op: '*', right: { kind: 'sum', indices: ['j'] } } });
  });

  it('parses diff of a tensor entry and of a scalar', () => {
    expect(indexEq('dW[i,j] = sum(s, n, dY[s,n] * diff(Y[s,n], W[i,j]))').rhs).toMatchObject({
      kind: 'sum',
      body: { kind: 'binary', right: { kind: 'diff', of: access('Y', 's', 'n'), wrt: access('W', 'i', 'j') } },
    });
    expect(indexEq('dX[i,j] = diff(L, X[i,j])').rhs).toEqual({ kind: 'diff', of: { kind: 'sym', name: 'L' }, wrt: access('X', 'i', 'j') });
  });

  it('parses unary minus as negation, and every arithmetic operator', () => {
    expect(indexEq('Y[i] = -X[i]').rhs).toEqual({ kind: 'neg', arg: access('X', 'i') });
    expect(indexEq('Y[i] = +X[i]').rhs).toEqual(access('X', 'i'));
    for (const op of ['+', '-', '*', '/', '^'] as const) {
      expect(indexEq(`Y[i] = X[i] ${op} 2`).rhs).toEqual({ kind: 'binary', op, left: access('X', 'i'), right: { kind: 'num', value: 2 } });
    }
    // -a*b is (-a)*b and a-b-c is (a-b)-c, as in ordinary arithmetic.
    expect(indexEq('Y[i] = -X[i] * W[i]').rhs).toMatchObject({ kind: 'binary', op: '*', left: { kind: 'neg' } });
    expect(indexEq('Y[i] = X[i] - W[i] - b[i]').rhs).toMatchObject({ kind: 'binary', op: '-', left: { kind: 'binary', op: '-' }, right: access('b', 'i') });
  });

  it('parses every element-wise function with its arity', () => {
    for (const fn of ['exp', 'log', 'sqrt', 'abs', 'sign', 'tanh', 'sigmoid', 'relu', 'step']) {
      expect(indexEq(`Y[i] = ${fn}(X[i])`).rhs).toEqual({ kind: 'call', fn, args: [access('X', 'i')] });
    }
    for (const fn of ['max', 'min']) {
      expect(indexEq(`Y[i] = ${fn}(X[i], 0)`).rhs).toEqual({ kind: 'call', fn, args: [access('X', 'i'), { kind: 'num', value: 0 }] });
    }
  });

  it('keeps bare names (dimensions, constants, scalars) as symbols', () => {
    expect(indexEq('Y[i] = X[i] / (S + eps)').rhs).toEqual({
      kind: 'binary',
      op: '/',
      left: access('X', 'i'),
      right: { kind: 'binary', op: '+', left: { kind: 'sym', name: 'S' }, right: { kind: 'sym', name: 'eps' } },
    });
  });

  it('parseExpr parses an expression without a left side', () => {
    expect(parseExpr(src('sum(k, X[i,k] * W[j,k])'))).toMatchObject({ kind: 'sum', indices: ['k'] });
  });
});

describe('parseEquation: floor division //', () => {
  it.each([
    ['Y[i] = X[i // 2]', 'Y[i] = X[floor(i / 2)]'],
    ['Y[c] = X[c // (C / G), c % K]', 'Y[c] = X[floor(c / (C / G)), c % K]'],
    ['Y[n] = X[n] // 2 + 1', 'Y[n] = floor(X[n] / 2) + 1'],
    // As in Python, // binds like * and /, from the left.
    ['Y[n] = 3 * X[n] // 2 // 4', 'Y[n] = floor(floor(3 * X[n] / 2) / 4)'],
    ['Y[n] = X[n] // 2 ^ 2', 'Y[n] = floor(X[n] / 2 ^ 2)'],
  ])('%s means %s', (text, meaning) => {
    expect(indexEq(text)).toEqual(indexEq(meaning));
  });

  it.each([
    // % binds like * and / in mathjs: an index substituted into i % 2 (2*j+1 for i) keeps its parentheses.
    ['Y[j] = X[(2*j+1) % 2] * (j + 1) % 3', 'Y[j] = X[(2 * j + 1) % 2] * (j + 1) % 3'],
    ['Y[i] = X[i // 2] + X[(i + 1) % N]', 'Y[i] = X[floor(i / 2)] + X[(i + 1) % N]'],
  ])('%s prints as %s and reads back the same', (text, printed) => {
    expect(equationToString(indexEq(text))).toBe(printed);
    expect(indexEq(printed)).toEqual(indexEq(text));
  });

  it.each([
    ['dX = dY // 2', 'floor division // is index notation: in matrix notation write floor(A ./ B)', '//'],
    ['Y[i] = X[i // 2] ./ 2', 'floor division // and element-wise ./ in one expression', './'],
    ['Y[i // 2] = X[i]', 'index i // 2 is not an index name', 'Y'],
  ])('%s: %s', (text, message, token) => {
    expectInputError(() => eq(text), { message, file: START.file, line: START.line, col: token === 'Y' ? START.col : colOf(text, token) });
  });
});

describe('parseEquation: matrix notation vs index notation', () => {
  it.each([
    ["dW = dY' * X", ['dY', 'X']],
    ['dX = dY .* step(X)', ['dY', 'X']],
    ['f = log(det(X))', ['X']],
    ['db = sum(dY, 1)', ['dY']],
    ['c = 2 * a + S', ['a', 'S']],
  ])('%s is matrix notation (no indexed access), naming only its variables', (text, names) => {
    const e = eq(text);
    expect(e.form).toBe('matrix');
    if (e.form !== 'matrix') return;
    expect(e.lhs).toBe(text.split('=')[0]!.trim());
    expect([...e.names].sort()).toEqual([...names].sort());
    expect(e.rhs.replace(/\s/g, '')).toBe(text.slice(text.indexOf('=') + 1).replace(/\s/g, ''));
  });

  it.each(['Y[s,n] = X[s,n]', 'L = sum(s, X[s,s])', 'f = X[0] * 2', 'L = -1/S * sum(s, k, T[s,k] * log(X[s,k]))'])(
    '%s is index notation (an indexed access somewhere)',
    (text) => {
      expect(eq(text).form).toBe('index');
    },
  );
});

describe('parseEquation: errors name the line and column', () => {
  it.each([
    // [text, message, offset of the reported character]
    ['Y[i] = X[i] + )', 'syntax error', 'Y[i] = X[i] + '.length],
    ['Y[i] = X[i] + * 2', 'syntax error', 'Y[i] = X[i] + '.length],
    ['Y[i] = X[i]]', 'syntax error', 'Y[i] = X[i]'.length],
    ['Y[i] = ,X[i]', 'syntax error', 'Y[i] = '.length],
    ['Y[i] = (X[i] + 1', 'Parenthesis ) expected', 'Y[i] = (X[i] + 1'.length],
    ['Y[s,n] = sum(m, X[s,m] * W[n,m] + b[n]', 'Parenthesis ) expected', 'Y[s,n] = sum(m, X[s,m] * W[n,m] + b[n]'.length],
  ])('syntax error in %s', (text, message, offset) => {
    const err = expectInputError(() => eq(text), { message, file: START.file, line: START.line, col: START.col + offset });
    expect(err.message).not.toMatch(/\(char \d+\)/);
  });

  it('a syntax error on the second line of a multi-line text names that line and its own column', () => {
    // Line 8 of the file is "  )": the ) is in column 3.
    expectInputError(() => eq('Y[i] = X[i] +\n  )'), { message: 'syntax error', line: START.line + 1, col: 3 });
  });

  it.each([
    ['Y[s,n] = foo(X[s,n])', 'unknown function foo', 'foo'],
    ['Y[i] = X[i] + Sin(X[i])', 'unknown function Sin', 'Sin'],
    ['Y[i] = exp(X[i], 2)', 'exp takes 1 argument, got 2', 'exp'],
    ['Y[i] = max(X[i])', 'max takes 2 arguments, got 1', 'max'],
    ['Y[i] = X[i] * min(X[i], 0, 1)', 'min takes 2 arguments, got 3', 'min'],
    ['Y[i] = delta(i)', 'delta takes 2 indices, got 1', 'delta'],
    ['Y[i] = diff(X[i])', 'diff takes 2 arguments, got 1', 'diff'],
    ['Y[i] = diff(X[i], 2)', 'with respect to a tensor entry', 'diff'],
    ['Y[i] = sum(X[i])', 'sum needs the indices', 'sum'],
    ['Y[i] = sum(i+1, X[i])', 'sum runs over index names', 'sum'],
    ['Y[i] = sum(K, X[K])', 'index K must be a lower-case name', 'K'],
    ['Y[i,i] = X[i]', 'index i appears twice on the left side', 'i'],
    ['Y[i] = X[i] .* 2', 'operator .* is matrix notation', '.*'],
    ["Y[i] = X[i]'", "operator ' is matrix notation", "'"],
  ])('%s: %s, at the offending token', (text, message, token) => {
    expectInputError(() => eq(text), { message, file: START.file, line: START.line, col: colOf(text, token) });
  });

  it.each([
    // Errors about a whole index or the whole line name the start of the expression.
    ['Y[i] = sum(k, x[k], X[i])', 'index x[k] is not an index name or an affine form'],
    ['Y[i+1] = X[i]', 'the left side must be indexed by plain index names, not i+1'],
    ['Y[2] = X[i]', 'the left side must be indexed by plain index names, not 2'],
    ['X[i] + 1', 'expected an equation'],
    ['Y[i] = X[i]; Z = 1', 'expected an equation'],
    ['Y[i] = "abc" + X[i]', 'expected a number'],
    ['Y[i] = [1, 2]', 'is not index notation'],
    ['Y[i] = X[i][j]', 'only a named tensor can be indexed'],
  ])('%s: %s', (text, message) => {
    expectInputError(() => eq(text), { message, file: START.file, line: START.line, col: START.col });
  });

  it('an InputError prints as file:line:col: message', () => {
    const err = expectInputError(() => eq('Y[i] = foo(X[i])'), { message: 'unknown function foo' });
    expect(err.format()).toBe(`${START.file}:7:${START.col + 7}: unknown function foo`);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('InputError');
  });
});

describe('SourceText locations', () => {
  const text = 'ab\ncde\n\nfg';
  const s = new SourceText(text, { file: 'f', line: 10, col: 5 });

  it('maps an offset on the first line to start column + offset', () => {
    expect(s.at(0)).toEqual({ file: 'f', line: 10, col: 5 });
    expect(s.at(1)).toEqual({ file: 'f', line: 10, col: 6 });
  });

  it('maps an offset on a later line to that line, counting columns from 1', () => {
    expect(s.at(3)).toEqual({ file: 'f', line: 11, col: 1 });
    expect(s.at(5)).toEqual({ file: 'f', line: 11, col: 3 });
    expect(s.at(8)).toEqual({ file: 'f', line: 13, col: 1 });
  });

  it('clamps offsets outside the text', () => {
    expect(s.at(-4)).toEqual({ file: 'f', line: 10, col: 5 });
    expect(s.at(1000)).toEqual(s.at(text.length));
    expect(s.at(text.length)).toEqual({ file: 'f', line: 13, col: 3 });
  });

  it('finds whole-word tokens only', () => {
    const t = new SourceText('Xs + X', { file: 'f', line: 2, col: 3 });
    expect(t.find('X')).toEqual({ file: 'f', line: 2, col: 3 + 5 });
    expect(t.find('nothere')).toEqual({ file: 'f', line: 2, col: 3 });
    expect(t.error('m', 'X')).toBeInstanceOf(InputError);
    expect(t.error('m', 'X').location.col).toBe(8);
  });

  it('detached text starts at 1:1 of <input>', () => {
    expect(SourceText.detached('x').start).toEqual({ file: '<input>', line: 1, col: 1 });
  });
});
