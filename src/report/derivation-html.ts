// One derivation's section: its forward definition, then per gradient each
// claim typeset with its mark and error figure (the symbolic engine's steps
// beside them when there are any), the wrong step's counterexample, and the
// expectation identities.
import { InputError, SourceText } from '../notation/errors.js';
import { parseEquation } from '../notation/parse.js';
import type { Derivation, GradientSpec } from '../derivation/derivation.js';
import type { DeriveStep } from '../calculus/derive.js';
import { claimsOf, type ClaimOutcome } from '../verify/point.js';
import type { GradientReport } from '../verify/verify.js';
import { expectationCounterexample, gradientCounterexample } from './counterexample-html.js';
import { equationLatex, expectationLatex, gradientLatex, notationOptions, type NotationOptions } from './derivation-latex.js';
import { titleOf, type ReportEntry } from './entries.js';
import { claimLabel, plural, relErr, symbolicText } from './format.js';
import { html, type Html } from './html.js';
import { renderTex } from './tex.js';
import type { LatexFile, ReadGradient, ReadStep } from '../latex/reader.js';

export const sectionId = (index: number): string => `derivation-${index + 1}`;

const mark = (ok: boolean): Html => (ok ? html`<span class="mark ok" title="verified">✓</span>` : html`<span class="mark bad" title="wrong">✗</span>`);

export function derivationSection(entry: ReportEntry, index: number, runs: number): Html {
  const { report: r, derivation: d, loaded } = entry;
  const state = r.error !== null ? 'malformed' : r.ok ? 'ok' : 'wrong';
  const options = d && notationOptions(d);
  return html`<section class="derivation ${state}" id="${sectionId(index)}">
<h2>${mark(r.ok)} ${titleOf(entry)}</h2>
<p class="meta"><code>${r.name}</code>${d?.source && html` · ${d.source}`} · <span class="file">${entry.shownFile}</span></p>
${loaded?.data.description && html`<p class="description">${loaded.data.description}</p>`}
${r.error !== null && html`<p class="malformed-error" role="alert"><strong>✗ ${d === undefined ? 'malformed' : 'cannot be verified'}</strong>: ${r.error}</p>`}
${d && options && d.forward.length > 0 && html`<h3>Forward</h3><div class="forward">${d.forward.map((line) => renderTex(equationLatex(line.parsed, options), true))}</div>`}
${d && options && r.gradients.map((g, k) => gradientBlock(g, d.gradients[k]!, d, options, entry, runs, writtenSteps(entry)?.[k]?.claims))}
${d && r.expectations.length > 0 && html`<h3>Expectations</h3>
<table class="claims expectations"><tbody>${r.expectations.map((e, k) => html`<tr class="${e.ok ? 'ok' : 'failed'}">
<td class="tex">${renderTex(expectationLatex(d.expectations[k]!), true)}</td><td>${mark(e.ok)}</td>
<td class="figure">${plural(e.cases, 'case')}, rel. err ${relErr(e.maxRelErr)}, quadrature error ≤ ${relErr(e.errorBound)}</td></tr>
${!e.ok && html`<tr class="failed-detail"><td colspan="3">${expectationCounterexample(e, entry.target, runs)}</td></tr>`}`)}</tbody></table>`}
</section>`;
}

/** A LaTeX answer's steps as its author wrote them, per gradient. */
const writtenSteps = (entry: ReportEntry): readonly ReadGradient[] | undefined =>
  entry.loaded !== undefined && 'gradientsRead' in entry.loaded ? (entry.loaded as LatexFile).gradientsRead : undefined;

function gradientBlock(g: GradientReport, spec: GradientSpec, d: Derivation, options: NotationOptions, entry: ReportEntry, runs: number, written?: readonly ReadStep[]): Html {
  const outcomes = new Map<unknown, ClaimOutcome>(g.claims.map((o) => [o.label, o]));
  const skipped = new Map<unknown, string>(g.skipped.map((s) => [s.label, s.reason]));
  const rows = claimsOf(spec).map(({ label, claim }, k) => {
    const author = written?.[k];
    const outcome = outcomes.get(label);
    const skip = skipped.get(label);
    const ok = outcome?.ok ?? g.ok;
    const first = label === g.failedStep;
    // Verify reports each claim's own error where a claim failed; otherwise the gradient's worst bounds every claim.
    const figure = outcome !== undefined ? relErr(outcome.maxRelErr) : g.ok ? `≤ ${relErr(g.maxRelErr)}` : '';
    return html`<tr class="${first ? 'failed' : skip !== undefined ? 'skipped' : ok ? 'ok' : 'wrong'}">
<th scope="row">${claimLabel(label)}${first && html`<span class="badge">wrong step</span>`}</th>
${author && html`<td class="tex written" title="as written, line ${author.at.line}">${renderTex(author.latex, true)}<span class="figure">line ${author.at.line}</span></td>`}
<td class="tex">${renderTex(equationLatex(claim.parsed, options), true)}</td>
${skip === undefined ? html`<td>${mark(ok)}</td><td class="figure">${figure}</td>` : html`<td><span class="mark skip">–</span></td><td class="figure">not evaluated: ${skip}</td>`}</tr>
${first && html`<tr class="failed-detail"><td colspan="${written === undefined ? 4 : 5}">${gradientCounterexample(g, d, options.loss, entry.target, runs)}</td></tr>`}`;
  });
  const derived = entry.derived.get(g.wrt);
  const claims = html`<table class="claims"><tbody>${rows}</tbody></table>`;
  const mode = g.mode === 'fast' ? ', each case checked along a random direction' : '';
  return html`<div class="gradient ${g.ok ? 'ok' : 'wrong'}">
<h3>${mark(g.ok)} ${renderTex(gradientLatex(spec, options))} <span class="figure">${plural(g.cases, 'case')}${mode}, worst relative error ${relErr(g.maxRelErr)}, symbolic: ${symbolicText(g.symbolic)}${g.symbolicReason !== null && ` (${g.symbolicReason})`}</span></h3>
${derived === undefined ? claims : html`<div class="beside"><div><h4>Claimed</h4>${claims}</div><div><h4>Derived by deltagrad</h4>${derivedTable(derived, options)}</div></div>`}
</div>`;
}

export function derivedTable(steps: readonly DeriveStep[], options: NotationOptions): Html {
  return html`<table class="claims derived"><tbody>${steps.map((s) => html`<tr><th scope="row">${s.rule}</th><td class="tex">${derivedFormula(s.expr, options)}</td></tr>`)}</tbody></table>`;
}

/** A derived step comes as text from another module: one that does not parse is marked in place. */
function derivedFormula(text: string, options: NotationOptions): Html {
  try {
    return renderTex(equationLatex(parseEquation(SourceText.detached(text)), options), true);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return html`<code class="katex-error" title="${err.message}">${text}</code>`;
  }
}
