// Matrix notation printed through mathjs's toTex with our handler: names are
// variables, not units; ' is a transpose; every form renders in KaTeX.
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { matrixEquationToLatex, matrixToLatex } from '../../src/report/matrix-latex.js';

const options = { gradients: new Set(['dW', 'dX', 'db', 'dY']), loss: 'L' };
const renders = (tex: string): boolean => {
  katex.renderToString(tex, { throwOnError: true });
  return true;
};

describe('matrixToLatex', () => {
  it('prints W and b as variables, gradients as partials, and a transpose as ^T', () => {
    expect(matrixEquationToLatex('dX', 'dY * W', options)).toBe('\\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial Y} \\, W');
    expect(matrixToLatex("dY' * X", options)).toBe('\\left(\\frac{\\partial L}{\\partial Y}\\right)^{\\top} \\, X');
    expect(matrixToLatex('b .* W', options)).toBe('b \\odot W');
  });

  it('prints reductions by axis, element-wise division and powers', () => {
    expect(matrixToLatex('sum(dY, 1)', options)).toBe('\\operatorname{sum}_{\\text{rows}}\\left(\\frac{\\partial L}{\\partial Y}\\right)');
    expect(matrixToLatex('mean(X, 2)', options)).toBe('\\operatorname{mean}_{\\text{columns}}\\left(X\\right)');
    expect(matrixToLatex('X ./ Y .^ 2', options)).toBe('X \\oslash {Y}^{\\circ 2}');
    expect(matrixToLatex('(Y - T) / S', options)).toBe('\\frac{Y-T}{S}');
  });

  it.each(["inv(X)'", "(A * B)'", 'ones(C, C) * eye(N)', 'trace(X) + det(X)', 'relu(X) .* step(X) + sigmoid(X)', '[b]\' * [c]', '-(1/S) * (T ./ X)'])(
    '%s renders in KaTeX',
    (expression) => expect(renders(matrixToLatex(expression, options))).toBe(true),
  );

  it.each(['dY .* (A >= B)', 'X <= Y', 'X != B', 'A % B', 'where(X > 0, 1 ./ X, 1)', 'tril(2 * A .* dY, -1)', 'softmax(X, 2) - logsumexp(X, 2)', 'outer(b, c)', 'atan2(A, B)'])(
    'the language\'s comparisons and functions: %s renders in KaTeX',
    (expression) => expect(renders(matrixToLatex(expression, options))).toBe(true),
  );

  it('spaces comparisons, so that a name after one is not read as part of its command', () => {
    expect(matrixToLatex('A >= B', options)).toBe('A \\ge B');
  });

  it('lets only letters, digits and spaces of a string argument reach LaTeX', () => {
    const tex = matrixToLatex('conv2d_dx(dY, K, H, W, "va}l\\\\id $x")', options);
    expect(tex).toContain('\\text{valid x}');
    expect(tex).toContain('\\operatorname{conv2d\\_dx}');
    expect(renders(tex)).toBe(true);
  });
});
