// What the page shows for the text in its editor, computed without a DOM so
// that it runs in the page's worker and, unchanged, in Node for the tests:
// the report's typeset section for "verify", derive's checked steps for
// "derive", and the malformed input's line and column for the editor.
import { derivationSection, derivedTable } from '../report/derivation-html.js';
import { notationOptions } from '../report/derivation-latex.js';
import { reportEntry, type ReportEntry } from '../report/entries.js';
import { html, type Html } from '../report/html.js';
import { partialLatex } from '../report/matrix-latex.js';
import { renderTex } from '../report/tex.js';
import { InputError } from '../notation/errors.js';
import { buildDerivation, type Derivation } from '../derivation/derivation.js';
import { deriveAndCheck, type CheckedGradient } from '../verify/derive-check.js';
import { checkTarget, type DerivationReport } from '../verify/verify.js';
import type { FormatName } from './format-names.js';
import { LOADERS } from './formats.js';

export type View = 'verify' | 'derive';

export interface CheckRequest {
  readonly format: FormatName;
  readonly text: string;
  /** The file name the text is known by: in messages and in the replay command. */
  readonly file: string;
  readonly view: View;
  readonly seed: number;
  readonly runs: number;
}

/** Malformed input: where, and the one-line message. */
export interface Problem {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** The verdict in a word: verify's, or whether derive derived and checked every gradient. */
export type Verdict = 'verified' | 'wrong' | 'malformed' | 'derived' | 'not derived';

export interface CheckResult {
  readonly view: View;
  readonly verdict: Verdict;
  readonly problem: Problem | null;
  /** verify's verdicts, as `deltagrad verify --json` prints them (verify view only). */
  readonly report: DerivationReport | null;
  /** The typeset result: every value from the text escaped. */
  readonly html: string;
}

export async function check(request: CheckRequest): Promise<CheckResult> {
  return request.view === 'verify' ? verifyView(request) : deriveView(request);
}

/** The report's entry for the text (the download's content too). */
export async function entryOfText(request: CheckRequest): Promise<ReportEntry> {
  const load = () => LOADERS[request.format](request.text, request.file, 'verify');
  return reportEntry(await checkTarget(request.file, { runs: request.runs, seed: request.seed, load }), (file) => file);
}

async function verifyView(request: CheckRequest): Promise<CheckResult> {
  const entry = await entryOfText(request);
  const problem = entry.inputError === undefined ? null : problemOf(entry.inputError);
  const verdict = problem !== null ? 'malformed' : entry.report.ok ? 'verified' : 'wrong';
  return { view: 'verify', verdict, problem, report: entry.report, html: derivationSection(entry, 0, request.runs).value };
}

async function deriveView(request: CheckRequest): Promise<CheckResult> {
  let d: Derivation;
  try {
    d = buildDerivation(LOADERS[request.format](request.text, request.file, 'derive'));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { view: 'derive', verdict: 'malformed', problem: problemOf(err), report: null, html: html`<p class="malformed-error" role="alert"><strong>✗ malformed</strong>: ${err.format()}</p>`.value };
  }
  // With no gradients asked for, every input's.
  const wrt = d.gradients.length > 0 ? undefined : [...d.inputs.keys()];
  const gradients = deriveAndCheck(d, wrt, { runs: request.runs, seed: request.seed });
  const verdict = gradients.every((g) => g.derived !== null && g.verified) ? 'derived' : 'not derived';
  return { view: 'derive', verdict, problem: null, report: null, html: html`<section class="derivation derive">${gradients.map((g) => derivedBlock(g, d))}</section>`.value };
}

function derivedBlock(g: CheckedGradient, d: Derivation): Html {
  const options = notationOptions(d);
  const symbol = renderTex(partialLatex(options.loss, g.wrt));
  if (g.derived === null) return html`<div class="gradient wrong"><h3><span class="mark bad">✗</span> ${symbol} not derived</h3><p>${g.notDerived}</p></div>`;
  const steps = [...g.derived.steps, { rule: 'result', expr: g.derived.result }];
  const verdict = g.verified
    ? html`<span class="mark ok">✓</span> <span class="figure">every step checked numerically</span>`
    : html`<span class="mark bad">✗</span> <span class="figure">${g.failure}</span>`;
  return html`<div class="gradient ${g.verified ? 'ok' : 'wrong'}">
<h3>${symbol} ${verdict}</h3>
${derivedTable(g.matrix === null ? steps : [...steps, { rule: 'matrix form', expr: g.matrix }], options)}
${g.matrix === null && g.matrixNote !== null && html`<p class="note">No matrix form: ${g.matrixNote}</p>`}
</div>`;
}

const problemOf = (err: InputError): Problem => ({ line: err.location.line, col: err.location.col, message: err.message });
