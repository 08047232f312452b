// The box under a wrong claim: why it is wrong, the shrunk counterexample
// (sizes and input values, typeset) and the command that replays it.
import { nameToLatex } from '../notation/latex.js';
import type { Derivation } from '../derivation/derivation.js';
import type { ExpectationOutcome } from '../verify/expectation.js';
import { DEFAULT_RUNS, drawnUpstreams, type GradientReport } from '../verify/verify.js';
import { claimLabel } from './format.js';
import { html, type Html } from './html.js';
import { partialLatex } from './matrix-latex.js';
import { renderTex } from './tex.js';
import { compactValue, numberLatex, tensorLatex } from './values-latex.js';

/** The command that replays a property run. */
export function replayCommand(target: string, seed: number, runs: number): string {
  return `deltagrad verify ${target} --seed ${seed}${runs === DEFAULT_RUNS ? '' : ` --runs ${runs}`}`;
}

function valueHtml(nameTex: string, value: unknown, plainName: string): Html {
  const tex = tensorLatex(value);
  return tex === undefined ? html`<code>${plainName} = ${compactValue(value)}</code>` : renderTex(`${nameTex} = ${tex}`);
}

export function gradientCounterexample(g: GradientReport, d: Derivation, loss: string, target: string, runs: number): Html {
  const c = g.counterexample;
  const sizes = c === null ? [] : Object.entries(c.sizes).map(([k, v]) => `${nameToLatex(k)} = ${v}`);
  return html`<div class="counterexample" role="alert">
<p class="why"><strong>✗ ${g.failedStep === null ? 'wrong' : `${claimLabel(g.failedStep)} is wrong`}</strong>: ${g.reason ?? ''}</p>
${g.failedClaim && html`<p class="source">as written: <code>${g.failedClaim.text}</code> <span class="at">${g.failedClaim.at}</span></p>`}
${c && html`<p>Counterexample${c.shrinks > 0 ? ` (shrunk ${c.shrinks} times)` : ''}: ${sizes.length > 0 ? renderTex(sizes.join(',\\; ')) : 'no dimensions'}</p>
<div class="values">${Object.entries(c.inputs).map(([name, value]) => valueHtml(nameToLatex(name), value, name))}${drawnUpstreams(d, c).map((u) => valueHtml(partialLatex(loss, u.output), u.value, u.upstream))}</div>
${c.claimed !== null && c.actual !== null && html`<p class="entry">${renderTex(`${entryLatex(partialLatex(loss, g.wrt), c.index)}\\text{: claimed }{${numberLatex(c.claimed)}},\\quad \\text{actual (finite differences) }{${numberLatex(c.actual)}}`)}</p>`}`}
<p class="replay">Replay: <code>${replayCommand(target, g.seed, runs)}</code></p>
</div>`;
}

/** The gradient's entry at a (0-based) index, or the gradient itself when it is a scalar. */
const entryLatex = (gradient: string, index: readonly number[] | null): string =>
  index === null || index.length === 0 ? gradient : `\\left(${gradient}\\right)_{${index.join(',')}}`;

export function expectationCounterexample(e: ExpectationOutcome, target: string, runs: number): Html {
  const c = e.counterexample;
  const at = c === null ? [] : Object.entries(c.parameters).map(([k, v]) => `${nameToLatex(k)} = ${numberLatex(v)}`);
  return html`<div class="counterexample" role="alert">
<p class="why"><strong>✗ the identity is wrong</strong>${c && html` at ${renderTex(at.join(',\\; '))}: quadrature gives ${renderTex(numberLatex(c.value))} (error at most ${renderTex(numberLatex(c.error))}), the claim ${renderTex(numberLatex(c.claimed))}`}</p>
<p class="replay">Replay: <code>${replayCommand(target, e.seed, runs)}</code></p>
</div>`;
}
