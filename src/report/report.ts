// `deltagrad report`: the checked targets, the training results and the
// saved audit as one self-contained HTML page.
import type { CheckedTarget } from '../verify/verify.js';
import { RUNS_DIR } from '../engine/run-log.js';
import { writeFileAtomic } from '../atomic-write.js';
import { AUDIT_FILE, auditSection } from './audit-html.js';
import { reportEntry, type ReportEntry } from './entries.js';
import { renderPage } from './page.js';
import { trainingSection } from './training-html.js';
import { readTrainingRuns, type TrainingResults } from './training-runs.js';

export interface ReportOptions {
  /** Property-test cases per gradient and the seed the targets were checked with, printed on the page. */
  readonly runs: number;
  readonly seed: number;
  /** Where the training results (*.jsonl) are; reports/runs by default. */
  readonly trainingDir?: string;
  /** The saved audit to show, when it exists; reports/audit.json by default. */
  readonly auditFile?: string;
  /** The date printed on the page (fixed in tests). */
  readonly now?: Date;
}

export interface BuiltReport {
  readonly html: string;
  readonly entries: readonly ReportEntry[];
  readonly training: TrainingResults;
}

export async function buildReport(checked: readonly CheckedTarget[], options: ReportOptions): Promise<BuiltReport> {
  const entries = checked.map((c) => reportEntry(c));
  const trainingDir = options.trainingDir ?? RUNS_DIR;
  const training = await readTrainingRuns(trainingDir);
  const section = await trainingSection(training, trainingDir);
  const audit = await auditSection(options.auditFile ?? AUDIT_FILE);
  const html = renderPage({ entries, training: section, audit, runs: options.runs, seed: options.seed, generatedAt: options.now ?? new Date() });
  return { html, entries, training };
}

export async function writeReport(checked: readonly CheckedTarget[], output: string, options: ReportOptions): Promise<BuiltReport> {
  const built = await buildReport(checked, options);
  await writeFileAtomic(output, built.html);
  return built;
}
