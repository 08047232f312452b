// Section report: what `deltagrad report` on every built-in costs, split into
// the verification it reuses (the verify module's work) and the page itself
// (KaTeX, the inlined fonts, Vega's SVG), against `deltagrad verify --all`
// spawned in the same run as the baseline. Target: the whole report under 3 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportEntry, type ReportEntry } from '../src/report/entries.js';
import { html } from '../src/report/html.js';
import { renderPage } from '../src/report/page.js';
import { trainingSection } from '../src/report/training-html.js';
import { readTrainingRuns } from '../src/report/training-runs.js';
import { builtinNames } from '../src/derivation/builtins.js';
import { checkTarget, DEFAULT_RUNS } from '../src/verify/verify.js';
import { ratio, seconds, table } from './format.js';
import { median, repeat, timeOnce } from './timing.js';

const TARGET_SECONDS = 3;
/** Spawned runs of each command: the median stands against a burst of load on a shared machine. */
const SPAWNS = 3;

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1e3;
}

function spawnSeconds(root: string, args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/deltagrad.js', ...args], { cwd: root, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`deltagrad ${args.join(' ')} exited ${r.status}`);
  return (performance.now() - t0) / 1e3;
}

export async function benchReport(root: string, log: (line: string) => void): Promise<string> {
  const names = builtinNames();
  const options = { runs: DEFAULT_RUNS, seed: 1 };
  log(`  verifying ${names.length} built-ins in process ...`);
  const entries: ReportEntry[] = [];
  const verify = await timeAsync(async () => {
    for (const name of names) entries.push(reportEntry(await checkTarget(name, options)));
  });
  const page = () => renderPage({ entries, training: html``, runs: options.runs, seed: options.seed, generatedAt: new Date() });
  const coldPage = timeOnce(page);
  const warmPage = repeat(page, { samples: 5, minSampleSeconds: 0.2 });

  log('  drawing the training fixtures (9 Vega-Lite plots) ...');
  const runsDir = join(root, 'test', 'fixtures', 'runs');
  const training = await readTrainingRuns(runsDir);
  const plots: number[] = [];
  for (let k = 0; k < 5; k++) plots.push(await timeAsync(() => trainingSection(training, runsDir)));

  log(`  spawning deltagrad verify --all and deltagrad report, alternately, ${SPAWNS} times each ...`);
  const dir = mkdtempSync(join(tmpdir(), 'deltagrad-bench-report-'));
  const seed = ['--seed', '1'];
  const verifyTimes: number[] = [];
  const reportTimes: number[] = [];
  for (let k = 0; k < SPAWNS; k++) {
    verifyTimes.push(spawnSeconds(root, ['verify', '--all', ...seed]));
    reportTimes.push(spawnSeconds(root, ['report', ...seed, '-o', join(dir, 'index.html'), '--training', join(dir, 'none')]));
  }
  rmSync(dir, { recursive: true, force: true });
  const [cliVerify, cliReport] = [median(verifyTimes), median(reportTimes)];

  const rows = [
    ['deltagrad verify --all (baseline, spawned, median)', seconds(cliVerify), String(SPAWNS), ''],
    ['deltagrad report, every built-in (spawned, median)', seconds(cliReport), String(SPAWNS), `${ratio(cliReport / cliVerify)} of the baseline; target < ${TARGET_SECONDS} s: ${cliReport < TARGET_SECONDS ? 'met' : 'NOT met'}`],
    [`  verification it reuses (in process, ${DEFAULT_RUNS} cases per gradient)`, seconds(verify), '1', ''],
    ['  page: KaTeX, inlined fonts, HTML (first render)', seconds(coldPage), '1', ''],
    ['  page: the same, warm (median)', seconds(warmPage.median), String(warmPage.n), `${(100 * warmPage.median / cliReport).toFixed(0)} % of the report`],
    ['  training section, 9 plots to SVG (median)', seconds(median(plots)), String(plots.length), 'not in the report above: no runs there'],
  ];
  return table(`report (${names.length} built-ins, seed 1)`, [{ header: 'what', align: 'left' }, { header: 'time' }, { header: 'n' }, { header: 'note', align: 'left' }], rows, [
    'The report verifies every claim first (the verify module\'s work, the same as verify --all); the page itself is the rest.',
  ]);
}
