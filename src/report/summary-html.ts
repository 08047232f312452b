// The summary table at the top: one row per derivation with its verdict,
// claims, worst relative error, property cases and symbolic agreement.
import { claimsOf } from '../verify/point.js';
import type { DerivationReport, GradientReport } from '../verify/verify.js';
import { sectionId } from './derivation-html.js';
import { titleOf, type ReportEntry } from './entries.js';
import { claimLabel, count, relErr, symbolicText } from './format.js';
import { html, type Html } from './html.js';

function verdict(r: DerivationReport): Html {
  if (r.error !== null) return html`<span class="mark bad">✗</span> malformed`;
  if (r.ok) return html`<span class="mark ok">✓</span> verified`;
  const g = r.gradients.find((x) => !x.ok);
  const where = g === undefined ? 'an expectation' : `d${g.wrt}, ${g.failedStep === null ? 'a claim' : claimLabel(g.failedStep)}`;
  return html`<span class="mark bad">✗</span> wrong: ${where}`;
}

/** Claims judged right out of all claims (every claim of a verified gradient is right). */
function claimsRight(gradients: readonly GradientReport[], claimCounts: readonly number[]): string {
  const total = claimCounts.reduce((a, b) => a + b, 0);
  const right = gradients.reduce((n, g, k) => n + (g.ok ? claimCounts[k]! : g.claims.filter((c) => c.ok).length), 0);
  return `${right}/${total}`;
}

function symbolic(gradients: readonly GradientReport[]): string {
  const tally = new Map<string, number>();
  for (const g of gradients) tally.set(g.symbolic, (tally.get(g.symbolic) ?? 0) + 1);
  if (tally.size === 1) return symbolicText([...tally.keys()][0]!);
  return [...tally].map(([k, n]) => `${n} ${symbolicText(k)}`).join(', ');
}

export function summaryTable(entries: readonly ReportEntry[]): Html {
  const rows = entries.map((entry, k) => {
    const { report: r, derivation: d } = entry;
    const claimCounts = d?.gradients.map((g) => claimsOf(g).length) ?? [];
    const worst = Math.max(0, ...r.gradients.map((g) => g.maxRelErr), ...r.expectations.map((e) => e.maxRelErr));
    const cases = [...r.gradients, ...r.expectations].reduce((n, x) => n + x.cases, 0);
    const known = r.error === null;
    return html`<tr class="${r.error !== null ? 'malformed' : r.ok ? 'ok' : 'wrong'}">
<td><a href="#${sectionId(k)}">${r.name}</a><div class="title">${titleOf(entry)}</div></td>
<td>${verdict(r)}</td>
<td class="num">${known && (r.gradients.length > 0 ? claimsRight(r.gradients, claimCounts) : `${r.expectations.filter((e) => e.ok).length}/${r.expectations.length} identities`)}</td>
<td class="num">${known && relErr(worst)}</td>
<td class="num">${known && count(cases)}</td>
<td>${known && (r.gradients.length > 0 ? symbolic(r.gradients) : 'n/a')}</td></tr>`;
  });
  return html`<table class="summary">
<thead><tr><th>Derivation</th><th>Verdict</th><th>Claims right</th><th>Worst rel. error</th><th>Property cases</th><th>Symbolic</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}
