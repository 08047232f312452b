// The re-check of derive's checked results (derive-recheck.ts) refutes a
// formula that misses the slope where the function is differentiable, and
// only there.
import { describe, expect, it } from 'vitest';
import { derivationOf } from './derivation-of.js';
import { refutationAt, refutations } from './derive-recheck.js';

const OPTIONS = { seeds: [1, 2, 3], runs: 20 };
const elementwise = (line: string) => derivationOf({ shapes: { x: ['N'], y: ['N'] }, forward: [line], gradients: [{ wrt: 'x' }] });
const claim = (result: string, wrt = 'x') => ({ wrt, result, matrix: null });

describe('re-checking a result derive calls checked', () => {
  it('refutes a formula that is wrong only where kinks cancel (the textbook conventions for log-sigmoid at 0)', () => {
    const d = elementwise('y[i] = min(x[i], 0) - log(1 + exp(-abs(x[i])))');
    const found = refutations(d, claim('dx[i] = dy[i] * (exp(-abs(x[i])) * sign(x[i]) / (1 + exp(-abs(x[i]))) + 1 - step(x[i]))'), OPTIONS);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(/differs at dx\[\d\]: claimed .* at sizes N=\d+, x = \[.*\b0\b.*\]/);
  });

  it('refutes a formula that is 0 * infinity where the function is flat (a pole of sqrt where the forward is finite)', () => {
    const d = elementwise('y[i] = sqrt(x[i]^4 + x[i]^6)');
    expect(refutations(d, claim('dx[i] = dy[i] * (2 * x[i]^3 + 3 * x[i]^5) / y[i]'), OPTIONS)[0]).toMatch(/gives NaN at dx\[\d\] where the forward is finite/);
  });

  it('does not refute at a kink, where the function is not differentiable, whatever the formula gives there', () => {
    const d = elementwise('y[i] = abs(x[i])');
    expect(refutations(d, claim('dx[i] = dy[i] * (sign(x[i]) + 5 * (x[i] == 0))'), OPTIONS)).toEqual([]);
  });

  it('does not refute where floats are all integers, so that round is the identity in them while its slope is 0', () => {
    expect(refutations(elementwise('y[i] = round((x[i]^2 + 1) * 10^17)'), claim('dx[i] = 0'), OPTIONS)).toEqual([]);
    // Without round, the same formula is refuted.
    expect(refutations(elementwise('y[i] = (x[i]^2 + 1) * 10^17'), claim('dx[i] = 0'), OPTIONS)).not.toEqual([]);
  });

  it('does not refute where the modulus is smaller than the spacing of floats, so that mod is rounding noise in them while its slope is 1', () => {
    expect(refutations(elementwise('y[i] = mod(x[i], 10^-40)'), claim('dx[i] = dy[i]'), OPTIONS)).toEqual([]);
  });

  it('does not refute where round jumps more often than the finite differences can resolve', () => {
    expect(refutations(elementwise('y[i] = round(x[i]^6 * 10^15)'), claim('dx[i] = 0'), OPTIONS)).toEqual([]);
  });

  it("does not refute where the claim's own rounding error is larger than its miss (a product of sums that cancel, divided by their square)", () => {
    const d = derivationOf({ shapes: { x: ['N'], w: [] }, domains: { w: 'positive' }, forward: ['f = log(sum(i, x[i])^2 * w^2)'], gradients: [{ wrt: 'w' }] });
    // 0.07 - 0.06 - 0.01 is 1.4e-17 in floats, and sum(k, l, x[k] * x[l]) rounding noise around its square.
    const point = { sizes: new Map([['N', 3]]), inputs: new Map([['x', Float64Array.of(0.07, -0.06, -0.01)], ['w', Float64Array.of(0.5)]]), upstream: new Float64Array(0) };
    expect(refutationAt(d, claim('dw = 2 * sum(k, l, x[k] * x[l]) * w / (sum(a, x[a])^2 * w^2)', 'w'), point)).toBeUndefined();
    // A formula that misses by more is refuted there.
    expect(refutationAt(d, claim('dw = 3 / w + 0 * sum(k, x[k])', 'w'), point)).toMatch(/^w: dw = 3 \/ w \+ 0 \* sum\(k, x\[k\]\): differs at dw/);
  });

  it('does not refute where terms of <dY, Y> cancel and swallow the slope: phi rounds at the size of its terms', () => {
    const d = derivationOf({ shapes: { X: ['S', 'N'], w: ['N'], Y: ['S', 'N'] }, forward: ['Y[s,n] = pow(sum(k, X[s,k] * w[k])^6, log(sum(k, X[s,k])^2 / N))'], gradients: [{ wrt: 'w' }] });
    // Row 1 is 1.5e122 twice, with dY 2.95 and -2.95: phi is 0, row 0's -0.01 * 2.2e43 is lost in it, and finite differences give 0.
    const point = { sizes: new Map([['S', 2], ['N', 2]]), inputs: new Map([['X', Float64Array.of(0, 0.33, -0.06, 0)], ['w', Float64Array.of(-0.01, -0.01)]]), upstream: Float64Array.of(0, -0.01, 2.95, -2.95) };
    const result = 'dw[i] = 6 * sum(s, n, dY[s,n] * log(sum(k, X[s,k])^2 / N) * pow(sum(k, X[s,k] * w[k])^6, log(sum(k, X[s,k])^2 / N) - 1) * sum(k, X[s,k] * w[k])^5 * X[s,i])';
    expect(refutationAt(d, claim(result, 'w'), point)).toBeUndefined();
  });

  it('does not refute where the kinks of several outputs cancel in <dY, Y> for one dY: the outputs are not differentiable there', () => {
    const d = derivationOf({ shapes: { x: ['N'], w: [], y: ['N'] }, forward: ['y[i] = relu(x[i] * w)'], gradients: [{ wrt: 'w' }] });
    // At w = 0 every output has a kink, but with x = [1, -1] and dY = [1, -1] <dY, Y> = relu(w) - relu(-w) = w is smooth.
    const point = { sizes: new Map([['N', 2]]), inputs: new Map([['x', Float64Array.of(1, -1)], ['w', Float64Array.of(0)]]), upstream: Float64Array.of(1, -1) };
    expect(refutationAt(d, claim('dw = sum(i, dy[i] * step(x[i] * w) * x[i])', 'w'), point)).toBeUndefined();
  });

  it('does not refute where the function is infinite next to the point in another input, though constant along the entry', () => {
    const d = derivationOf({ shapes: { m: ['N'], w: ['N'], y: ['N'] }, forward: ['y[i] = pow(m[i]^2, w[i]^3)'], gradients: [{ wrt: 'm' }] });
    // pow(m^2, 0) is 1 for every m, and pow(0, w^3) is infinite for w < 0: b * pow(a, b - 1) * a' is 0 * infinity.
    const point = { sizes: new Map([['N', 1]]), inputs: new Map([['m', Float64Array.of(0)], ['w', Float64Array.of(0)]]), upstream: Float64Array.of(1) };
    const result = 'dm[i] = 2 * dy[i] * w[i]^3 * pow(m[i]^2, w[i]^3 - 1) * m[i]';
    expect(refutationAt(d, claim(result, 'm'), point)).toBeUndefined();
    // Another input that stays finite around the point does not stop a refutation.
    const flat = derivationOf({ shapes: { m: ['N'], w: ['N'], y: ['N'] }, forward: ['y[i] = sqrt(m[i]^4 + m[i]^6) * exp(w[i])'], gradients: [{ wrt: 'm' }] });
    expect(refutationAt(flat, claim('dm[i] = dy[i] * (2 * m[i]^3 + 3 * m[i]^5) * exp(w[i]) / y[i]', 'm'), point)).toMatch(/gives NaN/);
  });

  it('does not refute where a call hides a NaN or an infinity of the forward (max(w / w, ...) at w = 0), outside the function', () => {
    const d = derivationOf({ shapes: { x: ['N'], w: ['N'], y: ['N'] }, forward: ['y[i] = sin(max(w[i] / w[i], x[i]^2))'], gradients: [{ wrt: 'x' }] });
    const result = 'dx[i] = dy[i] * cos(max(w[i] / w[i], x[i]^2)) * 2 * x[i] * step(x[i]^2 - w[i] / w[i])';
    const at = (x: number, w: number) => ({ sizes: new Map([['N', 1]]), inputs: new Map([['x', Float64Array.of(x)], ['w', Float64Array.of(w)]]), upstream: Float64Array.of(1) });
    // max(NaN, x^2) is x^2 in floats, smooth in x, and step(NaN) is 0.
    expect(refutationAt(d, claim(result, 'x'), at(1, 0))).toBeUndefined();
    // Where w / w is a number, a wrong slope is refuted.
    expect(refutationAt(d, claim(result.replace('2 * x[i]', '3 * x[i]'), 'x'), at(2, 0.5))).toMatch(/differs at dx\[0\]/);
    // max(-1 / w^2, x^2) at w = 0 is x^2 in floats, and the claim's w / w is NaN.
    const infinite = derivationOf({ shapes: { x: ['N'], w: ['N'], y: ['N'] }, forward: ['y[i] = sin(max(-1 / w[i]^2, x[i]^2))'], gradients: [{ wrt: 'x' }] });
    expect(refutationAt(infinite, claim('dx[i] = dy[i] * cos(x[i]^2) * 2 * x[i] * w[i] / w[i]', 'x'), at(1, 0))).toBeUndefined();
  });
});
