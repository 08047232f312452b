// LaTeX for index expressions: X_{ik}, \delta_{ij}, \sum_{k}, \frac{\partial Y_{sn}}{\partial W_{ij}}.
// Gradient tensors (dW) print as \frac{\partial L}{\partial W_{ij}}.
import type { AffineIndex, Expr, IndexEquation, ReduceOp } from './ast.js';
import { affineToString } from './ast.js';
import { FUNCTIONS } from './functions.js';

const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'sigma', 'tau', 'phi', 'chi', 'psi', 'omega']);
const ALIASES: Readonly<Record<string, string>> = { eps: '\\epsilon', var: '\\sigma^2' };

export interface LatexOptions {
  /** Whether a name is the gradient of the loss with respect to name.slice(1); default: d followed by an upper-case letter. */
  readonly isGradient?: (name: string) => boolean;
  /** The name of the loss in gradient fractions. */
  readonly loss?: string;
}

const defaultIsGradient = (name: string): boolean => /^d[A-Z]/.test(name);

/** A name as LaTeX: Greek letters, `xhat` -> \hat{x}, long names upright. */
export function nameToLatex(name: string): string {
  if (ALIASES[name] !== undefined) return ALIASES[name]!;
  if (GREEK.has(name)) return `\\${name}`;
  const hat = /^(.+)hat$/.exec(name);
  if (hat) return `\\hat{${nameToLatex(hat[1]!)}}`;
  const sub = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (sub) return `${nameToLatex(sub[1]!)}_{${sub[2]}}`;
  return name.length === 1 ? name : `\\mathrm{${name}}`;
}

function indexList(indices: readonly AffineIndex[]): string {
  const parts = indices.map(affineToString);
  return parts.every((p) => /^[a-z]$/.test(p)) ? parts.join('') : parts.join(',');
}

function entryOf(tensor: string, indices: readonly AffineIndex[]): string {
  const base = nameToLatex(tensor);
  return indices.length === 0 ? base : `${base}_{${indexList(indices)}}`;
}

const REDUCTION_LATEX: Readonly<Record<'sum' | ReduceOp, string>> = { sum: '\\sum', max: '\\max', min: '\\min', prod: '\\prod' };

// Binding strength: higher binds tighter.
const PREC = { compare: 0, add: 1, mul: 2, neg: 3, pow: 4, atom: 5 } as const;

export function toLatex(e: Expr, options: LatexOptions = {}): string {
  const isGradient = options.isGradient ?? defaultIsGradient;
  const loss = options.loss ?? 'L';
  // An index's part that is not affine (tok[s], floor(i / 2), N) in LaTeX too: \mathrm{tok}_{s}, \left\lfloor ... \right\rfloor.
  const latexIndex = (ix: AffineIndex): AffineIndex => (ix.rest === undefined ? ix : { ...ix, rest: { expr: ix.rest.expr, text: wrap(go(ix.rest.expr), PREC.add) } });
  const entry = (tensor: string, indices: readonly AffineIndex[]): string => entryOf(tensor, indices.map(latexIndex));
  const access = (tensor: string, indices: readonly AffineIndex[]): string =>
    isGradient(tensor) ? `\\frac{\\partial ${loss}}{\\partial ${entry(tensor.slice(1), indices)}}` : entry(tensor, indices);

  const go = (x: Expr): { tex: string; prec: number } => {
    switch (x.kind) {
      case 'num':
        return { tex: formatNumber(x.value), prec: x.value < 0 ? PREC.neg : PREC.atom };
      case 'sym':
        return { tex: nameToLatex(x.name), prec: PREC.atom };
      case 'access':
        return { tex: access(x.tensor, x.indices), prec: PREC.atom };
      case 'delta':
        return { tex: `\\delta_{${indexList([latexIndex(x.a), latexIndex(x.b)])}}`, prec: PREC.atom };
      case 'sum':
      case 'reduce':
        return { tex: `${REDUCTION_LATEX[x.kind === 'sum' ? 'sum' : x.op]}_{${x.indices.join(',')}} ${wrap(go(x.body), PREC.mul)}`, prec: PREC.add };
      case 'index':
        return { tex: affineToString(latexIndex(x.index)), prec: x.index.terms.length + (x.index.offset === 0 ? 0 : 1) + (x.index.rest === undefined ? 0 : 1) > 1 ? PREC.add : PREC.atom };
      case 'binary': {
        const l = go(x.left);
        const r = go(x.right);
        switch (x.op) {
          // A comparison or \bmod binds more loosely than + and -: as their operand it is bracketed.
          case '+':
            return { tex: `${wrap(l, PREC.add)} + ${wrap(r, PREC.add)}`, prec: PREC.add };
          case '-':
            return { tex: `${wrap(l, PREC.add)} - ${x.right.kind === 'sum' ? r.tex : wrap(r, PREC.mul)}`, prec: PREC.add };
          case '*': {
            // A sum on the right reads as a factor (a \sum_k b_k); on the left it needs brackets.
            // A negated factor on the right needs them too: a \, -b would read as a - b.
            const left = wrap(l, PREC.mul);
            const right = x.right.kind === 'sum' ? r.tex : wrap(r, r.prec === PREC.neg ? PREC.pow : PREC.mul);
            const sep = /^[0-9.]/.test(right) ? ' \\cdot ' : ' \\, ';
            return { tex: `${left}${sep}${right}`, prec: PREC.mul };
          }
          case '/':
            return { tex: `\\frac{${l.tex}}{${r.tex}}`, prec: PREC.atom };
          case '^':
            return { tex: `{${wrap(l, PREC.atom)}}^{${r.tex}}`, prec: PREC.pow };
        }
        break;
      }
      case 'neg':
        return { tex: `-${wrap(go(x.arg), PREC.mul)}`, prec: PREC.neg };
      case 'call': {
        const args = x.args.map((a) => go(a).tex);
        if (x.fn === 'sqrt') return { tex: `\\sqrt{${args[0]}}`, prec: PREC.atom };
        if (x.fn === 'abs') return { tex: `\\left|${args[0]}\\right|`, prec: PREC.atom };
        if (x.fn === 'floor' || x.fn === 'ceil') return { tex: `\\left\\l${x.fn} ${args[0]} \\right\\r${x.fn}`, prec: PREC.atom };
        if (FUNCTIONS[x.fn]!.infix !== undefined) {
          const [l, r] = x.args.map((a) => wrap(go(a), PREC.add));
          return { tex: `${l} ${FUNCTIONS[x.fn]!.latex} ${r}`, prec: PREC.compare };
        }
        return { tex: `${FUNCTIONS[x.fn]!.latex}\\left(${args.join(', ')}\\right)`, prec: PREC.atom };
      }
      case 'diff': {
        const wrt = `\\partial ${entry(x.wrt.tensor, x.wrt.indices)}`;
        if (x.of.kind === 'access' || x.of.kind === 'sym') return { tex: `\\frac{\\partial ${go(x.of).tex}}{${wrt}}`, prec: PREC.atom };
        return { tex: `\\frac{\\partial}{${wrt}} \\left(${go(x.of).tex}\\right)`, prec: PREC.mul };
      }
      default: {
        const never: never = x;
        return never;
      }
    }
    throw new Error('unreachable');
  };
  return go(e).tex;
}

export function equationToLatex(eq: IndexEquation, options: LatexOptions = {}): string {
  const lhs: Expr = { kind: 'access', tensor: eq.lhs.tensor, indices: eq.lhs.indices.map((name) => ({ terms: [{ name, coef: 1 }], offset: 0 })) };
  return `${toLatex(lhs, options)} = ${toLatex(eq.rhs, options)}`;
}

function wrap(part: { tex: string; prec: number }, min: number): string {
  return part.prec >= min ? part.tex : `\\left(${part.tex}\\right)`;
}

function formatNumber(v: number): string {
  const s = String(v);
  const exp = /^(-?[0-9.]+)e([+-]?\d+)$/.exec(s);
  return exp ? `${exp[1]} \\times 10^{${Number(exp[2])}}` : s;
}
