// `deltagrad report`: verify the targets, read the training results, write
// one self-contained HTML page.
import { DEFAULT_RUNS } from '../verify/verify.js';
import { RUNS_DIR } from '../engine/run-log.js';
import { writeFileAtomic } from '../atomic-write.js';
import { AUDIT_FILE, auditSection } from './audit-html.js';
import { collectEntry, type DeriveSteps, type ReportEntry } from './entries.js';
import { renderPage } from './page.js';
import { trainingSection } from './training-html.js';
import { readTrainingRuns, type TrainingResults } from './training-runs.js';

export interface ReportOptions {
  /** Property-test cases per gradient. */
  readonly runs?: number;
  readonly seed: number;
  /** Where the training results (*.jsonl) are; reports/runs by default. */
  readonly trainingDir?: string;
  /** The symbolic engine's steps, shown beside the claimed ones. */
  readonly derive?: DeriveSteps;
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

export async function buildReport(targets: readonly string[], options: ReportOptions): Promise<BuiltReport> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const entries: ReportEntry[] = [];
  for (const target of targets) entries.push(await collectEntry(target, { runs, seed: options.seed }, options.derive));
  const trainingDir = options.trainingDir ?? RUNS_DIR;
  const training = await readTrainingRuns(trainingDir);
  const section = await trainingSection(training, trainingDir);
  const audit = await auditSection(options.auditFile ?? AUDIT_FILE);
  const html = renderPage({ entries, training: section, audit, runs, seed: options.seed, generatedAt: options.now ?? new Date() });
  return { html, entries, training };
}

export async function writeReport(targets: readonly string[], output: string, options: ReportOptions): Promise<BuiltReport> {
  const built = await buildReport(targets, options);
  await writeFileAtomic(output, built.html);
  return built;
}
