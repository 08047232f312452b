// Training results (reports/runs/*.jsonl) read, validated and plotted.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lossChart, sweepChart } from '../../src/report/training-charts.js';
import { trainingSection } from '../../src/report/training-html.js';
import { readTrainingRuns, type TrainingRun } from '../../src/report/training-runs.js';
import { renderChart } from '../../src/report/vega-svg.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { externalReferences, withClass } from './page-helpers.js';

const RUNS = join(FIXTURES, 'runs');

describe('training results', () => {
  it('reads every run and skips the half-written last line of a crashed one', async () => {
    const { runs, skipped } = await readTrainingRuns(RUNS);
    expect(runs.map((r) => r.start.runId)).toEqual([
      'lr-sweep-0.001', 'lr-sweep-0.01', 'lr-sweep-0.1', 'lr-sweep-1', 'mlp-autodiff', 'mlp-derived', 'optimizer-adam', 'optimizer-momentum', 'optimizer-sgd',
    ]);
    expect(skipped).toEqual([expect.stringMatching(/^mlp-autodiff\.jsonl:\d+: not a run record$/)]);
    const derived = runs.find((r) => r.start.runId === 'mlp-derived')!;
    expect(derived.evals.length).toBe(11);
    expect(derived.gradchecks.length).toBe(3);
    expect(derived.end?.classNames).toHaveLength(10);
  });

  it('finds no runs in a missing folder', async () => {
    expect(await readTrainingRuns(join(FIXTURES, 'no-such-folder'))).toEqual({ runs: [], skipped: [] });
  });

  it('draws a learning-rate sweep on a log axis and a categorical one as bars', async () => {
    const { runs } = await readTrainingRuns(RUNS);
    const lr = sweepChart(runs.filter((r) => r.start.sweep?.name === 'learning-rate'), 'lr') as { mark: unknown; encoding: { x: { scale: { type: string } } } };
    expect(lr.encoding.x.scale.type).toBe('log');
    const optimizer = sweepChart(runs.filter((r) => r.start.sweep?.name === 'optimizer'), 'optimizer') as { mark: unknown };
    expect(optimizer.mark).toBe('bar');
  });

  it('draws runs evaluated once as points with whole-number steps, and a diverged learning rate dashed on a log loss axis', async () => {
    const { runs } = await readTrainingRuns(RUNS);
    const sweep = runs.filter((r) => r.start.sweep?.name === 'learning-rate');
    const label = (r: TrainingRun): string => r.start.runId;
    type Spec = { mark: { point: boolean }; data: { values: { run: string; loss: number }[] }; encoding: { y: { scale: { type: string } } } };

    const once = sweep.map((r) => ({ ...r, evals: r.evals.slice(-1) }));
    const onceSpec = lossChart(once, label, 'Loss') as unknown as Spec;
    expect(onceSpec.mark.point).toBe(true);
    const svg = (await renderChart(lossChart(once, label, 'Loss'))).value;
    expect(svg).not.toMatch(/\d\.0{6}/);
    expect(svg.match(/aria-roledescription="point"/g)?.length).toBe(once.length);
    expect((lossChart(sweep, label, 'Loss') as unknown as Spec).mark.point).toBe(false);

    const blownUp = sweep.map((r, k) => (k === sweep.length - 1 ? { ...r, evals: r.evals.map((e, i) => ({ ...e, loss: i === r.evals.length - 1 ? Infinity : 2.7 * 10 ** i })) } : r));
    const spec = lossChart(blownUp, label, 'Loss') as unknown as Spec;
    expect(spec.encoding.y.scale.type).toBe('log');
    expect(spec.data.values.filter((v) => v.run.endsWith('(diverged)'))).toHaveLength(blownUp.at(-1)!.evals.length - 1);
    expect(spec.data.values.every((v) => Number.isFinite(v.loss))).toBe(true);
    const drawn = (await renderChart(lossChart(blownUp, label, 'Loss'))).value;
    expect(drawn).toContain('lr-sweep-1 (diverged)');
    expect(drawn).toContain('stroke-dasharray="4,3"');
    expect((lossChart(sweep, label, 'Loss') as unknown as Spec).encoding.y.scale.type).toBe('linear');
  });

  it('shows the runs table, curves, gradient agreement, each sweep and per-class accuracy as inline SVG', async () => {
    const section = (await trainingSection(await readTrainingRuns(RUNS), RUNS)).value;
    // Runs: loss + accuracy; agreement: 1; two sweeps: 3 each.
    expect(section.match(/<figure><svg /g)).toHaveLength(9);
    for (const heading of ['Runs', 'Gradient agreement', 'Sweep: learning-rate', 'Sweep: optimizer', 'Test accuracy per class']) expect(section).toContain(`<h3>${heading}</h3>`);
    expect(withClass(section, 'runs')).toHaveLength(1);
    expect(section.match(/<tr><td>[^<]*<\/td><td>mlp<\/td>/g)).toHaveLength(9);
    expect(withClass(section, 'per-class')).toHaveLength(1);
    expect(section).toContain('1 unreadable record(s) left out');
    expect(section).not.toMatch(/https?:\/\//);
    expect(externalReferences(section)).toEqual([]);
  });

  it('says where results would be when there are none', async () => {
    const section = (await trainingSection({ runs: [], skipped: [] }, 'reports/runs')).value;
    expect(section).toContain('No training results in <code>reports/runs</code>');
    expect(section).not.toContain('<svg');
  });
});
