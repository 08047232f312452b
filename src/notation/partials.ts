// The registry's partial derivatives (functions.ts) as expression trees, each
// parsed on first use and then shared: derive differentiates with them and
// the LaTeX reader expands f'(x) with them.
import type { Expr } from './ast.js';
import { SourceText } from './errors.js';
import { FUNCTIONS } from './functions.js';
import { parseExpr } from './parse.js';

/** Formulas in the arguments a, b, c, by name and argument, parsed once each when first asked for. */
export class ParsedFormulas {
  private readonly parsed = new Map<string, Expr>();

  constructor(
    private readonly texts: (name: string) => readonly string[] | undefined,
    /** What a formula is called in a message, should it not parse. */
    private readonly title: (name: string, arg: string) => string,
  ) {}

  /** The formula for argument `arg` (0 for a) of `name`, or undefined where there is none. */
  get(name: string, arg: number): Expr | undefined {
    const text = this.texts(name)?.[arg];
    if (text === undefined) return undefined;
    const key = `${name}/${arg}`;
    let tree = this.parsed.get(key);
    if (tree === undefined) {
      tree = parseExpr(SourceText.detached(text, this.title(name, 'abc'[arg]!)));
      this.parsed.set(key, tree);
    }
    return tree;
  }
}

/** d/da, d/db, d/dc of each registered function. */
export const PARTIALS = new ParsedFormulas((fn) => FUNCTIONS[fn]?.derivatives, (fn, arg) => `derivative of ${fn} in ${arg}`);
