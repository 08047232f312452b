// The audit's handler: select the subjects, run them with a progress bar on
// a terminal, save the JSON, print the table or the JSON.
import cliProgress from 'cli-progress';
import { runAudit, selectSubjects } from '../audit/audit.js';
import { AuditBackendError } from '../audit/runner.js';
import { writeFileAtomic } from '../atomic-write.js';
import type { AuditCliOptions } from './commands/audit.js';
import { EXIT, misuse, seedOrRandom } from './common.js';
import { formatAudit } from './audit-format.js';
import { styleFor } from './format.js';

export async function runAuditCommand(opts: AuditCliOptions): Promise<number> {
  const indices = selectSubjects(opts.ops);
  if (indices.length === 0) return misuse('audit', `--ops ${opts.ops} matches no subject`);
  const seed = seedOrRandom(opts.seed);
  const bar = !opts.json && process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: 'auditing {bar} {value}/{total} {op}', stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(indices.length, 0, { op: '' });
  let report;
  try {
    report = await runAudit(opts.backend, indices, { seed, runs: opts.runs, timeLimit: opts.timeLimit }, (done, op) => bar?.update(done, { op }));
  } catch (err) {
    if (err instanceof AuditBackendError) return misuse('audit', err.message);
    throw err;
  } finally {
    bar?.stop();
  }
  const json = `${JSON.stringify(report, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
  await writeFileAtomic(opts.output, json);
  process.stdout.write(opts.json ? json : formatAudit(report, styleFor(process.stdout)));
  return report.ok ? EXIT.ok : EXIT.wrong;
}
