// nerdamer as a second opinion: where it agrees with the numbers, and a
// record of where it does not (its wrong derivatives of softmax and
// log-sum-exp) — if nerdamer
// changes, this test says which record to update.
import { describe, expect, it } from 'vitest';
import { derive, isDerived } from '../../src/calculus/derive.js';
import { askDerivative, askIdentity, scalarForm } from './second-opinion.js';
import { FUNCTIONS } from '../../src/notation/functions.js';
import { loadBuiltin } from './builtin-derivations.js';

describe('identities', () => {
  it('a polynomial identity: nerdamer says 0 and the numbers agree', () => {
    expect(askIdentity('(a+b)^2', 'a^2 + 2*a*b + b^2')).toMatchObject({ answer: '0', equal: true, confirmed: true, holds: true });
  });

  it('two different functions: nerdamer says so, and its answer is a - b in numbers', () => {
    expect(askIdentity('a', 'b')).toMatchObject({ equal: false, confirmed: true, holds: false });
  });

  it('log(a*b) = log(a) + log(b): true in numbers, but nerdamer cannot show it (a false "different", not a wrong answer)', () => {
    const o = askIdentity('log(a*b)', 'log(a) + log(b)');
    expect(o).toMatchObject({ answer: '-log(a)-log(b)+log(a*b)', confirmed: true, equal: false, holds: true });
  });

  // Element-wise results: the derived canonical form and the file's result, as scalars.
  it.each(['elementwise-backward', 'sigmoid-backward', 'division-backward', 'cross-entropy-backward', 'dropout-backward', 'relu-backward'])(
    '%s: the derived result and the file\'s agree as scalar functions',
    async (name) => {
      const d = await loadBuiltin(name);
      const claim = d.gradients[0]!;
      const [g] = derive(d, [claim.wrt]).gradients;
      if (g === undefined || !isDerived(g)) throw new Error(`${name}: not derived`);
      const [derived, written] = [scalarForm(g.result), scalarForm(claim.result!.src.text)];
      expect(derived, g.result).toBeDefined();
      expect(written).toBeDefined();
      expect(askIdentity(derived!, written!)).toMatchObject({ answer: '0', equal: true, confirmed: true, holds: true });
    },
  );

  it('scalarForm turns entries into variables and refuses sums and shifted indices', () => {
    expect(scalarForm('dX[i,j] = -T[i,j] / (S * X[i,j])')).toBe('-T_i_j / (S * X_i_j)');
    expect(scalarForm('dx[i] = sum(k, x[k] * a[i])')).toBeUndefined();
    expect(scalarForm('dx[i] = x[i+1]')).toBeUndefined();
  });
});

describe('derivatives', () => {
  // The element-wise table's functions that nerdamer knows: its derivative matches central differences.
  it.each(['exp', 'log', 'sqrt', 'tanh', 'abs'])('%s: confirmed', (fn) => {
    expect(FUNCTIONS).toHaveProperty(fn);
    expect(askDerivative(`${fn}(a)`, 'a')).toMatchObject({ confirmed: true });
  });

  /** Where nerdamer 1.1.13 disagrees with the numbers: the wrong answers it gives, without an error. */
  const DISAGREEMENTS = [
    { what: 'softmax', f: 'exp(x) / (exp(x) + exp(y))', x: 'x', answer: '(e^x+e^y)^(-1+x)' },
    { what: 'log-sum-exp', f: 'log(exp(x) + exp(y))', x: 'x', answer: '0' },
    { what: 'sigmoid (unknown to nerdamer)', f: 'sigmoid(a)', x: 'a', answer: 'sigmoid' },
  ];

  it.each(DISAGREEMENTS)('$what: nerdamer answers $answer, which the numbers refuse', ({ f, x, answer }) => {
    const o = askDerivative(f, x);
    expect(o.answer).toBe(answer);
    expect(o.confirmed).toBe(false);
    expect(o.maxError).toBeGreaterThan(1e-3);
  });

  it('softmax\'s derivative written out by hand: true in numbers, but nerdamer expands it to something else', () => {
    const o = askIdentity('exp(x)/(exp(x)+exp(y)) * (1 - exp(x)/(exp(x)+exp(y)))', 'exp(x)*exp(y)/(exp(x)+exp(y))^2');
    expect(o).toMatchObject({ holds: true, confirmed: false, equal: false });
    expect(o.answer).toBe('(e^x+e^y)^(-1+x)-(e^x+e^y)^(-2+2*x)-(e^x+e^y)^(-2+x+y)');
  });
});
