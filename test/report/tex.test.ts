// KaTeX rendering: a bad formula is a marked error in place, never an
// exception and never a broken page; nothing is trusted.
import { describe, expect, it } from 'vitest';
import { renderTex } from '../../src/report/tex.js';
import { withClass } from './page-helpers.js';

describe('renderTex', () => {
  it('renders a formula with KaTeX', () => {
    const out = renderTex('\\frac{\\partial L}{\\partial W_{ij}}', true).value;
    expect(withClass(out, 'katex-display')).toHaveLength(1);
    expect(withClass(out, 'katex-error')).toEqual([]);
  });

  it.each(['\\frac{a}{', '\\unknownmacro{x}', 'a^b^c', '\\href{javascript:alert(1)}{x}', '\\url{https://example.com}'])(
    'marks %s as an error in place, showing its source escaped',
    (tex) => {
      const out = renderTex(tex).value;
      expect(out).toMatch(/^<code class="katex-error" title="[^"]+">[^<]*<\/code>$/);
      expect(out).toContain(tex.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
      expect(out).not.toMatch(/href="/);
    },
  );
});
