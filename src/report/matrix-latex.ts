// LaTeX for matrix notation (mathjs syntax), through mathjs's own toTex with a
// handler for what its defaults get wrong for us: names print as units
// (\mathrm{W}), `'` as a conjugate transpose (^H), `./` as `.:`, and `inv(X)'`
// as a double superscript. The author's parentheses are kept as written.
import type { MathNode } from 'mathjs';
import { nameToLatex } from '../notation/latex.js';
import { FUNCTIONS } from '../notation/functions.js';
import { mathjs } from '../notation/mathjs.js';

export interface MatrixLatexOptions {
  /** The gradient names (dW, dY), printed as \frac{\partial L}{\partial W}. */
  readonly gradients: ReadonlySet<string>;
  readonly loss: string;
}

type AnyNode = MathNode & {
  name: string;
  value: unknown;
  fn: string | { name?: string };
  args: MathNode[];
  content: MathNode;
};

const REDUCTION_AXIS: Readonly<Record<string, string>> = { '1': 'rows', '2': 'columns' };

/** `lhs = rhs` in matrix notation, e.g. `dW = dY' * X`. */
export function matrixEquationToLatex(lhs: string, rhs: string, options: MatrixLatexOptions): string {
  return `${symbol(lhs, options)} = ${matrixToLatex(rhs, options)}`;
}

export function matrixToLatex(expression: string, options: MatrixLatexOptions): string {
  const handler = (node: MathNode): string | undefined => {
    const n = node as AnyNode;
    switch (n.type) {
      case 'SymbolNode':
        return symbol(n.name, options);
      case 'ConstantNode':
        // A primitive's mode argument ("valid"): letters only reach LaTeX.
        return typeof n.value === 'string' ? `\\text{${n.value.replace(/[^A-Za-z0-9 ]/g, '')}}` : undefined;
      case 'OperatorNode':
        return operator(n, ctx);
      case 'FunctionNode':
        return call(n, ctx);
      default:
        return undefined;
    }
  };
  const ctx: Context = { tex: (n) => n.toTex({ parenthesis: 'keep', handler }), isGradient: (n) => options.gradients.has(n) };
  return ctx.tex(mathjs().parse(expression));
}

interface Context {
  readonly tex: (n: MathNode) => string;
  readonly isGradient: (name: string) => boolean;
}

/** \frac{\partial L}{\partial W}: the gradient of the loss with respect to a tensor. */
export const partialLatex = (loss: string, wrt: string): string => `\\frac{\\partial ${loss}}{\\partial ${nameToLatex(wrt)}}`;

function symbol(name: string, options: MatrixLatexOptions): string {
  return options.gradients.has(name) ? partialLatex(options.loss, name.slice(1)) : nameToLatex(name);
}

function operator(n: AnyNode, ctx: Context): string | undefined {
  const { tex } = ctx;
  const [a, b] = n.args as [MathNode, MathNode];
  switch (n.fn) {
    case 'ctranspose':
    case 'transpose':
      return `${base(a, ctx)}^{\\top}`;
    case 'multiply':
      return `${tex(a)} \\, ${tex(b)}`;
    case 'dotMultiply':
      return `${tex(a)} \\odot ${tex(b)}`;
    case 'dotDivide':
      return `${tex(a)} \\oslash ${tex(b)}`;
    case 'dotPow':
      return `${base(a, ctx)}^{\\circ ${tex(b)}}`;
    case 'divide':
      return `\\frac{${tex(unwrap(a))}}{${tex(unwrap(b))}}`;
    default: {
      // Comparisons and %, spaced: mathjs's own runs \geq into the name after it (\geqB).
      const infix = Object.hasOwn(FUNCTIONS, n.fn as string) ? FUNCTIONS[n.fn as string]! : undefined;
      return infix?.infix === undefined ? undefined : `${tex(a)} ${infix.latex} ${tex(b)}`;
    }
  }
}

function call(n: AnyNode, ctx: Context): string {
  const { tex } = ctx;
  const name = typeof n.fn === 'string' ? n.fn : n.fn.name ?? '';
  const args = n.args.map(tex);
  const list = `\\left(${args.join(', ')}\\right)`;
  switch (name) {
    case 'sum':
    case 'mean': {
      const axis = args.length === 2 ? REDUCTION_AXIS[n.args[1]!.toString()] : undefined;
      return axis === undefined ? `\\operatorname{${name}}${list}` : `\\operatorname{${name}}_{\\text{${axis}}}\\left(${args[0]}\\right)`;
    }
    case 'ones':
      return `\\mathbf{1}_{${args.join(' \\times ')}}`;
    case 'eye':
      return `I_{${args.join(' \\times ')}}`;
    case 'inv':
      return `${base(n.args[0]!, ctx)}^{-1}`;
    case 'det':
      return `\\det${list}`;
    case 'trace':
      return `\\operatorname{tr}${list}`;
    case 'diag':
      return `\\operatorname{diag}${list}`;
    case 'sqrt':
      return `\\sqrt{${args[0]}}`;
    default: {
      const known = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]!.latex : `\\operatorname{${name.replace(/_/g, '\\_')}}`;
      return `${known}${list}`;
    }
  }
}

/** The base of a superscript: bare when it is a plain name or already bracketed. */
function base(n: MathNode, ctx: Context): string {
  const plain = (n.type === 'SymbolNode' && !ctx.isGradient((n as AnyNode).name)) || n.type === 'ParenthesisNode' || n.type === 'MatrixNode';
  return plain ? `{${ctx.tex(n)}}` : `\\left(${ctx.tex(n)}\\right)`;
}

const unwrap = (n: MathNode): MathNode => (n.type === 'ParenthesisNode' ? (n as AnyNode).content : n);
