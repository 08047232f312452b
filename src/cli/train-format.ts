// Human-readable output of training runs, and the progress bar (stderr, only
// on a terminal). Formatting only: the numbers come from the engine.
import cliProgress from 'cli-progress';
import { GRAD_CHECK_TOLERANCE } from '../engine/grad-check.js';
import type { RunEval, RunGradCheck } from '../engine/run-log.js';
import type { StartInfo, TrainObserver, TrainSummary } from '../engine/train.js';

const percent = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : 'n/a');
const fixed = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : String(x));
const sci = (x: number): string => x.toExponential(1);
const thousands = (x: number): string => Math.round(x).toLocaleString('en-US');

export function formatStart(info: StartInfo): string {
  const source = info.gradients === 'derived' ? `derived gradients from ${info.derivations.join(', ')}` : 'tfjs autodiff gradients (tf.grad)';
  return [
    `backend: ${info.backend.description}`,
    ...(info.backend.passedOver ?? []).map((reason) => `         not ${reason}`),
    ...(info.backend.warning === undefined ? [] : [`warning: ${info.backend.warning}`]),
    `model:   ${info.model}`,
    `         ${source}`,
    `data:    ${info.data}: ${info.trainCount} training, ${info.testCount} test examples`,
    info.fromStep > 0 ? `resumed at step ${info.fromStep} of ${info.totalSteps}` : `steps:   ${info.totalSteps}`,
    `run:     ${info.runId}`,
  ].join('\n');
}

export const formatEval = (r: RunEval): string =>
  `epoch ${r.epoch.toFixed(2).padStart(6)}  step ${String(r.step).padStart(6)}  loss ${fixed(r.loss)}  train ${percent(r.trainAccuracy)}  test ${percent(r.testAccuracy)}  ${r.time.toFixed(1)} s`;

export const formatGradCheck = (r: RunGradCheck, worst: string, ok: boolean): string =>
  `grad check at step ${r.step}: max rel err ${sci(r.maxRelErr)} (${worst}) ${ok ? 'ok' : 'ABOVE 1e-4'}`;

export function formatSummary(s: TrainSummary): string {
  const width = Math.max(5, ...s.classNames.map((n) => n.length));
  const rows = s.classNames.map((name, k) => `  ${name.padEnd(width)}  ${percent(s.perClassAccuracy[k]!).padStart(7)}`);
  const check = s.gradCheckMaxRelErr === null ? '' : `   grad check max rel err ${sci(s.gradCheckMaxRelErr)}`;
  return [
    `test accuracy ${percent(s.testAccuracy)}   train ${percent(s.trainAccuracy)}   loss ${fixed(s.loss)}   ${thousands(s.samplesPerSecond)} samples/s${check}`,
    `  ${'class'.padEnd(width)}  accuracy`,
    ...rows,
    `results: ${s.logFile}`,
  ].join('\n');
}

/**
 * An observer that prints evaluations (and grad checks) as lines, with a
 * progress bar on stderr when it is a terminal; `quiet` prints nothing
 * (--json), `label` prefixes the bar (a sweep's value).
 */
export function consoleObserver({ quiet, label = '' }: { quiet: boolean; label?: string }): TrainObserver & { stop(): void } {
  const bar = !quiet && process.stderr.isTTY === true
    ? new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true, hideCursor: true, format: `${label}{bar} {value}/{total} steps  loss {loss}` }, cliProgress.Presets.shades_classic)
    : undefined;
  let shown: { total: number; value: number; loss: string } | undefined;
  // A line goes out between clearing the bar and drawing it again, so the two never mix on the terminal.
  const print = (line: string): void => {
    if (quiet) return;
    if (shown !== undefined) bar?.stop();
    process.stdout.write(`${line}\n`);
    if (shown !== undefined) bar?.start(shown.total, shown.value, { loss: shown.loss });
  };
  return {
    start(info) {
      print(formatStart(info));
      shown = { total: info.totalSteps, value: info.fromStep, loss: '-' };
      bar?.start(shown.total, shown.value, { loss: shown.loss });
    },
    step(step, _total, loss) {
      if (shown === undefined) return;
      shown = { ...shown, value: step, loss: fixed(loss) };
      bar?.update(step, { loss: shown.loss });
    },
    evaluated: (r) => print(formatEval(r)),
    gradCheck: (r, worst) => print(formatGradCheck(r, worst, r.maxRelErr <= GRAD_CHECK_TOLERANCE)),
    stop: () => {
      if (shown !== undefined) bar?.stop();
      shown = undefined;
    },
  };
}

/** Ctrl-C: the first stops the run after the current step; a second quits at once. */
export function abortOnInterrupt(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    process.stderr.write('\nstopping after this step and saving a checkpoint (Ctrl-C again to quit now)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  return { signal: controller.signal, release: () => process.removeListener('SIGINT', onInterrupt) };
}
