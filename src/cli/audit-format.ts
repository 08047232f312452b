// The audit as text: one row per subject, then each failure with its
// reproducer, then the registered gradients no subject covers.
import type { AuditReport } from '../audit/audit.js';
import type { Style } from './format.js';

const sci = (x: number): string => (Number.isFinite(x) ? x.toExponential(1) : String(x));
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function formatAudit(r: AuditReport, s: Style): string {
  const rows = r.subjects.map((x) => [x.kernels.join(', '), x.op, x.verdict, sci(x.maxRelErr), `${x.seconds.toFixed(1)} s`]);
  const header = ['kernel', 'subject', 'verdict', 'worst rel err', 'time'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => pad(cell, widths[c]!)).join('  ').trimEnd();
  const lines = [`tfjs ${r.tfjsVersion} on ${r.backend}, seed ${r.seed}`, '', line(header)];
  for (const row of rows) lines.push(row[2] === 'ok' ? line(row) : s.bad(line(row)));
  const failures = r.subjects.filter((x) => x.verdict !== 'ok');
  for (const f of failures) {
    lines.push('', s.bad(`✗ ${f.kernels.join(', ')}: ${f.op}: ${f.verdict}`), `  ${f.message}`);
    if (f.reproducer !== null) lines.push(...f.reproducer.split('\n').map((l) => `    ${l}`));
  }
  const { uncovered, registered } = r.coverage;
  lines.push('', `${registered.length} gradients registered; ${uncovered.length === 0 ? 'every one covered' : `not covered: ${uncovered.join(', ')}`}`);
  const ok = r.subjects.length - failures.length;
  lines.push(`${ok} of ${r.subjects.length} subjects ok${failures.length === 0 ? '' : `, ${failures.length} not`}`);
  return `${lines.join('\n')}\n`;
}
