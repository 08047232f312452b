// The symbolic engine's steps, when given, are shown beside the claimed ones.
import { describe, expect, it } from 'vitest';
import type { DeriveSteps } from '../../src/report/entries.js';
import { buildReport } from '../../src/report/report.js';
import { sectionOf, withClass } from './page-helpers.js';

const derive: DeriveSteps = (_, g) =>
  g.wrt === 'W'
    ? [
        { rule: 'chain rule', expr: 'dW[i,j] = sum(s, n, dY[s,n] * diff(Y[s,n], W[i,j]))' },
        { rule: 'sift delta(n,i)', expr: 'dW[i,j] = sum(s, dY[s,i] * X[s,j])' },
        { rule: 'matrix form', expr: "dW = dY' * X" },
        { rule: 'garbled', expr: 'dW[i,j] = (<b>' },
      ]
    : undefined;

describe('derived steps', () => {
  it('appear beside the claimed steps of the gradients that have them, typeset with their rules', async () => {
    const { html } = await buildReport(['linear-backward'], { runs: 5, seed: 1, derive, trainingDir: '/nonexistent' });
    const section = sectionOf(html, 'linear-backward');
    expect(withClass(section, 'beside')).toHaveLength(1);
    const start = section.indexOf('<h4>Derived by deltagrad</h4>');
    const derived = section.slice(start, section.indexOf('</table>', start));
    for (const rule of ['chain rule', 'sift delta(n,i)', 'matrix form', 'garbled']) expect(derived).toContain(`<th scope="row">${rule}</th>`);
    expect(withClass(derived, 'katex-display')).toHaveLength(3);
    // A step that does not parse is marked in place, escaped; the page goes on.
    expect(withClass(derived, 'katex-error')).toHaveLength(1);
    expect(derived).toContain('dW[i,j] = (&lt;b&gt;</code>');
    expect(section).toContain('</section>');
  });

  it('leave the page as it was without a derive function', async () => {
    const { html } = await buildReport(['linear-backward'], { runs: 5, seed: 1, trainingDir: '/nonexistent' });
    expect(html).not.toContain('Derived by deltagrad');
    expect(withClass(html, 'beside')).toEqual([]);
  });
});
