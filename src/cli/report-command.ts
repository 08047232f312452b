import { writeReport } from '../report/report.js';
import { checkTarget, type CheckedTarget } from '../verify/verify.js';
import { builtinNames } from '../derivation/builtins.js';
import { seedOrRandom } from './common.js';
import { exitCodeOf, formatSummary, styleFor } from './format.js';
import type { ReportCliOptions } from './commands/report.js';


export async function runReport(targets: readonly string[], opts: ReportCliOptions): Promise<number> {
  const seed = seedOrRandom(opts.seed);
  const started = performance.now();
  const checked: CheckedTarget[] = [];
  // derive's steps are shown beside the claimed ones.
  for (const target of targets.length > 0 ? targets : builtinNames()) checked.push(await checkTarget(target, { runs: opts.runs, seed, derivedSteps: true }));
  const { entries, training } = await writeReport(checked, opts.output, { runs: opts.runs, seed, trainingDir: opts.training });
  const reports = entries.map((e) => e.report);
  const style = styleFor(process.stdout);
  const trainingRuns = training.runs.length;
  process.stdout.write(`wrote ${opts.output} (${trainingRuns} training run${trainingRuns === 1 ? '' : 's'} from ${opts.training})\n`);
  process.stdout.write(formatSummary(reports, (performance.now() - started) / 1000, style));
  return exitCodeOf(reports);
}
