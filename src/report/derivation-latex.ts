// LaTeX for the parts of a checked derivation: forward lines, claims and
// expectation identities. Index notation goes through the notation module's
// printer, matrix notation through matrix-latex.ts.
import type { Equation } from '../notation/ast.js';
import { equationToLatex, nameToLatex, toLatex, type LatexOptions } from '../notation/latex.js';
import { scalarLoss, type Derivation, type GradientSpec } from '../derivation/derivation.js';
import type { ExpectationSpec } from '../derivation/expectation.js';
import { matrixEquationToLatex, partialLatex, type MatrixLatexOptions } from './matrix-latex.js';

export type NotationOptions = LatexOptions & MatrixLatexOptions;

/** Gradient names print as \frac{\partial L}{\partial W}; the loss is the output itself when it is a lone scalar. */
export function notationOptions(d: Derivation): NotationOptions {
  const gradients = new Set([...d.outputs.map((o) => o.upstream), ...d.gradients.map((g) => g.gradName)]);
  const output = scalarLoss(d);
  const loss = output === undefined ? 'L' : nameToLatex(output);
  return { gradients, loss, isGradient: (name) => gradients.has(name) };
}

/** An equation as written, in index or matrix notation: a forward line, a claim, a derived step. */
export function equationLatex(eq: Equation, options: NotationOptions): string {
  return eq.form === 'index' ? equationToLatex(eq, options) : matrixEquationToLatex(eq.lhs, eq.rhs, options);
}

/** The symbol of a gradient, \frac{\partial L}{\partial W}. */
export function gradientLatex(g: GradientSpec, options: NotationOptions): string {
  return partialLatex(options.loss, g.wrt);
}

/** `E_{f ~ N(0, sigma^2)}[relu(f)^2] = sigma^2 / 2`: an identity as its file states it. */
export function expectationLatex(e: ExpectationSpec): string {
  const { of, args, equals } = e.parsed;
  const [a, b] = args.map((x) => toLatex(x)) as [string, string];
  const law = e.distribution === 'normal' ? `\\mathcal{N}\\left(${a}, {${b}}^{2}\\right)` : `\\mathcal{U}\\left(${a}, ${b}\\right)`;
  return `\\mathbb{E}_{${nameToLatex(e.variable)} \\sim ${law}}\\left[${toLatex(of)}\\right] = ${toLatex(equals)}`;
}
