import { derive, isDerived } from '../calculus/derive.js';
import type { DeriveSteps } from '../report/entries.js';
import { writeReport } from '../report/report.js';
import { builtinNames } from '../derivation/builtins.js';
import { seedOrRandom } from './common.js';
import { exitCodeOf, formatSummary, styleFor } from './format.js';
import type { ReportCliOptions } from './commands/report.js';


/** The symbolic engine's own steps, shown beside the claimed ones. */
const derivedSteps: DeriveSteps = (d, g) => {
  const [derived] = derive(d, [g.wrt]).gradients;
  return derived !== undefined && isDerived(derived) ? derived.steps : undefined;
};

export async function runReport(targets: readonly string[], opts: ReportCliOptions): Promise<number> {
  const seed = seedOrRandom(opts.seed);
  const started = performance.now();
  const { entries, training } = await writeReport(targets.length > 0 ? targets : builtinNames(), opts.output, {
    runs: opts.runs,
    seed,
    trainingDir: opts.training,
    derive: derivedSteps,
  });
  const reports = entries.map((e) => e.report);
  const style = styleFor(process.stdout);
  const runs = training.runs.length;
  process.stdout.write(`wrote ${opts.output} (${runs} training run${runs === 1 ? '' : 's'} from ${opts.training})\n`);
  process.stdout.write(formatSummary(reports, (performance.now() - started) / 1000, style));
  return exitCodeOf(reports);
}
