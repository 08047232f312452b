// Section 3: the cost of the full finite-difference gradient (4 forward
// evaluations per input element) against one directional derivative (a few
// forward evaluations whatever the size, counted in the table), on phi(x) = sum_k u_k * tanh(x_k) compiled by
// the project's own evaluator. Both are checked against the analytic gradient.
import { directionalDerivative, gradientFull } from '../src/numeric/finite-diff.js';
import { compileIndexProgram } from './compiled.js';
import { count, ratio, relErr, seconds, table } from './format.js';
import { fillUniform, rng } from './random.js';
import { interleaved, repeat, timeOnce } from './timing.js';

const TEXT = 'f = sum(k, u[k] * tanh(x[k]))';
const SIZES = [10, 100, 1_000, 10_000, 100_000, 1_000_000];
/** The full mode is run only where its estimated time per run is under this. */
const FULL_CAP_SECONDS = 15;

interface Row {
  readonly n: number;
  readonly phiTime: number;
  readonly full:
    | { readonly ran: true; readonly evals: number; readonly time: number; readonly runs: number; readonly err: number }
    /** Skipped: evaluations and time estimated from the evaluations per element of the largest run. */
    | { readonly ran: false; readonly evals: number; readonly estimate: number };
  /** `inPhi`: the median over interleaved rounds of its time over one phi's. */
  readonly fast: { readonly evals: number; readonly time: number; readonly inPhi: number; readonly err: number };
}

function measure(n: number, evalsPerElement: number): Row {
  const program = compileIndexProgram(TEXT, { x: ['K'], u: ['K'] }, { K: n });
  const next = rng(n);
  const x = fillUniform(program.inputs.get('x')!.data, next);
  const u = fillUniform(program.inputs.get('u')!.data, next);
  const v = fillUniform(new Float64Array(n), next);
  const out = program.output.data;
  let evals = 0;
  const phi = (): number => {
    evals++;
    program.evaluate();
    return out[0]!;
  };

  // Analytic: dphi/dx_k = u_k (1 - tanh(x_k)^2).
  const exact = new Float64Array(n);
  let exactDir = 0;
  for (let k = 0; k < n; k++) {
    const t = Math.tanh(x[k]!);
    exact[k] = u[k]! * (1 - t * t);
    exactDir += exact[k]! * v[k]!;
  }

  evals = 0;
  const dir = directionalDerivative(x, v, phi);
  const fastEvals = evals;
  let vScale = 0;
  for (let k = 0; k < n; k++) vScale += Math.abs(exact[k]! * v[k]!);
  const fastErr = Math.abs(dir.value - exactDir) / vScale;
  const timed = interleaved([phi, () => directionalDerivative(x, v, phi)], { samples: 7, minSampleSeconds: 0.02 });
  const phiTime = timed.perCall[0]!.median;
  const fast = timed.perCall[1]!;
  const fastInPhi = 1 / timed.vsFirst[1]!.median;

  const fullEvals = Math.round(evalsPerElement * n) + 1;
  const estimate = fullEvals * phiTime;
  let full: Row['full'];
  if (estimate > FULL_CAP_SECONDS) {
    full = { ran: false, evals: fullEvals, estimate };
  } else {
    evals = 0;
    let g: ReturnType<typeof gradientFull> | undefined;
    const firstTime = timeOnce(() => void (g = gradientFull(x, phi)));
    const counted = evals;
    if (g === undefined) throw new Error('unreachable');
    let err = 0;
    let gScale = 0;
    for (let k = 0; k < n; k++) gScale = Math.max(gScale, Math.abs(exact[k]!));
    for (let k = 0; k < n; k++) err = Math.max(err, Math.abs(g.grad[k]! - exact[k]!) / gScale);
    // A run of over a second is timed once (this first run); shorter ones as the median of 5 calibrated samples.
    const timed = firstTime > 1 ? { median: firstTime, n: 1 } : repeat(() => gradientFull(x, phi), { samples: 5, minSampleSeconds: 0.02 });
    full = { ran: true, evals: counted, time: timed.median, runs: timed.n, err };
  }
  return { n, phiTime, full, fast: { evals: fastEvals, time: fast.median, inPhi: fastInPhi, err: fastErr } };
}

export function benchFiniteDiff(log: (line: string) => void): string {
  const rows: Row[] = [];
  // gradientFull makes a few evaluations per element (more where its kink test
  // probes again); estimates for skipped sizes use the rate counted so far.
  let evalsPerElement = 2;
  for (const n of SIZES) {
    log(`  finite differences, n = ${count(n)} ...`);
    const row = measure(n, evalsPerElement);
    if (row.full.ran) evalsPerElement = (row.full.evals - 1) / n;
    rows.push(row);
  }
  return table(
    `3. Finite differences, full gradient vs one directional derivative: ${TEXT}`,
    [
      { header: 'n' },
      { header: 'one phi' },
      { header: 'full evals' },
      { header: 'full time', align: 'left' },
      { header: 'full err' },
      { header: 'fast evals' },
      { header: 'fast time' },
      { header: 'fast / phi' },
      { header: 'fast err' },
      { header: 'full / fast' },
    ],
    rows.map((r) => [
      count(r.n),
      seconds(r.phiTime),
      r.full.ran ? count(r.full.evals) : `~${count(r.full.evals)}`,
      r.full.ran ? `${seconds(r.full.time)}${r.full.runs === 1 ? ' (1 run)' : ''}` : `skipped (estimated ${r.full.estimate.toPrecision(2)} s)`,
      r.full.ran ? relErr(r.full.err) : '—',
      count(r.fast.evals),
      seconds(r.fast.time),
      ratio(r.fast.inPhi),
      relErr(r.fast.err),
      r.full.ran ? ratio(r.full.time / r.fast.time) : `~${ratio(r.full.estimate / r.fast.time)} (est.)`,
    ]),
    [
      '"one phi" is the median time of one forward evaluation (the baseline unit); "evals" are counted forward evaluations.',
      'Times are medians of calibrated samples (at least 20 ms each), except full runs over a second, timed once.',
      'full = gradientFull (a few evaluations per element, each O(n): O(n^2) time); fast = directionalDerivative (a few evaluations, O(n) time).',
      '"fast / phi" is the directional derivative\'s cost in forward evaluations (timed in alternating rounds with phi): it should',
      'stay flat as n grows; at small n a fixed overhead (copies, allocation) dominates.',
      `Errors are against the analytic gradient u_k (1 - tanh(x_k)^2): full as max |error| / max |gradient|, fast as |error| / sum |g_k v_k|.`,
      `The full mode is skipped where one run would take more than ${FULL_CAP_SECONDS} s, estimated as one phi times the`,
      'evaluations, themselves estimated (~) from the evaluations per element of the largest size that ran.',
    ],
  );
}
