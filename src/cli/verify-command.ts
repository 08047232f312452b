import cliProgress from 'cli-progress';
import { builtinNames } from '../derivation/builtins.js';
import { DEFAULT_RUNS, verifyTarget, type DerivationReport } from '../verify/verify.js';
import { EXIT, misuse, seedOrRandom } from './common.js';
import { exitCodeOf, formatReport, formatSummary, styleFor } from './format.js';
import type { VerifyCliOptions } from './commands/verify.js';
import { caseProgress } from './case-progress.js';
import { loadOrUndefined, overBudget } from './work-estimate.js';


export async function runVerify(targets: readonly string[], opts: VerifyCliOptions): Promise<number> {
  if (opts.all && targets.length > 0) return misuse('verify', 'give either --all or targets, not both');
  if (!opts.all && targets.length === 0) return misuse('verify', 'nothing to verify: give a built-in name, a file, or --all');
  const names = opts.all ? builtinNames() : targets;
  const seed = seedOrRandom(opts.seed);
  // At fixed (production) sizes one case already checks every entry, or one projection in fast mode.
  const runs = opts.runs ?? (opts.sizes === undefined ? DEFAULT_RUNS : 1);
  const options = { runs, seed, rtol: opts.rtol, atol: opts.atol, mode: opts.mode, sizes: opts.sizes };
  if (opts.sizes !== undefined && opts.force !== true) {
    const refusal = await overBudget(names, options, opts.sizes);
    if (refusal !== undefined) {
      process.stderr.write(`${refusal}\n`);
      return EXIT.misuse;
    }
  }

  const started = performance.now();
  const bar = !opts.json && process.stderr.isTTY && names.length > 1
    ? new cliProgress.SingleBar({ format: 'verifying {bar} {value}/{total} {name}', stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(names.length, 0, { name: '' });
  const reports: DerivationReport[] = [];
  for (const target of names) {
    bar?.update(reports.length, { name: target });
    const gradients = bar === undefined && !opts.json && process.stderr.isTTY ? (await loadOrUndefined(target))?.gradients.length : undefined;
    const cases = gradients === undefined ? undefined : caseProgress(process.stderr, target, gradients * runs);
    reports.push(await verifyTarget(target, { ...options, onCase: cases?.onCase }));
    cases?.stop();
  }
  bar?.stop();

  const worst = exitCodeOf(reports);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ok: worst === EXIT.ok, seed, derivations: reports }, null, 2)}\n`);
    return worst;
  }
  const style = styleFor(process.stdout);
  for (const r of reports) {
    process.stdout.write(formatReport(r, (_, g) => (g.failedClaim ? `${g.failedClaim.text}   (${g.failedClaim.at})` : undefined), style));
  }
  if (reports.length > 1 || worst !== EXIT.ok) process.stdout.write(formatSummary(reports, (performance.now() - started) / 1000, style));
  return worst;
}
