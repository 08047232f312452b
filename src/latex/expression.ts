// One formula of KaTeX nodes -> an index-notation expression (notation/ast.ts).
// Every value is read as a matrix whose rows and columns may be absent: an
// entry such as X_{ij} is a scalar, a bold or index-free name is a matrix (a
// vector is a column), and products, transposes, Hadamard products and
// indexing `[...]_{ij}` are turned into index notation with fresh indices, so
// that matrix-form and index-form members become the same kind of claim.
import type { AffineIndex, Expr } from '../notation/ast.js';
import { plainIndex } from '../notation/ast.js';
import { indexRest } from '../notation/print.js';
import { InputError, type Location } from '../notation/errors.js';
import { derivativeOf, compoundFunctionAt, functionArity, functionOfLatex, functionOfOperator, headKey } from './functions.js';
import { cleanList, derivativeParts, describe, digits, fontIs, isDigit, isNablaSub, isTranspose, layerOf, matching, splitCommas, splitLayer, reductionOperator, takesSignedOperand } from './forms.js';
import { isAtom, isNotEqual, isRelation, isSpace, listOf, nameKey, startOf, type TexNode } from './katex-tree.js';

/** Whether a value has rows (columns): 'one' when it has none, 'any' for `I` and `\mathbf{1}`, which take the size their context needs. */
export type Extent = 'one' | 'many' | 'any';

export interface Value {
  readonly rows: Extent;
  readonly cols: Extent;
  readonly at: (r: AffineIndex, c: AffineIndex) => Expr;
}

/** What a formula may name: tensors with their rank, constants, dimensions, and LaTeX spellings. */
export interface Names {
  /** Spelling key (katex-tree.ts nameKey, with a layer superscript) -> tensor or constant name. */
  readonly spellings: ReadonlyMap<string, string>;
  readonly ranks: ReadonlyMap<string, number>;
  readonly constants: ReadonlySet<string>;
  readonly dimensions: ReadonlySet<string>;
  /** Function spellings the front matter adds (`f: sigmoid`). */
  readonly functions: ReadonlyMap<string, string>;
  /** How two matrices written side by side multiply: as matrices (the default) or entry by entry. */
  readonly juxtaposition: 'matrix' | 'elementwise';
  /** The derivation's outputs, whose gradients `d` + output are the upstream gradients. */
  readonly outputs: readonly string[];
  /** The lone scalar output, when it is the loss itself. */
  readonly loss: string | undefined;
}

/** A gradient of the loss written as a whole member: with indices (an entry) or without (the whole tensor). */
export interface GradientRef {
  readonly tensor: string;
  readonly indices: readonly AffineIndex[] | undefined;
  readonly start: number;
}

/** A `\sum` bound to check once ranges are known: the index and the dimension symbol or number it was written with. */
export interface SumBound {
  readonly index: string;
  readonly upper: string;
  readonly lower: number;
  readonly start: number;
}

const LOSS_NAMES = new Set(['L', 'Loss', 'E', 'J', '\\ell', 'l', '\\mathcal{L}']);

const ONE: AffineIndex = plainIndex('_');
const scalar = (expr: Expr): Value => ({ rows: 'one', cols: 'one', at: () => expr });
const num = (value: number): Expr => ({ kind: 'num', value });
const bin = (op: '+' | '-' | '*' | '/' | '^', left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
/** The brackets that round what they enclose: \\lfloor x \\rfloor is floor(x), with or without \\left and \\right. */
const ROUNDING: Readonly<Record<string, { close: string; fn: string }>> = {
  '\\lfloor': { close: '\\rfloor', fn: 'floor' },
  '\\lceil': { close: '\\rceil', fn: 'ceil' },
};

export class FormulaReader {
  private fresh = 0;
  /** How deep the reader is inside a non-affine index term, where a lower-case letter is an index's value. */
  private insideIndex = 0;
  /** Letters the formula already uses (indices and names), which fresh indices avoid. */
  private readonly taken = new Set<string>();
  readonly bounds: SumBound[] = [];

  constructor(
    readonly names: Names,
    /** File location of an offset in the formula. */
    private readonly locate: (offset: number) => Location,
    /** The formula's source, to place nodes KaTeX gives no location (\sum). */
    private readonly source?: string,
  ) {}

  fail(message: string, node: TexNode | number | undefined): InputError {
    const offset = typeof node === 'number' ? node : node === undefined ? 0 : startOf(node, this.source) ?? 0;
    return new InputError(message, this.locate(offset));
  }

  /** Letters a formula uses, so that indices made up for matrix products read like the author's (i, j, k) without clashing. */
  avoid(nodes: unknown): void {
    if (nodes === null || typeof nodes !== 'object') return;
    if (Array.isArray(nodes)) return nodes.forEach((n) => this.avoid(n));
    const node = nodes as TexNode;
    if (node.type === 'mathord' && /^[a-z]$/.test(node.text ?? '')) this.taken.add(node.text!);
    for (const key of ['body', 'base', 'sup', 'sub', 'numer', 'denom'] as const) this.avoid(node[key]);
  }

  freshIndex(): AffineIndex {
    const letter = [...'ijklpqrstuvwabcdefgh'].find((c) => !this.taken.has(c) && !this.names.spellings.has(c));
    if (letter !== undefined) {
      this.taken.add(letter);
      return plainIndex(letter);
    }
    return plainIndex(`k${++this.fresh}`);
  }

  /** A whole member: a scalar expression, or a matrix value. */
  read(nodes: readonly TexNode[], where: number): Value {
    const clean = cleanList(nodes);
    if (clean.length === 0) throw this.fail('expected an expression here', where);
    return this.infix(clean, where);
  }

  /** A member that is a gradient of the loss as a whole, or undefined. */
  gradientMember(nodes: readonly TexNode[]): GradientRef | undefined {
    const clean = cleanList(nodes);
    if (clean.length === 2 && isNablaSub(clean[0]!) && this.isLoss(clean[1]!)) {
      const tensor = this.tensorNamed(listOf(clean[0]!.sub!), clean[0]!);
      return { tensor: tensor.name, indices: undefined, start: startOf(clean[0]!) ?? 0 };
    }
    if (clean.length !== 1) return undefined;
    return this.gradientNode(clean[0]!);
  }

  /** A member `\frac{\partial Y_{ij}}{\partial X_{kl}}` of two tensor entries, or undefined. */
  jacobianMember(nodes: readonly TexNode[]): { of: { tensor: string; indices: readonly AffineIndex[] }; wrt: { tensor: string; indices: readonly AffineIndex[] } } | undefined {
    const clean = cleanList(nodes);
    if (clean.length !== 1 || clean[0]!.type !== 'genfrac') return undefined;
    const parts = derivativeParts(clean[0]!);
    if (parts === undefined || parts.of.length === 0 || this.isLossList(parts.of)) return undefined;
    const of = this.entryOf(parts.of);
    const wrt = this.entryOf(parts.wrt);
    return of !== undefined && wrt !== undefined ? { of, wrt } : undefined;
  }

  // ---- comparisons and \bmod ----

  /** `a \le b`, `X_{ij} \neq 0`, `i \bmod 2`: operators that bind more loosely than + and -, read left to right. */
  private infix(nodes: readonly TexNode[], where: number): Value {
    let depth = 0;
    let last = -1;
    nodes.forEach((node, k) => {
      const bracket = node.type === 'supsub' && node.base?.type === 'atom' ? node.base : node;
      if (isAtom(bracket, 'open')) depth++;
      if (isAtom(bracket, 'close')) depth--;
      if (depth === 0 && functionOfOperator(node) !== undefined) last = k;
    });
    if (last < 0) return this.additive(nodes, where);
    const op = nodes[last]!;
    const fn = functionOfOperator(op)!;
    const [left, right] = [nodes.slice(0, last), nodes.slice(last + 1)];
    if (left.length === 0 || right.length === 0) throw this.fail(`expected a value on both sides of ${op.text ?? fn}`, op);
    const a = this.isIndexForm(left) ? scalar({ kind: 'index', index: this.affine(left, op) }) : this.infix(left, where);
    const b = this.operand(right, op);
    const shape = this.elementwise(a, b, '+', op);
    return { ...shape, at: (r, c) => ({ kind: 'call', fn, args: [a.at(r, c), b.at(r, c)] }) };
  }

  /** One side of a comparison: a value, or index arithmetic (`i`, `j+1`) compared as a number. */
  private operand(nodes: readonly TexNode[], op: TexNode): Value {
    return this.isIndexForm(nodes) ? scalar({ kind: 'index', index: this.affine(nodes, op) }) : this.additive(nodes, startOf(op) ?? 0);
  }

  /** Whether nodes are index arithmetic: letters that name nothing declared, digits, +, - and a coefficient's *. */
  private isIndexForm(nodes: readonly TexNode[]): boolean {
    const letter = (n: TexNode): boolean => n.type === 'mathord' && /^[a-z]$/.test(n.text ?? '') && !this.names.spellings.has(n.text!);
    return nodes.some(letter) && nodes.every((n) => letter(n) || isDigit(n) || isAtom(n, 'bin', '+', '-', '*', '\\cdot'));
  }

  // ---- sums of terms ----

  private additive(nodes: readonly TexNode[], where: number): Value {
    const terms: { sign: 1 | -1; nodes: TexNode[]; at: number }[] = [];
    let current: TexNode[] = [];
    let sign: 1 | -1 = 1;
    let at = where;
    let depth = 0;
    for (const node of nodes) {
      const bracket = node.type === 'supsub' && node.base?.type === 'atom' ? node.base : node;
      if (isAtom(bracket, 'open')) depth++;
      if (isAtom(bracket, 'close')) depth--;
      if (depth > 0 || isAtom(bracket, 'close')) {
        current.push(node);
      } else if (isAtom(node, 'bin', '+', '-') && current.length > 0 && !takesSignedOperand(current.at(-1)!)) {
        terms.push({ sign, nodes: current, at });
        current = [];
        sign = node.text === '-' ? -1 : 1;
        at = startOf(node) ?? at;
      } else if (isAtom(node, 'bin', '+', '-') && current.length > 0) {
        // The sign of what follows \sum, \max_k or \cdot: the product reads it (\max_k -x is not -\max_k x).
        current.push(node);
      } else if (isAtom(node, 'bin', '+', '-') || (isAtom(node, 'ord', '-'))) {
        if (node.text === '-') sign = sign === 1 ? -1 : 1;
        at = startOf(node) ?? at;
      } else if (isAtom(node, 'bin', '\\pm', '\\mp')) {
        throw this.fail(`${node.text} is not one value: write the two cases as separate claims`, node);
      } else {
        current.push(node);
      }
    }
    if (current.length === 0) throw this.fail('expected a term after the sign', at);
    terms.push({ sign, nodes: current, at });
    let total: Value | undefined;
    for (const term of terms) {
      const value = this.product(term.nodes, term.at);
      if (total === undefined) {
        total = term.sign === 1 ? value : this.negate(value);
        continue;
      }
      total = this.elementwise(total, value, term.sign === 1 ? '+' : '-', term.at);
    }
    return total!;
  }

  private negate(v: Value): Value {
    return { ...v, at: (r, c) => ({ kind: 'neg', arg: v.at(r, c) }) };
  }

  // ---- products ----

  private product(nodes: readonly TexNode[], where: number): Value {
    let value: Value | undefined;
    let pending: '*' | '.*' | './' | '/' = '*';
    let k = 0;
    while (k < nodes.length) {
      const node = nodes[k]!;
      if (isAtom(node, 'bin', '\\cdot', '\\times', '*', '\\ast') || (node.type === 'textord' && node.text === '*')) {
        pending = '*';
        k++;
        continue;
      }
      if (isAtom(node, 'bin', '\\odot', '\\circ')) {
        pending = '.*';
        k++;
        continue;
      }
      if (isAtom(node, 'bin', '\\oslash') || (node.type === 'textord' && node.text === '/')) {
        pending = node.text === '/' ? '/' : './';
        k++;
        continue;
      }
      if (isAtom(node, 'bin', '+', '-')) {
        // A sign after \sum_k, \cdot or a derivative operator belongs to the factor that follows.
        const [operand, used] = this.signed(nodes, k);
        value = value === undefined ? operand : this.combine(value, operand, pending, node);
        pending = '*';
        k += used;
        continue;
      }
      if (isAtom(node, 'bin', '\\otimes')) throw this.fail('\\otimes is ambiguous (outer or Kronecker product): write the product of entries', node);
      // A sum or a derivative operator takes the rest of the product as its body.
      const prefix = this.prefixOperator(node, nodes.slice(k + 1), where);
      const [factor, used] = prefix !== undefined ? [prefix, nodes.length - k] : this.factor(nodes, k);
      value = value === undefined ? factor : this.combine(value, factor, pending, node);
      pending = '*';
      k += used;
    }
    if (value === undefined) throw this.fail('expected a factor here', where);
    return value;
  }

  /** `-x` inside a product: the sign and the rest of the product (so that \sum_k -a_k b_k is a sum of -a_k b_k). */
  private signed(nodes: readonly TexNode[], k: number): [Value, number] {
    const sign = nodes[k]!;
    const rest = nodes.slice(k + 1);
    if (rest.length === 0) throw this.fail(`expected a factor after ${sign.text}`, sign);
    const value = this.product(rest, startOf(rest[0]!) ?? 0);
    return [sign.text === '-' ? this.negate(value) : value, nodes.length - k];
  }

  private combine(a: Value, b: Value, op: '*' | '.*' | './' | '/', node: TexNode): Value {
    if (op === '.*') return this.elementwise(a, b, '*', node);
    if (op === './' || op === '/') return this.elementwise(a, b, '/', node);
    return this.multiply(a, b, node);
  }

  /** Juxtaposition: a scalar scales, two matrices multiply (a column times a row is an outer product). */
  multiply(a: Value, b: Value, node: TexNode | number): Value {
    const isScalar = (v: Value): boolean => v.rows !== 'many' && v.cols !== 'many' && !(v.rows === 'any' && v.cols === 'any');
    if (isScalar(a) || isScalar(b) || this.names.juxtaposition === 'elementwise') return this.elementwise(a, b, '*', node);
    if (a.cols === 'one' || b.rows === 'one') {
      if (a.cols === 'one' && b.rows === 'one') return { rows: a.rows, cols: b.cols, at: (r, c) => bin('*', a.at(r, ONE), b.at(ONE, c)) };
      throw this.fail(`cannot multiply these: the left factor ${a.cols === 'one' ? 'has one column' : 'has columns'} and the right ${b.rows === 'one' ? 'has one row' : 'has rows'}`, node);
    }
    return {
      rows: a.rows,
      cols: b.cols,
      at: (r, c) => {
        const k = this.freshIndex();
        return { kind: 'sum', indices: [k.terms[0]!.name], body: bin('*', a.at(r, k), b.at(k, c)) };
      },
    };
  }

  elementwise(a: Value, b: Value, op: '+' | '-' | '*' | '/' | '^', node: TexNode | number): Value {
    const merge = (x: Extent, y: Extent, what: string): Extent => {
      if (x === y || y === 'any') return x;
      if (x === 'any') return y;
      // A scalar broadcasts against anything.
      if (a.rows === 'one' && a.cols === 'one') return y;
      if (b.rows === 'one' && b.cols === 'one') return x;
      throw this.fail(`the two sides of ${op} differ in their ${what}`, node);
    };
    return { rows: merge(a.rows, b.rows, 'rows'), cols: merge(a.cols, b.cols, 'columns'), at: (r, c) => bin(op, a.at(r, c), b.at(r, c)) };
  }

  private prefixOperator(node: TexNode, rest: readonly TexNode[], where: number): Value | undefined {
    const body = (): Value => {
      if (rest.length === 0) throw this.fail('expected the expression this operator applies to after it', node);
      return this.product(rest, startOf(rest[0]!) ?? where);
    };
    const reduction = reductionOperator(node);
    if (reduction !== undefined) {
      const { op } = reduction;
      const indices = this.sumIndices(reduction);
      const inner = body();
      return { ...inner, at: (r, c) => (op === 'sum' ? { kind: 'sum', indices, body: inner.at(r, c) } : { kind: 'reduce', op, indices, body: inner.at(r, c) }) };
    }
    if (node.type === 'genfrac') {
      const parts = derivativeParts(node);
      if (parts !== undefined && parts.of.length === 0) {
        const wrt = this.wrtEntries(parts.wrt, node);
        const inner = body();
        return { rows: wrt.rows, cols: wrt.cols, at: (r, c) => ({ kind: 'diff', of: this.asScalar(inner, node), wrt: wrt.access(r, c) }) };
      }
    }
    return undefined;
  }

  private sumIndices(sum: { op: string; node: TexNode; sub: TexNode | null | undefined; sup: TexNode | null | undefined }): string[] {
    const sub = listOf(sum.sub);
    if (sub.length === 0) throw this.fail(`\\${sum.op} needs its index below it, e.g. \\${sum.op}_{k}`, sum.node);
    const relation = sub.findIndex(isRelation);
    if (relation >= 0) {
      const rel = sub[relation]!;
      if (!isAtom(rel, 'rel', '=')) throw this.fail('a sum over part of a range (\\neq, <, ...) cannot be checked: sum over the whole range and subtract the excluded terms', sum.node);
      const indices = this.indexNames(sub.slice(0, relation), sum.node);
      const lower = Number(digits(sub.slice(relation + 1)));
      if (indices.length !== 1 || !(lower === 0 || lower === 1)) throw this.fail('a bounded sum runs over one index from 0 or 1, e.g. \\sum_{k=1}^{n}', sub[relation + 1] ?? rel);
      const upper = nameKey({ type: 'ordgroup', body: listOf(sum.sup) } as TexNode);
      if (upper === undefined) throw this.fail('expected the upper bound of the sum (a dimension or a number), e.g. \\sum_{k=1}^{n}', sum.node);
      this.bounds.push({ index: indices[0]!, upper, lower, start: startOf(sum.node) ?? 0 });
      return indices;
    }
    if (sum.sup !== null && sum.sup !== undefined) throw this.fail('a sum with an upper bound needs its lower one, e.g. \\sum_{k=1}^{n}', sum.sup);
    return this.indexNames(sub, sum.node);
  }

  /** `ij`, `i,j`, `kl`: index names, one letter each unless separated by commas. */
  private indexNames(nodes: readonly TexNode[], at: TexNode): string[] {
    return this.indexList(nodes, at).map((ix) => {
      if (ix.terms.length !== 1 || ix.terms[0]!.coef !== 1 || ix.offset !== 0) throw this.fail('a sum runs over plain indices', at);
      return ix.terms[0]!.name;
    });
  }

  /** Indices in a subscript: `ij`, `i,j`, `p+u`, `i-1`, `2p+u`. */
  indexList(nodes: readonly TexNode[], at: TexNode): AffineIndex[] {
    const items = nodes.filter((n) => !isSpace(n));
    if (items.length === 0) throw this.fail('expected indices in the subscript', at);
    const groups: TexNode[][] = [];
    const commas = items.some((n) => isAtom(n, 'punct', ','));
    if (commas) {
      let current: TexNode[] = [];
      for (const n of items) {
        if (isAtom(n, 'punct', ',')) {
          groups.push(current);
          current = [];
        } else current.push(n);
      }
      groups.push(current);
    } else if (!items.every((n) => n.type === 'mathord' || isDigit(n) || isAtom(n, 'bin', '+', '-', '*'))) {
      // One index with a part that is not affine: \mathrm{tok}_{s}, \operatorname{floor}(i/2).
      groups.push(items);
    } else {
      // Letters run together are separate indices; a sign or a digit joins the letter before it.
      for (const n of items) {
        const last = groups.at(-1)?.at(-1);
        const joins = last !== undefined && (isAtom(n, 'bin', '+', '-', '*') || /^[0-9]$/.test(n.text ?? '') || isAtom(last, 'bin', '+', '-', '*') || /^[0-9]$/.test(last.text ?? ''));
        if (joins) groups.at(-1)!.push(n);
        else groups.push([n]);
      }
    }
    return groups.map((g) => this.affine(g, at));
  }

  /** One index: signed letters with coefficients and numbers (`2p+u`, `i-1`), plus what is not affine (`N-1-i`, `\\mathrm{tok}_{s}`, `\\operatorname{floor}(i/2)`). */
  private affine(nodes: readonly TexNode[], at: TexNode): AffineIndex {
    if (nodes.length === 0) throw this.fail('expected an index', at);
    const terms: { name: string; coef: number }[] = [];
    let offset = 0;
    const rest: Expr[] = [];
    for (const { sign, part } of this.signedParts(nodes, at)) {
      const letter = part.at(-1)!;
      const lead = part.slice(0, -1);
      const coefDigits = lead.length > 0 && isAtom(lead.at(-1)!, 'bin', '*', '\\cdot') ? lead.slice(0, -1) : lead;
      if (part.every(isDigit)) {
        offset += sign * Number(digits(part));
      } else if (letter.type === 'mathord' && /^[a-z]$/.test(letter.text ?? '') && coefDigits.every(isDigit) && (coefDigits.length > 0 || lead.length === 0)) {
        terms.push({ name: letter.text!, coef: sign * (coefDigits.length > 0 ? Number(digits(coefDigits)) : 1) });
      } else if (part.length === 1 && (letter.type === 'mathord' || letter.type === 'textord') && !this.names.spellings.has(letter.text ?? '')) {
        throw this.fail('an index is a lower-case letter, or an affine form such as p+u or i-1', letter);
      } else {
        const value = this.indexPart(part);
        rest.push(sign === 1 ? value : { kind: 'neg', arg: value });
      }
    }
    if (rest.length === 0) return { terms, offset };
    return { terms, offset, rest: indexRest(rest.reduce((left, right) => bin('+', left, right))) };
  }

  /** An index's terms with their signs, split at the + and - outside brackets. */
  private signedParts(nodes: readonly TexNode[], at: TexNode): { sign: 1 | -1; part: TexNode[] }[] {
    const parts: { sign: 1 | -1; part: TexNode[] }[] = [];
    let sign: 1 | -1 = 1;
    let part: TexNode[] = [];
    let depth = 0;
    for (const n of nodes) {
      if (isAtom(n, 'open')) depth++;
      if (isAtom(n, 'close')) depth--;
      if (depth === 0 && (isAtom(n, 'bin', '+', '-') || isAtom(n, 'ord', '-'))) {
        if (part.length > 0) parts.push({ sign, part });
        else if (parts.length > 0 || n.text === '+') throw this.fail('expected an index term between the signs', n);
        sign = n.text === '-' ? -1 : 1;
        part = [];
      } else {
        part.push(n);
      }
    }
    if (part.length === 0) throw this.fail('expected an index term after the sign', at);
    parts.push({ sign, part });
    return parts;
  }

  /** A non-affine index term, in which index letters are numbers: `\\mathrm{tok}_{s}`, `\\operatorname{floor}(i/2)`. */
  private indexPart(nodes: readonly TexNode[]): Expr {
    this.insideIndex++;
    try {
      return this.asScalar(this.read(nodes, startOf(nodes[0]!) ?? 0), nodes[0]!);
    } finally {
      this.insideIndex--;
    }
  }

  // ---- factors ----

  /** One factor starting at nodes[k], with how many nodes it used. */
  private factor(nodes: readonly TexNode[], k: number): [Value, number] {
    const node = nodes[k]!;
    if (node.type === 'supsub' && !node.base) throw this.fail('a subscript or superscript needs something before it', node);
    // Numbers: KaTeX gives one node per digit.
    if (isDigit(node) || (node.type === 'supsub' && isDigit(node.base!))) {
      let j = k;
      let text = '';
      let power: TexNode | undefined;
      while (j < nodes.length && power === undefined && (isDigit(nodes[j]!) || (nodes[j]!.type === 'supsub' && isDigit(nodes[j]!.base!)))) {
        const n = nodes[j++]!;
        // In 10^{-7} the exponent belongs to the whole number, though KaTeX attaches it to the last digit.
        if (n.type === 'supsub') power = n;
        text += (n.type === 'supsub' ? n.base! : n).text;
      }
      if (!Number.isFinite(Number(text))) throw this.fail(`cannot read the number ${text}`, node);
      const value = scalar(num(Number(text)));
      return [power === undefined ? value : this.withScripts(value, power, power), j - k];
    }
    if (isAtom(node, 'open', '(', '[', '\\lbrack')) {
      const close = matching(nodes, k);
      if (close < 0) throw this.fail(`${node.text} is never closed in this member`, node);
      const inner = nodes.slice(k + 1, close);
      const closer = nodes[close]!;
      const group = node.text === '(' ? this.read(inner, startOf(node) ?? 0) : this.bracket(inner, node);
      const sub = closer.type === 'supsub' ? closer : undefined;
      const value = sub === undefined ? group : this.withScripts(group, sub, node);
      return [value, close + 1 - k];
    }
    const rounding = isAtom(node, 'open') ? ROUNDING[node.text!] : undefined;
    if (rounding !== undefined) {
      const close = matching(nodes, k);
      if (close < 0 || !isAtom(nodes[close]!, 'close', rounding.close)) throw this.fail(`${node.text} is never closed by ${rounding.close} in this member`, node);
      return [this.apply(rounding.fn, this.read(nodes.slice(k + 1, close), startOf(node) ?? 0)), close + 1 - k];
    }
    if (isAtom(node, 'close')) throw this.fail(`${node.text} closes nothing`, node);
    // A function whose name takes several nodes (\log\Gamma, \psi_1): its arguments follow the last of them.
    const compound = compoundFunctionAt(nodes, k);
    if (compound !== undefined) {
      const [value, used] = this.call(compound.fn, nodes, k + compound.used - 1);
      return [value, used + compound.used - 1];
    }
    const head = node.type === 'supsub' ? node.base : node;
    // A function call: a known function's name followed by its arguments.
    const fn = head === null || head === undefined ? undefined : this.functionAt(head);
    if (fn !== undefined) return this.call(fn, nodes, k);
    if (head?.type === 'font' && head.font === 'mathbb' && nameKey(head) === '1') return this.indicator(nodes, k);
    return [this.primary(node), 1];
  }

  /** `[i = j]` (Iverson) or a bracket used as parentheses. */
  private bracket(inner: readonly TexNode[], open: TexNode): Value {
    const clean = cleanList(inner);
    const rel = clean.findIndex((n) => isRelation(n));
    return rel >= 0 ? scalar(this.condition(clean, open)) : this.read(inner, startOf(open) ?? 0);
  }

  /** `\mathbb{1}(cond)`, `\mathbb{1}[cond]`, `\mathbb{1}_{cond}`: 1 where cond holds, else 0. */
  private indicator(nodes: readonly TexNode[], k: number): [Value, number] {
    const node = nodes[k]!;
    if (node.type === 'supsub' && node.sub) return [scalar(this.condition(cleanList(listOf(node.sub)), node)), 1];
    const open = nodes[k + 1];
    if (open !== undefined && isAtom(open, 'open', '(', '[')) {
      const close = matching(nodes, k + 1);
      if (close < 0) throw this.fail(`${open.text} is never closed in this member`, open);
      return [scalar(this.condition(cleanList(nodes.slice(k + 2, close)), open)), close + 1 - k];
    }
    if (open?.type === 'leftright') return [scalar(this.condition(cleanList(listOf(open)), open)), 2];
    // A bold or blackboard 1 alone: the all-ones array of whatever size the context needs.
    return [{ rows: 'any', cols: 'any', at: () => num(1) }, 1];
  }

  /** A condition: `i = j` (a Kronecker delta), `i \neq j`, `x > 0`, `x \le y` (a comparison, 1 where it holds). */
  private condition(nodes: readonly TexNode[], at: TexNode): Expr {
    const rel = nodes.findIndex(isRelation);
    if (rel < 0) throw this.fail('expected a condition such as i=j or x > 0', at);
    const left = nodes.slice(0, rel);
    const right = nodes.slice(rel + 1);
    const relNode = nodes[rel]!;
    const fn = functionOfOperator(relNode);
    if (fn === undefined) throw this.fail(`cannot read the condition's relation ${relNode.text ?? ''}`, relNode);
    if ((fn === 'equal' || fn === 'unequal') && this.isIndexForm(left) && this.isIndexForm(right)) {
      const delta: Expr = { kind: 'delta', a: this.affine(left, relNode), b: this.affine(right, relNode) };
      return fn === 'unequal' ? bin('-', num(1), delta) : delta;
    }
    return this.asScalar(this.infix(nodes, startOf(relNode) ?? 0), relNode);
  }

  private functionAt(head: TexNode): string | undefined {
    const key = head.type === 'text' || head.type === 'font' || head.type === 'operatorname' || head.type === 'op' || head.type === 'mathord' ? headKey(head) : undefined;
    if (key === undefined) return undefined;
    if (this.names.functions.has(key)) return this.names.functions.get(key);
    // A declared name wins over a function spelled as a plain letter (a constant sigma), not over \operatorname{H}.
    if (head.type === 'mathord' && this.names.spellings.has(key)) return undefined;
    if (MATRIX_FUNCTIONS.has(key)) return MATRIX_FUNCTIONS.get(key);
    return functionOfLatex(key);
  }

  /** `f(x)`, `\exp x`, `\tanh^2 z`, `\max(0, x)`, `\operatorname{ReLU}'(x)`, `\mathrm{softmax}(z_j)`. */
  private call(fn: string, nodes: readonly TexNode[], k: number): [Value, number] {
    const node = nodes[k]!;
    const sup = node.type === 'supsub' ? listOf(node.sup) : [];
    const prime = sup.length > 0 && sup.every((n) => n.text === '\\prime');
    const power = sup.length > 0 && !prime ? this.asScalar(this.read(sup, startOf(node.sup!) ?? 0), node) : undefined;
    let args: Value[];
    let used: number;
    let after: TexNode | undefined;
    const next = nodes[k + 1];
    if (next !== undefined && isAtom(next, 'open', '(')) {
      const close = matching(nodes, k + 1);
      if (close < 0) throw this.fail('( is never closed in this member', next);
      args = splitCommas(nodes.slice(k + 2, close)).map((a) => this.read(a, startOf(next) ?? 0));
      used = close + 1 - k;
      // f(x)^2: KaTeX hangs the power on the closing parenthesis.
      if (nodes[close]!.type === 'supsub') after = nodes[close];
    } else if (next?.type === 'leftright') {
      args = splitCommas(listOf(next)).map((a) => this.read(a, startOf(next) ?? 0));
      used = 2;
    } else if (next !== undefined && fn !== 'softmax') {
      const [arg, n] = this.factor(nodes, k + 1);
      args = [arg];
      used = 1 + n;
    } else {
      throw this.fail(`expected the argument of ${fn}`, node);
    }
    const [value, n] = this.callValue(fn, args, node, prime, sup, power, used);
    return [after === undefined ? value : this.withScripts(value, after, after), n];
  }

  private callValue(fn: string, args: readonly Value[], node: TexNode, prime: boolean, sup: readonly TexNode[], power: Expr | undefined, used: number): [Value, number] {
    if (fn === 'softmax') return [this.softmax(args, node), used];
    if (fn === 'tr' || fn === 'diag') {
      if (args.length !== 1) throw this.fail(`${fn} takes one argument`, node);
      return [fn === 'tr' ? this.trace(args[0]!, node) : diagonal(args[0]!), used];
    }
    if (args.length !== functionArity(fn)) throw this.fail(`${fn} takes ${functionArity(fn)} argument${functionArity(fn) === 1 ? '' : 's'}, got ${args.length}`, node);
    if (prime && (args.length !== 1 || sup.length !== 1)) throw this.fail(`only the first derivative of a function of one argument can be written with a prime`, node);
    let value = args.reduce<Value>((acc, a, i) => (i === 0 ? a : this.elementwise(acc, a, '+', node)), args[0]!);
    const at = (r: AffineIndex, c: AffineIndex): Expr => {
      const inner = args.map((a) => a.at(r, c));
      return prime ? derivativeOf(fn, inner[0]!) : { kind: 'call', fn, args: inner };
    };
    value = { rows: value.rows, cols: value.cols, at };
    return [power === undefined ? value : this.elementwise(value, scalar(power), '^', node), used];
  }

  /** tr(A) = sum_k A_kk. */
  private trace(a: Value, node: TexNode): Value {
    if (a.rows === 'one' || a.cols === 'one') throw this.fail('the trace is taken of a square matrix', node);
    const k = this.freshIndex();
    return scalar({ kind: 'sum', indices: [k.terms[0]!.name], body: a.at(k, k) });
  }

  /** softmax(z_j) over the last index of z: exp(z_j) / sum_k exp(z_k). */
  private softmax(args: readonly Value[], node: TexNode): Value {
    const arg = args.length === 1 ? this.asScalar(args[0]!, node) : undefined;
    if (arg?.kind !== 'access' || arg.indices.length === 0) throw this.fail('softmax is read on an entry, softmax(z_j): the exponential of z_j over the sum of the exponentials along z\'s last index', node);
    const k = this.freshIndex();
    const along = { ...arg, indices: [...arg.indices.slice(0, -1), k] };
    return scalar(bin('/', { kind: 'call', fn: 'exp', args: [arg] }, { kind: 'sum', indices: [k.terms[0]!.name], body: { kind: 'call', fn: 'exp', args: [along] } }));
  }

  /** A name, an entry, a fraction, a root, a bracket, a gradient. */
  private primary(node: TexNode): Value {
    const gradient = this.gradientNode(node);
    if (gradient !== undefined) return this.gradientValue(gradient, node);
    switch (node.type) {
      case 'supsub':
        return this.supsub(node);
      case 'genfrac':
        return this.fraction(node);
      case 'sqrt':
        if (node.index) throw this.fail('only square roots are understood', node);
        return this.apply('sqrt', this.read(listOf(node.body as TexNode), startOf(node) ?? 0));
      case 'leftright': {
        const inner = listOf(node);
        if (node.left === '\\{' && inner.length === 1 && inner[0]!.type === 'array') return this.cases(inner[0]!);
        if (node.left === '|' && node.right === '|') return this.apply('abs', this.read(inner, startOf(node) ?? 0));
        const rounding = ROUNDING[node.left ?? ''];
        if (rounding !== undefined && node.right === rounding.close) return this.apply(rounding.fn, this.read(inner, startOf(node) ?? 0));
        if (node.left === '[' && cleanList(inner).some(isRelation)) return scalar(this.condition(cleanList(inner), node));
        return this.read(inner, startOf(node) ?? 0);
      }
      case 'ordgroup':
      case 'styling':
        return this.read(listOf(node), startOf(node) ?? 0);
      case 'horizBrace':
        return this.read(listOf(node.base!), startOf(node) ?? 0);
      case 'mathord':
      case 'textord':
      case 'font':
      case 'accent':
      case 'operatorname':
        return this.named(node, undefined, undefined);
      case 'atom':
        throw this.fail(`unexpected ${node.text} here`, node);
      default:
        throw this.fail(`cannot read ${describe(node)} here`, node);
    }
  }

  /** `\begin{cases} a & \text{if } i = j \\ b & \text{otherwise} \end{cases}`: each value times the indicator of its condition. */
  private cases(array: TexNode): Value {
    const rows = (array.body as readonly (readonly TexNode[])[]).filter((row) => row.length > 0);
    const terms: Expr[] = [];
    const conditions: Expr[] = [];
    for (const row of rows) {
      const [valueCell, conditionCell] = row;
      if (valueCell === undefined || conditionCell === undefined) throw this.fail('each case needs a value and a condition (a & \\text{if } i = j)', array);
      const value = this.asScalar(this.read(listOf(valueCell), startOf(valueCell) ?? 0), valueCell);
      const words = listOf(conditionCell).flatMap((n) => listOf(n)).filter((n) => n.type === 'text').map((n) => nameKey(n) ?? '').join('');
      const condition = /otherwise|else/.test(words)
        ? conditions.reduce<Expr>((acc, c) => bin('-', acc, c), num(1))
        : this.condition(cleanList(listOf(conditionCell).flatMap((n) => (n.type === 'ordgroup' ? listOf(n) : [n]))), conditionCell);
      conditions.push(condition);
      terms.push(bin('*', value, condition));
    }
    return scalar(terms.reduce((acc, t) => bin('+', acc, t)));
  }

  private apply(fn: string, v: Value): Value {
    return { ...v, at: (r, c) => ({ kind: 'call', fn, args: [v.at(r, c)] }) };
  }

  private fraction(node: TexNode): Value {
    const parts = derivativeParts(node);
    if (parts !== undefined) {
      if (parts.of.length === 0) throw this.fail('a derivative operator needs the expression it applies to after it', node);
      const of = this.read(parts.of, startOf(node.numer!) ?? 0);
      const wrt = this.wrtEntries(parts.wrt, node);
      return { rows: wrt.rows, cols: wrt.cols, at: (r, c) => ({ kind: 'diff', of: this.asScalar(of, node), wrt: wrt.access(r, c) }) };
    }
    const numer = this.read(listOf(node.numer!), startOf(node) ?? 0);
    const denom = this.read(listOf(node.denom!), startOf(node.denom!) ?? 0);
    return this.elementwise(numer, denom, '/', node);
  }

  /** What a derivative is taken with respect to: an entry W_{ij}, or a whole tensor (its entries as a matrix). */
  private wrtEntries(nodes: readonly TexNode[], at: TexNode): { rows: Extent; cols: Extent; access: (r: AffineIndex, c: AffineIndex) => Extract<Expr, { kind: 'access' }> } {
    const entry = this.entryOf(nodes);
    if (entry !== undefined) return { rows: 'one', cols: 'one', access: () => ({ kind: 'access', tensor: entry.tensor, indices: entry.indices }) };
    const clean = cleanList(nodes);
    const tensor = this.tensorNamed(clean, at);
    const rank = this.names.ranks.get(tensor.name) ?? 0;
    if (rank > 2) throw this.fail(`write the indices of ${tensor.name} (rank ${rank}) in the derivative`, at);
    return {
      rows: rank >= 1 ? 'many' : 'one',
      cols: rank === 2 ? 'many' : 'one',
      access: (r, c) => ({ kind: 'access', tensor: tensor.name, indices: rank === 0 ? [] : rank === 1 ? [r] : [r, c] }),
    };
  }

  /** `Y_{sn}` (or `Y^{(1)}_{sn}`) as a tensor entry, or undefined when the nodes are not one entry. */
  entryOf(nodes: readonly TexNode[]): { tensor: string; indices: AffineIndex[] } | undefined {
    const clean = cleanList(nodes);
    if (clean.length !== 1) return undefined;
    const node = clean[0]!;
    const base = node.type === 'supsub' ? node.base! : node;
    const layer = node.type === 'supsub' ? layerOf(node.sup) : undefined;
    if (node.type === 'supsub' && node.sup && layer === undefined) return undefined;
    const key = nameKey(base);
    const name = key === undefined ? undefined : this.names.spellings.get(key + (layer ?? ''));
    if (name === undefined || !this.names.ranks.has(name)) return undefined;
    const rank = this.names.ranks.get(name)!;
    const indices = node.type === 'supsub' && node.sub ? this.indexList(listOf(node.sub), node) : [];
    // A tensor without indices is the whole tensor, not an entry.
    if (indices.length === 0 && rank > 0) return undefined;
    if (indices.length !== rank) throw this.fail(`${name} has rank ${rank} but is written with ${indices.length} ind${indices.length === 1 ? 'ex' : 'ices'}`, node);
    return { tensor: name, indices };
  }

  /** The tensor a list of nodes names (`W`, `\mathbf{W}`, `\tilde{x}^{(l)}`). */
  tensorNamed(nodes: readonly TexNode[], at: TexNode): { name: string } {
    const clean = cleanList(nodes);
    const node = clean.length === 1 ? clean[0]! : undefined;
    const base = node?.type === 'supsub' ? node.base! : node;
    const layer = node?.type === 'supsub' ? layerOf(node.sup) : '';
    const key = base === undefined ? undefined : nameKey(base);
    const name = key === undefined || layer === undefined ? undefined : this.names.spellings.get(key + layer);
    if (name === undefined || !this.names.ranks.has(name)) throw this.fail(`expected the name of a tensor${key === undefined ? '' : `, found ${key}${layer ?? ''}`} (declare it in shapes, or give its spelling in symbols)`, node ?? at);
    return { name };
  }

  private isLoss(node: TexNode): boolean {
    return this.isLossList([node]);
  }

  private isLossList(nodes: readonly TexNode[]): boolean {
    const clean = cleanList(nodes);
    const key = clean.map(nameKey).every((k) => k !== undefined) ? clean.map(nameKey).join('') : undefined;
    if (key === undefined) return false;
    const named = this.names.spellings.get(key);
    if (named !== undefined) return named === this.names.loss;
    const mathcal = clean.length === 1 && clean[0]!.type === 'font' && clean[0]!.font === 'mathcal' && key === 'L';
    return mathcal || LOSS_NAMES.has(key);
  }

  /** A gradient of the loss written as one node: `\frac{\partial L}{\partial W_{ij}}`, `W^{\nabla}_{ij}`, `[\frac{\partial L}{\partial W}]_{ij}`. */
  private gradientNode(node: TexNode): GradientRef | undefined {
    const start = startOf(node) ?? 0;
    if (node.type === 'genfrac') {
      const parts = derivativeParts(node);
      if (parts === undefined || !this.isLossList(parts.of)) return undefined;
      const entry = this.entryOf(parts.wrt);
      if (entry !== undefined) return { ...entry, start };
      return { tensor: this.tensorNamed(parts.wrt, node).name, indices: undefined, start };
    }
    if (node.type !== 'supsub') return undefined;
    const sup = listOf(node.sup);
    const nabla = sup.findIndex((n) => n.text === '\\nabla');
    if (nabla >= 0) {
      // W^{\nabla}_{ij}, W_{ij}^{\nabla}, W^{(1)\nabla}: the rest of the superscript is a layer label.
      const layer = layerOf({ type: 'ordgroup', body: sup.filter((_, k) => k !== nabla) } as TexNode) ?? '';
      const key = nameKey(node.base!);
      const name = key === undefined ? undefined : this.names.spellings.get(key + layer);
      if (name === undefined || !this.names.ranks.has(name)) throw this.fail(`expected the name of a tensor before ^{\\nabla}${key === undefined ? '' : `, found ${key}`}`, node);
      const indices = node.sub ? this.indexList(listOf(node.sub), node) : undefined;
      return { tensor: name, indices, start };
    }
    // [\frac{\partial L}{\partial \mathbf{W}}]_{ij}
    if (node.base?.type === 'leftright' && node.sub && !node.sup) {
      const inner = cleanList(listOf(node.base));
      const whole = inner.length === 1 ? this.gradientNode(inner[0]!) : undefined;
      if (whole !== undefined && whole.indices === undefined) return { ...whole, indices: this.indexList(listOf(node.sub), node), start };
    }
    return undefined;
  }

  /** A gradient inside a step: only an output's (an upstream gradient) is a known tensor. */
  private gradientValue(g: GradientRef, node: TexNode): Value {
    if (!this.names.outputs.includes(g.tensor)) {
      const known = this.names.outputs.length === 1 ? `the output ${this.names.outputs[0]}'s gradient is` : `the outputs' gradients (${this.names.outputs.join(', ')}) are`;
      throw this.fail(`the gradient of the loss with respect to ${g.tensor} is not known inside a step: only ${known} (write ${g.tensor}'s gradient in terms of ${this.names.outputs.length === 1 ? 'it' : 'them'})`, node);
    }
    const tensor = `d${g.tensor}`;
    if (g.indices !== undefined) {
      const rank = this.names.ranks.get(g.tensor) ?? 0;
      if (g.indices.length !== rank) throw this.fail(`${g.tensor} has rank ${rank} but its gradient is written with ${g.indices.length} ind${g.indices.length === 1 ? 'ex' : 'ices'}`, node);
      return scalar(rank === 0 ? { kind: 'sym', name: tensor } : { kind: 'access', tensor, indices: g.indices });
    }
    return this.tensorValue(tensor, this.names.ranks.get(g.tensor) ?? 0, node);
  }

  private tensorValue(tensor: string, rank: number, node: TexNode): Value {
    if (rank === 0) return scalar({ kind: 'sym', name: tensor });
    if (rank > 2) throw this.fail(`${tensor} has rank ${rank}: write its indices`, node);
    return { rows: 'many', cols: rank === 2 ? 'many' : 'one', at: (r, c) => ({ kind: 'access', tensor, indices: rank === 1 ? [r] : [r, c] }) };
  }

  /** A name with its scripts: X_{ij}, \mathbf{X}^\top, x_i^2, e^{x}, \delta_{ij}. */
  private supsub(node: TexNode): Value {
    const base = node.base!;
    if (base.type === 'atom' || base.type === 'leftright' || base.type === 'ordgroup' || base.type === 'genfrac' || base.type === 'sqrt') {
      return this.withScripts(this.primary(base), node, node);
    }
    if (base.type === 'horizBrace') return this.withScripts(this.read(listOf(base.base!), startOf(node) ?? 0), { ...node, sub: null }, node);
    return this.named(base, node.sub ?? undefined, node.sup ?? undefined, node);
  }

  /** Sub- and superscripts on a value: `[...]_{ij}` indexes, `^\top` transposes, anything else is a power. */
  private withScripts(value: Value, scripts: TexNode, at: TexNode): Value {
    let v = value;
    const sup = listOf(scripts.sup);
    if (sup.length > 0 && isTranspose(sup)) v = transpose(v);
    else if (sup.length > 0) v = this.elementwise(v, scalar(this.asScalar(this.read(sup, startOf(scripts.sup!) ?? 0), at)), '^', at);
    if (scripts.sub) v = this.indexValue(v, this.indexList(listOf(scripts.sub), at), at);
    return v;
  }

  private indexValue(v: Value, indices: readonly AffineIndex[], at: TexNode): Value {
    const want = (v.rows === 'many' ? 1 : 0) + (v.cols === 'many' ? 1 : 0);
    if (indices.length !== want && !(want === 0 && v.rows === 'any')) throw this.fail(`this has ${want} ind${want === 1 ? 'ex' : 'ices'} to give, but ${indices.length} ${indices.length === 1 ? 'is' : 'are'} written`, at);
    const [r, c] = v.rows === 'many' ? [indices[0]!, indices[1] ?? ONE] : [ONE, indices[0] ?? ONE];
    return scalar(v.at(r, c));
  }

  private named(base: TexNode, sub: TexNode | undefined, supNode: TexNode | undefined, whole: TexNode = base): Value {
    // h^{(1)\top}: the layer label, then the rest of the superscript.
    const [label, restSup] = splitLayer(supNode);
    const sup = label === '' ? supNode : restSup;
    const supList = listOf(sup);
    const layer = label !== '' ? label : sup === undefined ? '' : layerOf(sup);
    const key = nameKey(base);
    const name = key === undefined ? undefined : this.names.spellings.get(key + (layer ?? ''));
    const scripts = { ...whole, sup: label !== '' ? restSup : layer !== undefined && layer !== '' ? null : sup ?? null, sub: sub ?? null } as TexNode;
    if (name !== undefined) {
      if (this.names.constants.has(name) || this.names.dimensions.has(name)) return this.withScripts(scalar({ kind: 'sym', name }), scripts, whole);
      const rank = this.names.ranks.get(name)!;
      const indexed = sub !== undefined && !isTranspose(supList);
      if (indexed) {
        const indices = this.indexList(listOf(sub), whole);
        if (indices.length !== rank) throw this.fail(`${name} has rank ${rank} but is written with ${indices.length} ind${indices.length === 1 ? 'ex' : 'ices'}`, whole);
        const entry = scalar(rank === 0 ? { kind: 'sym', name } : { kind: 'access', tensor: name, indices });
        return this.withScripts(entry, { ...scripts, sub: null } as TexNode, whole);
      }
      return this.withScripts(this.tensorValue(name, rank, whole), scripts, whole);
    }
    if (key === '\\delta' && sub !== undefined) {
      const ix = this.indexList(listOf(sub), whole);
      if (ix.length !== 2) throw this.fail('a Kronecker delta takes two indices, e.g. \\delta_{ij}', whole);
      return this.withScripts(scalar({ kind: 'delta', a: ix[0]!, b: ix[1]! }), { ...scripts, sub: null } as TexNode, whole);
    }
    if (this.insideIndex > 0 && key !== undefined && /^[a-z]$/.test(key) && sub === undefined && sup === undefined) return scalar({ kind: 'index', index: plainIndex(key) });
    if (key === 'e' && sup !== undefined) return this.apply('exp', this.read(supList, startOf(sup) ?? 0));
    if (key === 'I' && sup === undefined && sub === undefined) return { rows: 'any', cols: 'any', at: (r, c) => ({ kind: 'delta', a: r, b: c }) };
    if ((key === '1' && fontIs(base, 'mathbf', 'boldsymbol', 'bm')) || key === '\\mathbb{1}') return this.withScripts({ rows: 'any', cols: 'any', at: () => num(1) }, scripts, whole);
    throw this.fail(`unknown name ${key ?? describe(base)}${layer ? layer : ''}: declare it in shapes or constants, or give its spelling in symbols`, whole);
  }

  asScalar(v: Value, at: TexNode | number): Expr {
    if (v.rows === 'many' || v.cols === 'many') throw this.fail('expected a number here, found a matrix or vector (index it, e.g. X_{ij})', at);
    return v.at(ONE, ONE);
  }
}


function transpose(v: Value): Value {
  return { rows: v.cols, cols: v.rows, at: (r, c) => v.at(c, r) };
}

/** Functions of matrices the reader expands itself: softmax of an entry, trace, diagonal matrix. */
const MATRIX_FUNCTIONS: ReadonlyMap<string, string> = new Map([['softmax', 'softmax'], ['tr', 'tr'], ['trace', 'tr'], ['Tr', 'tr'], ['diag', 'diag']]);

/** diag(v): the matrix with v on its diagonal. */
function diagonal(v: Value): Value {
  return { rows: 'many', cols: 'many', at: (r, c) => bin('*', { kind: 'delta', a: r, b: c }, v.at(r, ONE)) };
}






