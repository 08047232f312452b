// An instance keeps what it computed at a point (forward values, the oracle,
// claim values) only while it is at that point: moving elsewhere, or changing
// the inputs in place and rerunning the forward lines, computes everything
// anew, as a fresh instance would.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/numeric/direction.js';
import { Instance } from '../../src/verify/instance.js';
import { derivationOf } from '../trust/derivation-of.js';

const d = derivationOf({
  shapes: { X: ['S', 'M'], W: ['N', 'M'] },
  forward: ['Y[s,n] = tanh(sum(m, X[s,m] * W[n,m]))'],
  gradients: [
    {
      wrt: 'W',
      steps: ['dW[i,j] = sum(s, n, dY[s,n] * (1 - Y[s,n]^2) * X[s,j] * delta(n,i))'],
      result: 'dW[i,j] = sum(s, dY[s,i] * (1 - Y[s,i]^2) * X[s,j])',
    },
  ],
});
const sizes = new Map([['S', 3], ['M', 4], ['N', 2]]);
const [g] = d.gradients;
const claims = [g!.steps[0]!, g!.result!];

function point(seed: number) {
  const random = seededRandom(seed);
  const values = (n: number) => Float64Array.from({ length: n }, () => random() * 2 - 1);
  return { inputs: new Map([['X', values(12)], ['W', values(8)]]), upstream: values(6) };
}

/** The claims' values and the oracle at a point, from an instance that has seen nothing else. */
function fresh(p: ReturnType<typeof point>) {
  const inst = new Instance(d, sizes);
  inst.moveTo(p.inputs, p.upstream);
  return seen(inst);
}

/** The forward values, the claims' values and the oracle, as the instance gives them now. */
function seen(inst: Instance) {
  const claimed = claims.map((c) => Array.from(inst.evaluateClaim(c, 'W').data));
  const oracle = Array.from(inst.oracle('W').grad);
  return { forward: Array.from(inst.tensor('Y').data), claims: claimed, oracle };
}

describe('an instance reuses what it computed at a point only there', () => {
  it('claims that compile alike share one value, equal to a fresh evaluation', () => {
    const inst = new Instance(d, sizes);
    const p = point(1);
    inst.moveTo(p.inputs, p.upstream);
    const [step, result] = claims.map((c) => inst.evaluateClaim(c, 'W').data);
    expect(step).toBe(result);
    expect(Array.from(step!)).toEqual(fresh(p).claims[1]);
  });

  it('moving to another point, back to the same one after probes, or rerunning changed inputs gives what a fresh instance gives', () => {
    const inst = new Instance(d, sizes);
    const [p, q] = [point(1), point(2)];
    const at = () => seen(inst);
    inst.moveTo(p.inputs, p.upstream);
    expect(at()).toEqual(fresh(p));
    inst.moveTo(q.inputs, q.upstream);
    expect(at()).toEqual(fresh(q));
    // The same point again, after the oracle's probes: forward values restored, nothing recomputed differently.
    inst.moveTo(q.inputs, q.upstream);
    expect(at()).toEqual(fresh(q));
    // Inputs changed in place (as switch points do), the forward rerun, then the instance moved there.
    inst.tensor('X').data[0] = 0.5;
    inst.forward();
    const moved = { inputs: new Map([['X', inst.tensor('X').data.slice()], ['W', q.inputs.get('W')!]]), upstream: q.upstream };
    inst.moveTo(moved.inputs, moved.upstream);
    expect(at()).toEqual(fresh(moved));
    expect(fresh(moved).claims).not.toEqual(fresh(q).claims);
  });

  it("a diff(...) claim first evaluated after the oracle was taken at the point gets its table filled, not zeros", () => {
    const withDiff = derivationOf({
      shapes: { X: ['S', 'M'], W: ['N', 'M'] },
      forward: ['Y[s,n] = tanh(sum(m, X[s,m] * W[n,m]))'],
      gradients: [{ wrt: 'W', result: 'dW[i,j] = sum(s, n, dY[s,n] * diff(Y[s,n], W[i,j]))' }],
    });
    const inst = new Instance(withDiff, sizes);
    const p = point(1);
    inst.moveTo(p.inputs, p.upstream);
    const oracle = Array.from(inst.oracle('W').grad);
    const claimed = Array.from(inst.evaluateClaim(withDiff.gradients[0]!.result!, 'W').data);
    expect(claimed.some((v) => v !== 0)).toBe(true);
    claimed.forEach((v, k) => expect(v).toBeCloseTo(oracle[k]!, 6));
  });
});

