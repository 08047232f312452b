// The training section: a table of runs, loss and accuracy curves, the
// agreement of derived gradients with autodiff, each sweep, and per-class
// accuracy. Plots are Vega-Lite, drawn to SVG on the server.
import type { TopLevelSpec } from 'vega-lite';
import { accuracyChart, gradAgreementChart, lossChart, sweepChart, type RunLabel } from './training-charts.js';
import type { TrainingResults, TrainingRun } from './training-runs.js';
import { count, percent, relErr } from './format.js';
import { html, type Html } from './html.js';

const runLabel: RunLabel = (run) => `${run.start.runId} (${run.start.model}, ${run.start.gradients})`;
const sweepLabel: RunLabel = (run) => `${run.start.sweep?.parameter ?? '?'} = ${run.start.sweep?.value ?? '?'}`;

export async function trainingSection(results: TrainingResults, dir: string): Promise<Html> {
  const { runs, skipped } = results;
  const notes = skipped.length > 0 && html`<details class="skipped"><summary>${skipped.length} unreadable record(s) left out</summary><ul>${skipped.map((s) => html`<li>${s}</li>`)}</ul></details>`;
  if (runs.length === 0) {
    return html`<section id="training"><h2>Training</h2><p class="note">No training results in <code>${dir}</code>: <code>deltagrad train</code> and <code>deltagrad sweep</code> write them there.</p>${notes}</section>`;
  }
  const plain = runs.filter((r) => r.start.sweep === undefined);
  const sweeps = groupBy(runs.filter((r) => r.start.sweep !== undefined), (r) => r.start.sweep!.name);
  const checked = runs.filter((r) => r.gradchecks.length > 0);
  return html`<section id="training"><h2>Training</h2>
${runsTable(runs)}
${plain.length > 0 && html`<h3>Runs</h3>${await figures([lossChart(plain, runLabel, 'Loss'), accuracyChart(plain, runLabel, 'Accuracy')])}`}
${checked.length > 0 && html`<h3>Gradient agreement</h3><p class="note">Worst relative error of each layer's derived gradient against tf.grad, at the steps where it was compared.</p>${await figures([gradAgreementChart(checked, runLabel)])}`}
${await Promise.all([...sweeps].map(async ([name, members]) => {
    const parameter = members[0]!.start.sweep!.parameter;
    return html`<h3>Sweep: ${name}</h3>${await figures([sweepChart(members, parameter), lossChart(members, sweepLabel, `Loss by ${parameter}`), accuracyChart(members, sweepLabel, `Accuracy by ${parameter}`)])}`;
  }))}
${perClassTable(runs)}
${notes}
</section>`;
}

async function figures(specs: readonly TopLevelSpec[]): Promise<Html> {
  // Vega is most of the report's code: a page without training runs does not load it.
  const { renderChart } = await import('./vega-svg.js');
  const svgs = await Promise.all(specs.map(renderChart));
  return html`<div class="figures">${svgs.map((svg) => html`<figure>${svg}</figure>`)}</div>`;
}

function runsTable(runs: readonly TrainingRun[]): Html {
  return html`<table class="runs"><thead><tr><th>Run</th><th>Model</th><th>Gradients</th><th>Backend</th><th>Sweep</th><th>Epochs</th><th>Loss</th><th>Train acc.</th><th>Test acc.</th><th>Samples/s</th><th>Grad-check rel. err</th></tr></thead><tbody>
${runs.map(({ start: s, end: e, diverged: d }) => html`<tr><td>${s.runId}</td><td>${s.model}</td><td>${s.gradients}</td><td>${s.backend}</td><td>${s.sweep ? `${s.sweep.parameter} = ${s.sweep.value}` : ''}</td>
${d !== undefined ? html`<td colspan="6" class="diverged">diverged at step ${d.step}: loss ${String(d.loss)}</td>` : e === undefined ? html`<td colspan="6" class="note">unfinished</td>` : html`<td class="num">${e.epochs}</td><td class="num">${e.loss.toPrecision(3)}</td><td class="num">${percent(e.trainAccuracy)}</td><td class="num">${percent(e.testAccuracy)}</td><td class="num">${count(Math.round(e.samplesPerSecond))}</td><td class="num">${e.gradCheckMaxRelErr === null ? '' : relErr(e.gradCheckMaxRelErr)}</td>`}</tr>`)}
</tbody></table>`;
}

function perClassTable(runs: readonly TrainingRun[]): Html {
  const finished = runs.filter((r) => r.end !== undefined && r.end.perClassAccuracy.length > 0);
  if (finished.length === 0) return html``;
  const classes = finished.reduce((best, r) => (r.end!.classNames.length > best.length ? r.end!.classNames : best), [] as readonly string[]);
  return html`<h3>Test accuracy per class</h3><table class="per-class"><thead><tr><th>Run</th>${classes.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>
${finished.map((r) => {
    const acc = r.end!.perClassAccuracy;
    const worst = Math.min(...acc);
    return html`<tr><td>${runLabel(r)}</td>${classes.map((_, k) => html`<td class="num${acc[k] === worst ? ' worst' : ''}">${acc[k] === undefined ? '' : percent(acc[k])}</td>`)}</tr>`;
  })}
</tbody></table>`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
