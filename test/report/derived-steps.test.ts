// derive's steps, where verify kept them, are shown beside the claimed ones.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/report.js';
import { checkTarget } from '../../src/verify/verify.js';
import { sectionOf, withClass } from './page-helpers.js';

const steps = [
  { rule: 'chain rule', expr: 'dW[i,j] = sum(s, n, dY[s,n] * diff(Y[s,n], W[i,j]))' },
  { rule: 'sift delta(n,i)', expr: 'dW[i,j] = sum(s, dY[s,i] * X[s,j])' },
  { rule: 'matrix form', expr: "dW = dY' * X" },
  { rule: 'garbled', expr: 'dW[i,j] = (<b>' },
];
const options = { runs: 5, seed: 1, trainingDir: '/nonexistent' };

describe('derived steps', () => {
  it('appear beside the claimed steps of the gradients that have them, typeset with their rules', async () => {
    const checked = await checkTarget('linear-backward', options);
    const { html } = await buildReport([{ ...checked, derived: new Map([['W', steps]]) }], options);
    const section = sectionOf(html, 'linear-backward');
    expect(withClass(section, 'beside')).toHaveLength(1);
    const start = section.indexOf('<h4>Derived by deltagrad</h4>');
    const derived = section.slice(start, section.indexOf('</table>', start));
    for (const { rule } of steps) expect(derived).toContain(`<th scope="row">${rule}</th>`);
    expect(withClass(derived, 'katex-display')).toHaveLength(3);
    // A step that does not parse is marked in place, escaped; the page goes on.
    expect(withClass(derived, 'katex-error')).toHaveLength(1);
    expect(derived).toContain('dW[i,j] = (&lt;b&gt;</code>');
    expect(section).toContain('</section>');
  });

  it('are derive\'s own when verify is asked for them, one table per derived gradient', async () => {
    const checked = await checkTarget('linear-backward', { ...options, derivedSteps: true });
    expect([...checked.derived.keys()].sort()).toEqual(checked.derivation!.gradients.map((g) => g.wrt).sort());
    const { html } = await buildReport([checked], options);
    expect(withClass(sectionOf(html, 'linear-backward'), 'beside')).toHaveLength(checked.derived.size);
    for (const s of checked.derived.get('W')!) expect(html).toContain(`<th scope="row">${s.rule}</th>`);
  });

  it('leave the page as it was when verify was not asked for them', async () => {
    const checked = await checkTarget('linear-backward', options);
    expect(checked.derived.size).toBe(0);
    const { html } = await buildReport([checked], options);
    expect(html).not.toContain('Derived by deltagrad');
    expect(withClass(html, 'beside')).toEqual([]);
  });
});
