// Checks an expectation identity for every drawn value of its parameters. The
// expectation is computed by adaptive Gauss–Kronrod quadrature against the
// density; its error estimate is reported and added to the tolerance, so a
// claim fails only by more than the quadrature can explain.
import fc from 'fast-check';
import type { BoundEquation } from '../notation/bind.js';
import { compileEquation, evaluateInto, type CompiledEquation } from '../numeric/compile.js';
import { domainArbitrary } from '../numeric/domains.js';
import { integrate } from '../numeric/quadrature.js';
import type { Tolerance } from '../numeric/compare.js';
import type { ExpectationSpec } from '../derivation/expectation.js';

export interface ExpectationCase {
  readonly parameters: Record<string, number>;
  readonly value: number;
  readonly claimed: number;
  /** The quadrature's error estimate. */
  readonly error: number;
  readonly ok: boolean;
}

/** A compiled identity: scalar closures over one data slot per name. */
function compile(spec: ExpectationSpec) {
  const names = [...spec.parameters.keys(), spec.variable];
  const data = names.map(() => new Float64Array(1));
  const tensors = new Map(names.map((n, id) => [n, { id, shape: [] as number[] }]));
  const layout = { tensors, sizes: new Map(), diffTable: () => { throw new Error('diff is not allowed in an expectation'); } };
  const scalar = (eq: BoundEquation): (() => number) => {
    const c: CompiledEquation = compileEquation(eq, layout);
    const out = new Float64Array(1);
    return () => {
      evaluateInto(c, data, out);
      return out[0]!;
    };
  };
  return { data, names, of: scalar(spec.of), args: spec.args.map(scalar), equals: scalar(spec.equals) };
}

function checkExpectationAt(spec: ExpectationSpec, parameters: ReadonlyMap<string, number>, tol: Tolerance): ExpectationCase {
  const c = compile(spec);
  c.names.forEach((n, k) => (c.data[k]![0] = parameters.get(n) ?? 0));
  const variable = c.data[c.names.length - 1]!;
  const [p, q] = c.args.map((a) => a()) as [number, number];
  const g = (x: number): number => {
    variable[0] = x;
    return c.of();
  };
  const integral =
    spec.distribution === 'normal'
      ? integrate((z) => g(p + q * z) * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI), -Infinity, Infinity)
      : integrate((x) => g(x) / (q - p), p, q);
  const claimed = c.equals();
  const ok = Math.abs(integral.value - claimed) <= tol.atol + tol.rtol * Math.abs(claimed) + integral.error;
  return { parameters: Object.fromEntries(parameters), value: integral.value, claimed, error: integral.error, ok };
}

export interface ExpectationOutcome {
  readonly text: string;
  readonly ok: boolean;
  readonly cases: number;
  readonly seed: number;
  /** The largest quadrature error estimate over all cases. */
  readonly errorBound: number;
  readonly maxRelErr: number;
  /** The shrunk failing case. */
  readonly counterexample: ExpectationCase | null;
}

export function checkExpectation(spec: ExpectationSpec, tol: Tolerance, options: { runs: number; seed: number }): ExpectationOutcome {
  const names = [...spec.parameters.keys()];
  const arbitrary = fc
    .tuple(...names.map((n) => domainArbitrary(spec.parameters.get(n)!, [])))
    .map((values) => new Map(names.map((n, k) => [n, values[k]![0]!])));
  let errorBound = 0;
  let maxRelErr = 0;
  const run = fc.check(
    fc.property(arbitrary, (parameters) => {
      const r = checkExpectationAt(spec, parameters, tol);
      errorBound = Math.max(errorBound, r.error);
      maxRelErr = Math.max(maxRelErr, Math.abs(r.value - r.claimed) / (tol.atol / tol.rtol + Math.abs(r.claimed)));
      return r.ok;
    }),
    { numRuns: options.runs, seed: options.seed },
  );
  const counterexample = run.failed && run.counterexample !== null ? checkExpectationAt(spec, run.counterexample[0], tol) : null;
  return { text: spec.text, ok: !run.failed, cases: run.numRuns, seed: run.seed, errorBound, maxRelErr, counterexample };
}
