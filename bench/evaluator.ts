// Section 2: throughput of the compiled evaluator (src/numeric/compile.ts)
// against the naive tree walk of bench/naive-eval.ts, on the same expression
// and the same data, checked equal before anything is timed.
import { compileIndexProgram } from './compiled.js';
import { ratio, rate, relErr, seconds, table } from './format.js';
import { evaluateNaive } from './naive-eval.js';
import { fillUniform, rng } from './random.js';
import { interleaved } from './timing.js';

const GOAL = 20;
const SIZES = { S: 64, M: 128, N: 64 };
const TEXT = 'Y[s,n] = sum(m, X[s,m] * W[n,m]) + b[n]';

/** Y = X W^T + b written out by hand over flat arrays: the ceiling generated code can approach. */
function handLoop(x: Float64Array, w: Float64Array, b: Float64Array, y: Float64Array): void {
  const { S, M, N } = SIZES;
  for (let s = 0; s < S; s++) {
    for (let n = 0; n < N; n++) {
      let acc = 0;
      for (let m = 0; m < M; m++) acc += x[s * M + m]! * w[n * M + m]!;
      y[s * N + n] = acc + b[n]!;
    }
  }
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) d = Math.max(d, Math.abs(a[k]! - b[k]!));
  return d;
}

export function benchEvaluator(): string {
  const program = compileIndexProgram(TEXT, { X: ['S', 'M'], W: ['N', 'M'], b: ['N'] }, SIZES);
  const next = rng(2024);
  for (const t of program.inputs.values()) fillUniform(t.data, next);
  const x = program.inputs.get('X')!.data;
  const w = program.inputs.get('W')!.data;
  const b = program.inputs.get('b')!.data;

  // Same numbers first.
  const naiveOut = new Float64Array(program.output.data.length);
  const handOut = new Float64Array(program.output.data.length);
  program.evaluate();
  evaluateNaive(program.eq, program.inputs, program.sizes, naiveOut);
  handLoop(x, w, b, handOut);
  let scale = 0;
  for (const v of handOut) scale = Math.max(scale, Math.abs(v));
  const errNaive = maxAbsDiff(program.output.data, naiveOut) / scale;
  const errHand = maxAbsDiff(program.output.data, handOut) / scale;
  if (!(errNaive <= 1e-12) || !(errHand <= 1e-12)) {
    throw new Error(`evaluators disagree: compiled vs naive ${errNaive}, compiled vs hand loop ${errHand} (relative to max |Y|)`);
  }

  const macs = SIZES.S * SIZES.N * SIZES.M;
  const opts = { samples: 7, minSampleSeconds: 0.15, warmupSeconds: 0.3 };
  const { perCall, vsFirst } = interleaved(
    [() => evaluateNaive(program.eq, program.inputs, program.sizes, naiveOut), () => program.evaluate(), () => handLoop(x, w, b, handOut)],
    opts,
  );
  const row = (label: string, k: number, err: string): string[] => [
    label,
    seconds(perCall[k]!.median),
    `${seconds(perCall[k]!.min)} – ${seconds(perCall[k]!.max)}`,
    rate(macs / perCall[k]!.median),
    ratio(vsFirst[k]!.median),
    err,
  ];
  const speedup = vsFirst[1]!.median;
  return table(
    `2. Evaluator throughput: ${TEXT}, S=${SIZES.S} M=${SIZES.M} N=${SIZES.N} (${macs.toLocaleString('en-US')} multiply-adds per evaluation)`,
    [
      { header: 'evaluator', align: 'left' },
      { header: 'per evaluation' },
      { header: 'min – max' },
      { header: 'multiply-adds' },
      { header: 'vs naive' },
      { header: 'max rel diff', align: 'right' },
    ],
    [
      row('naive tree walk (baseline, bench/naive-eval.ts)', 0, relErr(errNaive)),
      row('generated code (src/numeric/compile.ts)', 1, '0 (reference)'),
      row('hand-written loop (ceiling, for reference)', 2, relErr(errHand)),
    ],
    [
      `Medians of ${opts.samples} rounds, each one sample of at least ${opts.minSampleSeconds * 1e3} ms of every evaluator in turn, after ${opts.warmupSeconds * 1e3} ms of warm-up each.`,
      '"vs naive" is the median over the rounds of naive time / this time; "max rel diff" is against the compiled output, over max |Y|.',
      `compiled / naive = ${ratio(speedup)}; goal >= ${GOAL}x: ${speedup >= GOAL ? 'met' : 'NOT met'}.`,
    ],
  );
}
