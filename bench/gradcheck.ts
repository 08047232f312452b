// Section: gradcheck for TensorFlow.js, full mode (4 evaluations of f per
// entry) against fast mode (a random projection: a handful whatever the
// size), as the input grows from 10 to 10^6 entries; and the verifier's fast
// mode at production sizes, `verify linear-backward --sizes S=256,M=784,N=128
// --mode fast`, as a user runs it.
import { spawnSync } from 'node:child_process';
import type * as tfjs from '@tensorflow/tfjs';
import { gradcheck } from '../src/gradcheck/gradcheck.js';
import { ensureBuilt } from './cli-times.js';
import { count, ratio, seconds, table } from './format.js';
import { median, timeOnce } from './timing.js';

const SIZES = [10, 100, 1_000, 10_000, 100_000, 1_000_000];
/** Full mode runs only where one run is estimated under this. */
const FULL_CAP_SECONDS = 20;
const VERIFY_ARGS = ['verify', 'linear-backward', '--sizes', 'S=256,M=784,N=128', '--mode', 'fast'];
const VERIFY_TARGET_SECONDS = 5;

interface ModeRun {
  readonly evals: number;
  readonly time: number;
  readonly ok: boolean;
}

/** tanh with a hand-written backward, as a user's custom op would be. */
function customTanh(tf: typeof tfjs): (x: tfjs.Tensor) => tfjs.Tensor {
  return tf.customGrad((...args: (tfjs.Tensor | tfjs.GradSaveFunc)[]) => {
    const [x, save] = args as [tfjs.Tensor, tfjs.GradSaveFunc];
    const y = tf.tanh(x);
    save([y]);
    return { value: y, gradFunc: (dy: tfjs.Tensor, [saved]: tfjs.Tensor[]) => [tf.mul(dy, tf.sub(1, tf.square(saved!)))] };
  }) as (x: tfjs.Tensor) => tfjs.Tensor;
}

function runMode(tf: typeof tfjs, f: (x: tfjs.Tensor) => tfjs.Tensor, x: tfjs.Tensor, mode: 'full' | 'fast'): ModeRun {
  let result: ReturnType<typeof gradcheck> | undefined;
  const time = timeOnce(() => void (result = gradcheck(f, x, { tf, mode, seed: 1 })));
  return { evals: result!.forwardEvaluations, time, ok: result!.ok };
}

async function benchSizes(log: (line: string) => void): Promise<string> {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const f = customTanh(tf);
  const rows: string[][] = [];
  // A full-mode evaluation costs more than f alone (fresh tensors, the mutation check, phi); estimates
  // for skipped sizes use that ratio as measured at the largest size that ran.
  let overhead = 1;
  // Evaluations per entry, as full mode made them at the largest size that ran.
  let perEntry = 4;
  for (const n of SIZES) {
    log(`  gradcheck, n = ${count(n)} ...`);
    const x = tf.randomNormal([n], 0, 1, 'float32', n);
    const oneEval = median(Array.from({ length: 5 }, () => timeOnce(() => tf.tidy(() => void f(x).dataSync()))));
    const fast = runMode(tf, f, x, 'fast');
    const estimate = perEntry * n * oneEval * overhead;
    const full = estimate <= FULL_CAP_SECONDS ? runMode(tf, f, x, 'full') : undefined;
    if (full !== undefined) [overhead, perEntry] = [full.time / full.evals / oneEval, full.evals / n];
    rows.push([
      count(n),
      seconds(oneEval),
      full === undefined ? `~${count(Math.round(perEntry * n))}` : count(full.evals),
      full === undefined ? `skipped (estimated ${seconds(estimate)})` : `${seconds(full.time)}${full.ok ? '' : ' NOT ok'}`,
      count(fast.evals),
      `${seconds(fast.time)}${fast.ok ? '' : ' NOT ok'}`,
      ratio(fast.time / oneEval),
      full === undefined ? `~${ratio(estimate / fast.time)} (est.)` : ratio(full.time / fast.time),
    ]);
    x.dispose();
  }
  return table(
    'gradcheck for TensorFlow.js: full vs fast mode on a custom tanh (tf.customGrad), tfjs cpu backend',
    [
      { header: 'n' },
      { header: 'one f' },
      { header: 'full evals' },
      { header: 'full time', align: 'left' },
      { header: 'fast evals' },
      { header: 'fast time', align: 'left' },
      { header: 'fast / f' },
      { header: 'full / fast' },
    ],
    rows,
    [
      '"one f" is the median time of one evaluation of f alone (5 samples); "evals" count evaluations of f, tf.grads\'s included.',
      'Each mode is timed once per size (seed 1). Fast mode\'s evaluations stay flat as n grows; "fast / f", its time in units of',
      'one f, falls towards its evaluation count as the fixed cost per evaluation (fresh tensors, tf.grads) stops dominating.',
      `Full mode is skipped where it is estimated over ${FULL_CAP_SECONDS} s (its evaluations per entry and the cost of each as at the largest`,
      'size that ran); "NOT ok" would flag a false failure. Full mode made 4 evaluations per entry before it dropped the Richardson step',
      'where the one-sided slopes agree (4 n + 3 at n = 1,000: 4,003).',
    ],
  );
}

function benchVerify(root: string, log: (line: string) => void): string {
  ensureBuilt(root, log);
  const spawn = (args: readonly string[]): { t: number; status: number | null } => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    return { t: (performance.now() - t0) / 1e3, status: r.status };
  };
  log('  verify linear-backward at S=256, M=784, N=128 in fast mode ...');
  spawn(['bin/deltagrad.js', ...VERIFY_ARGS]); // warms the file cache
  const runs = Array.from({ length: 3 }, () => ({ bare: spawn(['-e', '0']), verify: spawn(['bin/deltagrad.js', ...VERIFY_ARGS]) }));
  const t = median(runs.map((r) => r.verify.t));
  const exits = [...new Set(runs.map((r) => String(r.verify.status)))].join(',');
  return table(
    'verify at production sizes',
    [{ header: 'command', align: 'left' }, { header: 'median' }, { header: 'min - max' }, { header: 'x bare' }, { header: 'target', align: 'left' }, { header: 'status', align: 'left' }, { header: 'exit' }],
    [
      [
        `deltagrad ${VERIFY_ARGS.join(' ')}`,
        seconds(t),
        `${seconds(Math.min(...runs.map((r) => r.verify.t)))} - ${seconds(Math.max(...runs.map((r) => r.verify.t)))}`,
        ratio(median(runs.map((r) => r.verify.t / r.bare.t))),
        `< ${VERIFY_TARGET_SECONDS} s`,
        t < VERIFY_TARGET_SECONDS ? 'met' : 'NOT met',
        exits,
      ],
    ],
    [
      'Median of 3 spawned runs after one uncounted run; "x bare": over `node -e 0` in the same round. One case per gradient,',
      'the steps with diff(...) skipped; X has 200,704 entries, so full mode would make about 800,000 evaluations of the forward line.',
    ],
  );
}

/** What auto chooses for softmax at growing sizes, why, and what that costs against full mode. */
async function benchAuto(log: (line: string) => void): Promise<string> {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const rows = [8, 16, 32, 64].map((side) => {
    log(`  gradcheck auto, softmax ${side} x ${side} ...`);
    const x = tf.randomNormal([side, side], 0, 1, 'float32', side);
    let result: ReturnType<typeof gradcheck> | undefined;
    const time = timeOnce(() => void (result = gradcheck((t) => tf.softmax(t), x, { tf, seed: 1 })));
    x.dispose();
    return [`${side} x ${side}`, result!.mode, count(result!.forwardEvaluations), `${seconds(time)}${result!.ok ? '' : ' NOT ok'}`, result!.modeReason];
  });
  return table(
    'gradcheck auto mode on tf.softmax (cpu backend)',
    [{ header: 'input' }, { header: 'mode', align: 'left' }, { header: 'evals' }, { header: 'time', align: 'left' }, { header: 'why (modeReason)', align: 'left' }],
    rows,
    ['auto times the fastest of 3 evaluations of f and keeps full mode while 4 evaluations per entry stay under 2 s and 2,000 entries.'],
  );
}

export async function benchGradcheck(root: string, log: (line: string) => void): Promise<string> {
  return `${await benchSizes(log)}\n${await benchAuto(log)}\n${benchVerify(root, log)}`;
}
