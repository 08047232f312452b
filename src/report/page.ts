// The whole page: header with the verdict counts, a banner linking every
// wrong derivation, the summary table, one section per derivation, then the
// training results. One file, no script, nothing loaded from elsewhere.
import { derivationSection, sectionId } from './derivation-html.js';
import type { ReportEntry } from './entries.js';
import { count } from './format.js';
import { html, trusted, type Html } from './html.js';
import { katexCss } from './katex-css.js';
import { PAGE_CSS } from './page-style.js';
import { summaryTable } from './summary-html.js';

export interface PageContent {
  readonly entries: readonly ReportEntry[];
  readonly training: Html;
  /** The latest saved audit of TensorFlow.js's gradients (empty when none). */
  readonly audit?: Html;
  readonly runs: number;
  readonly seed: number;
  readonly generatedAt: Date;
  /** KaTeX's stylesheet, where the caller has it at hand (the browser page); read from the katex package otherwise. */
  readonly katexStyles?: string;
}

export function renderPage(c: PageContent): string {
  const bad = c.entries.map((e, k) => ({ e, k })).filter(({ e }) => !e.report.ok);
  const verified = c.entries.length - bad.length;
  const banner = bad.length === 0
    ? html`<p class="banner ok"><span class="mark ok">✓</span> Every derivation verified.</p>`
    : html`<div class="banner" role="alert"><strong><span class="mark bad">✗</span> ${bad.length} of ${c.entries.length} derivation${c.entries.length === 1 ? '' : 's'} ${bad.length === 1 ? 'is' : 'are'} wrong or malformed:</strong>
${bad.map(({ e, k }, i) => html`${i > 0 && ', '}<a href="#${sectionId(k)}">${e.report.name}</a>`)}</div>`;
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>deltagrad report</title>
<style>${trusted(c.katexStyles ?? katexCss())}</style>
<style>${trusted(PAGE_CSS)}</style>
</head><body>
<header><h1>deltagrad report</h1>
<p class="meta">${verified} verified, ${bad.length} wrong or malformed, of ${c.entries.length} derivation${c.entries.length === 1 ? '' : 's'} · ${count(c.runs)} property cases per gradient · seed ${c.seed} · ${c.generatedAt.toISOString()}</p></header>
${banner}
<h2>Summary</h2>
${summaryTable(c.entries)}
${c.entries.map((e, k) => derivationSection(e, k, c.runs))}
${c.training}
${c.audit}
<footer>Each claim is compared with central finite differences in float64 on the forward definition, at random sizes and values from the declared domains; a failure is shrunk to the smallest case. Regenerate with <code>deltagrad report</code>.</footer>
</body></html>
`.value;
}
