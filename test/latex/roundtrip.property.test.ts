// Every expression deltagrad prints as LaTeX (notation/latex.ts, used by the
// report and derive --json) reads back through the LaTeX reader to an
// expression with the same canonical form, over random expressions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AffineIndex, Expr } from '../../src/notation/ast.js';
import { plainIndex } from '../../src/notation/ast.js';
import { toLatex } from '../../src/notation/latex.js';
import { mapChildren } from '../../src/notation/map.js';
import { exprToString, indexRest } from '../../src/notation/print.js';
import { FUNCTIONS } from '../../src/notation/functions.js';
import { fromExpr } from '../../src/calculus/convert.js';
import { collectLikeTerms } from '../../src/calculus/simplify.js';
import { polyKey } from '../../src/calculus/term.js';
import type { Names } from '../../src/latex/expression.js';
import { readLatexExpression } from '../../src/latex/reader.js';

const NAMES: Names = {
  spellings: new Map([['X', 'X'], ['b', 'b'], ['Y', 'Y'], ['S', 'S'], ['\\epsilon', 'eps'], ['\\hat{x}', 'xhat'], ['\\lambda', 'lambda'], ['p', 'p'], ['tok', 'tok']]),
  ranks: new Map([['X', 2], ['b', 1], ['Y', 2], ['xhat', 2], ['p', 0], ['tok', 1]]),
  constants: new Set(['eps', 'lambda']),
  dimensions: new Set(['S']),
  functions: new Map(),
  juxtaposition: 'matrix',
  outputs: ['Y'],
  loss: undefined,
};

const letter = fc.constantFrom('i', 'j', 'k');
const indexOf = (name: string): Expr => ({ kind: 'index', index: plainIndex(name) });
/** An index's part that is not affine: an index tensor's entry, floor or mod of index arithmetic, a dimension. */
const nonAffine: fc.Arbitrary<Expr> = fc.oneof(
  letter.map((s): Expr => ({ kind: 'access', tensor: 'tok', indices: [plainIndex(s)] })),
  letter.map((i): Expr => ({ kind: 'call', fn: 'floor', args: [{ kind: 'binary', op: '/', left: indexOf(i), right: { kind: 'num', value: 2 } }] })),
  letter.map((i): Expr => ({ kind: 'call', fn: 'mod', args: [indexOf(i), { kind: 'num', value: 2 }] })),
  fc.constant<Expr>({ kind: 'sym', name: 'S' }),
);
const affineOnly: fc.Arbitrary<AffineIndex> = fc.oneof(
  { weight: 4, arbitrary: letter.map(plainIndex) },
  { weight: 1, arbitrary: fc.tuple(letter, fc.constantFrom(-1, 1, 2)).map(([name, offset]) => ({ terms: [{ name, coef: 1 }], offset })) },
  { weight: 1, arbitrary: fc.tuple(letter, letter).filter(([a, b]) => a !== b).map(([a, b]) => ({ terms: [{ name: a, coef: 2 }, { name: b, coef: 1 }], offset: 0 })) },
);
const affine: fc.Arbitrary<AffineIndex> = fc.oneof(
  { weight: 6, arbitrary: affineOnly },
  { weight: 1, arbitrary: fc.tuple(letter, fc.constantFrom(1, -1), nonAffine, fc.constantFrom(0, -1)).map(([name, coef, rest, offset]) => ({ terms: [{ name, coef }], offset, rest: indexRest(rest) })) },
);
const access = (tensor: string, rank: number): fc.Arbitrary<Expr> => fc.array(affine, { minLength: rank, maxLength: rank }).map((indices) => ({ kind: 'access', tensor, indices }));
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  access('X', 2),
  access('b', 1),
  access('dY', 2),
  access('xhat', 2),
  fc.constantFrom<Expr>({ kind: 'sym', name: 'S' }, { kind: 'sym', name: 'eps' }, { kind: 'sym', name: 'lambda' }, { kind: 'sym', name: 'p' }),
  fc.constantFrom(0.5, 2, 3, 1e-7, 12.25).map((value): Expr => ({ kind: 'num', value })),
  fc.tuple(affine, affine).map(([a, b]): Expr => ({ kind: 'delta', a, b })),
  fc.tuple(access('X', 2), access('X', 2)).map(([of, wrt]): Expr => ({ kind: 'diff', of, wrt: wrt as Extract<Expr, { kind: 'access' }> })),
);
const unary = Object.keys(FUNCTIONS).filter((f) => FUNCTIONS[f]!.arity === 1);
const binary = Object.keys(FUNCTIONS).filter((f) => FUNCTIONS[f]!.arity === 2);
const ternary = Object.keys(FUNCTIONS).filter((f) => FUNCTIONS[f]!.arity === 3);
const comparisons = binary.filter((f) => FUNCTIONS[f]!.infix !== undefined && f !== 'mod');
/** An index used as a number: `(i < j)`, `where(i == j + 1, ...)`. */
const indexValue = affineOnly.map((index): Expr => ({ kind: 'index', index }));

const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('e'), tie('e')).map(([op, left, right]): Expr => ({ kind: 'binary', op: op as '+', left, right })),
    fc.tuple(tie('e'), fc.constantFrom(2, 3, 0.5)).map(([left, value]): Expr => ({ kind: 'binary', op: '^', left, right: { kind: 'num', value } })),
    tie('e').map((arg): Expr => ({ kind: 'neg', arg })),
    fc.tuple(fc.constantFrom(...unary), tie('e')).map(([fn, arg]): Expr => ({ kind: 'call', fn, args: [arg] })),
    fc.tuple(fc.constantFrom(...binary), tie('e'), tie('e')).map(([fn, a, b]): Expr => ({ kind: 'call', fn, args: [a, b] })),
    fc.tuple(fc.constantFrom(...ternary), tie('e'), tie('e'), tie('e')).map(([fn, a, b, c]): Expr => ({ kind: 'call', fn, args: [a, b, c] })),
    fc.tuple(fc.constantFrom(...comparisons), indexValue, indexValue).map(([fn, a, b]): Expr => ({ kind: 'call', fn, args: [a, b] })),
    fc.tuple(fc.subarray(['k', 'l'], { minLength: 1 }), tie('e')).map(([indices, body]): Expr => ({ kind: 'sum', indices, body })),
    fc.tuple(fc.constantFrom('max', 'min', 'prod'), fc.subarray(['k', 'l'], { minLength: 1 }), tie('e')).map(([op, indices, body]): Expr => ({ kind: 'reduce', op: op as 'max', indices, body })),
  ),
})).e;

/** The normal form of calculus/, with each diff(...) as an opaque call so that it compares too. */
function canonical(e: Expr): string {
  const opaque = (x: Expr): Expr => (x.kind === 'diff' ? { kind: 'call', fn: `diff:${exprToString(x)}`, args: [] } : mapChildren(x, opaque));
  let n = 0;
  return polyKey(collectLikeTerms(fromExpr(opaque(e), (like) => `${like}_${++n}`)));
}

describe('LaTeX round trip', () => {
  it('reads back every printed expression to the same canonical form', () => {
    fc.assert(
      fc.property(expr, (e) => {
        const latex = toLatex(e);
        const back = readLatexExpression(latex, NAMES);
        expect(canonical(back), `${latex}\n${exprToString(e)}\n${exprToString(back)}`).toBe(canonical(e));
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('the comparison tells different expressions apart', () => {
    const a = readLatexExpression('X_{ij} + b_{j}', NAMES);
    const b = readLatexExpression('X_{ji} + b_{j}', NAMES);
    expect(canonical(a)).not.toBe(canonical(b));
  });
});
