// report on a LaTeX answer: each claim's row shows the author's own LaTeX,
// typeset, with its line, beside deltagrad's reading and the verdict.
import { describe, expect, it } from 'vitest';
import { readLatexFile } from '../../src/latex/convert.js';
import { reportOf } from '../report/page-helpers.js';

describe('report on a LaTeX answer', () => {
  it('typesets every step as written, with its line, beside the verdicts', async () => {
    const file = 'test/fixtures/latex/seeds/004-q1-divide.md';
    const { html } = await reportOf([file], { runs: 10, seed: 1, trainingDir: 'test/fixtures/no-such-runs', now: new Date(0) });
    const read = await readLatexFile(file);
    const claims = read.gradientsRead.flatMap((g) => g.claims);
    const cells = [...html.matchAll(/<td class="tex written" title="as written, line (\d+)">([\s\S]*?)<\/td>/g)];
    expect(cells.map((c) => Number(c[1]))).toEqual(claims.map((c) => c.at.line));
    // Typeset by KaTeX (its MathML keeps the source as an annotation), not printed raw.
    expect(cells.every((c) => c[2]!.includes('class="katex'))).toBe(true);
    expect(html).toContain('-f^{\\nabla} \\frac{X}{Y^2}');
  });
});
