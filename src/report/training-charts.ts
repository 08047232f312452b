// Vega-Lite specifications of the training plots: curves over steps, the
// agreement of derived gradients with autodiff, and the sweeps (a numeric
// parameter on a line, a categorical one as bars). Data in, specs out.
import type { TopLevelSpec } from 'vega-lite';
import type { TrainingRun } from './training-runs.js';

export type RunLabel = (run: TrainingRun) => string;

const SIZE = { width: 280, height: 190 } as const;
const CONFIG = { font: 'sans-serif', legend: { orient: 'bottom', direction: 'vertical', labelLimit: 320 }, axis: { labelFontSize: 11, titleFontSize: 12 } } as const;
/** Log scales cannot show an exact 0; agreement to the last bit is drawn at this floor. */
const REL_ERR_FLOOR = 1e-17;

const chart = (title: string, spec: object): TopLevelSpec => ({ title, ...SIZE, config: CONFIG, ...spec }) as TopLevelSpec;
/** Steps are whole numbers: a run evaluated once gets one tick, not 40.000000. */
const stepAxis = { field: 'step', type: 'quantitative', title: 'training step', axis: { format: 'd', tickMinStep: 1 } } as const;

/** A run whose loss left the finite numbers or grew past ten times where it started. */
export function diverged(run: TrainingRun): boolean {
  const losses = run.evals.map((e) => e.loss);
  return losses.some((l) => !Number.isFinite(l)) || (losses.length > 1 && losses.at(-1)! > 10 * losses[0]!);
}

/** Curves over steps; a run with a single evaluation would draw no line, so every evaluation is also a point. */
const curveMark = (runs: readonly TrainingRun[]): object => ({ type: 'line', point: runs.some((run) => run.evals.length < 2) });

/**
 * Loss over steps. Losses spanning more than two decades (a diverged learning
 * rate beside converging ones) go on a log axis, which keeps the other curves
 * readable; a diverged run is drawn dashed and named as such, and its
 * non-finite losses are left out.
 */
export function lossChart(runs: readonly TrainingRun[], label: RunLabel, title: string): TopLevelSpec {
  const values = runs.flatMap((run) => {
    const name = diverged(run) ? `${label(run)} (diverged)` : label(run);
    return run.evals.filter((e) => Number.isFinite(e.loss)).map((e) => ({ run: name, step: e.step, loss: e.loss, diverged: diverged(run) ? 'diverged' : 'converging' }));
  });
  const losses = values.map((v) => v.loss);
  const log = losses.length > 0 && Math.min(...losses) > 0 && Math.max(...losses) / Math.min(...losses) > 100;
  return chart(title, {
    data: { values },
    mark: curveMark(runs),
    encoding: {
      x: stepAxis,
      y: { field: 'loss', type: 'quantitative', title: log ? 'loss (log scale)' : 'loss', scale: { type: log ? 'log' : 'linear' } },
      color: { field: 'run', type: 'nominal', title: null },
      strokeDash: { field: 'diverged', type: 'nominal', title: null, scale: { domain: ['converging', 'diverged'], range: [[1, 0], [4, 3]] }, legend: null },
    },
  });
}

export function accuracyChart(runs: readonly TrainingRun[], label: RunLabel, title: string): TopLevelSpec {
  const values = runs.flatMap((run) =>
    run.evals.flatMap((e) => [
      { run: label(run), step: e.step, accuracy: e.trainAccuracy, split: 'train' },
      { run: label(run), step: e.step, accuracy: e.testAccuracy, split: 'test' },
    ]),
  );
  return chart(title, {
    data: { values },
    mark: curveMark(runs),
    encoding: {
      x: stepAxis,
      y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', axis: { format: '.0%' } },
      color: { field: 'run', type: 'nominal', title: null },
      strokeDash: { field: 'split', type: 'nominal', title: null },
    },
  });
}

export function gradAgreementChart(runs: readonly TrainingRun[], label: RunLabel): TopLevelSpec {
  const values = runs.flatMap((run) =>
    run.gradchecks.flatMap((g) =>
      Object.entries(g.perParameter).map(([parameter, relErr]) => ({ run: label(run), step: g.step, parameter, relErr: Math.max(relErr, REL_ERR_FLOOR) })),
    ),
  );
  return chart('Derived gradients against tf.grad', {
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: stepAxis,
      y: { field: 'relErr', type: 'quantitative', scale: { type: 'log' }, title: 'worst relative error', axis: { format: '.0e' } },
      color: { field: 'parameter', type: 'nominal', title: 'parameter' },
      strokeDash: { field: 'run', type: 'nominal', title: null },
    },
  });
}

/** Final accuracies against the swept value: a line over a numeric parameter (log scale when it spans decades), else bars. */
export function sweepChart(runs: readonly TrainingRun[], parameter: string): TopLevelSpec {
  // A diverged run has no final accuracy: the title names its value instead of plotting the last one before it diverged.
  const diverged = runs.filter((run) => run.diverged !== undefined).map((run) => run.start.sweep?.value);
  const note = diverged.length === 0 ? '' : ` (diverged: ${parameter} = ${diverged.join(', ')})`;
  const finals = runs.filter((run) => run.diverged === undefined).flatMap((run) => {
    const last = run.end ?? run.evals.at(-1);
    const value = run.start.sweep?.value;
    if (last === undefined || value === undefined) return [];
    return [
      { value, accuracy: last.trainAccuracy, split: 'train' },
      { value, accuracy: last.testAccuracy, split: 'test' },
    ];
  });
  const numbers = finals.map((f) => f.value).filter((v): v is number => typeof v === 'number');
  const numeric = numbers.length === finals.length && finals.length > 0;
  const logScale = numeric && Math.min(...numbers) > 0 && Math.max(...numbers) / Math.min(...numbers) >= 100;
  const y = { field: 'accuracy', type: 'quantitative', title: 'final accuracy', axis: { format: '.0%' } };
  const color = { field: 'split', type: 'nominal', title: null };
  if (numeric) {
    return chart(`Final accuracy against ${parameter}${note}`, {
      data: { values: finals },
      mark: { type: 'line', point: true },
      encoding: { x: { field: 'value', type: 'quantitative', title: parameter, scale: { type: logScale ? 'log' : 'linear' } }, y, color },
    });
  }
  return chart(`Final accuracy by ${parameter}${note}`, {
    data: { values: finals.map((f) => ({ ...f, value: String(f.value) })) },
    mark: 'bar',
    encoding: { x: { field: 'value', type: 'nominal', title: parameter, axis: { labelAngle: 0 } }, xOffset: { field: 'split' }, y, color },
  });
}
