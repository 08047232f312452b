// Index notation text -> our tree (ast.ts), through mathjs's parser. Only the
// syntax is checked here; names, ranks and ranges are checked in bind.ts.
import type { MathNode } from 'mathjs';
import type { AffineIndex, Equation, Expr, IndexEquation, ReduceOp } from './ast.js';
import { affineToString, plainIndex, plainName } from './ast.js';
import { InputError, type SourceText } from './errors.js';
import { FUNCTIONS, INFIX, isFunctionName } from './functions.js';
import { mathjs } from './mathjs.js';
import { indexRest } from './print.js';

const OPERATORS: Readonly<Record<string, '+' | '-' | '*' | '/' | '^'>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
};

// mathjs has no `//`: floor division is read as `./` (same length, so columns
// stay right; same precedence as `/`), which index notation has no other use for.
const FLOOR_DIVIDE = '//';
const floorDivides = (src: SourceText): boolean => src.text.includes(FLOOR_DIVIDE);
/** A node as the author wrote it, for messages. */
const shown = (node: MathNode, src: SourceText): string => (floorDivides(src) ? node.toString().replaceAll('./', FLOOR_DIVIDE) : node.toString());

/** Parses raw text with mathjs, turning its SyntaxError into an InputError at the right column. */
function parseNode(src: SourceText): MathNode {
  if (floorDivides(src) && src.text.includes('./')) throw src.error('floor division // and element-wise ./ in one expression', './');
  try {
    return mathjs().parse(src.text.replaceAll(FLOOR_DIVIDE, './'));
  } catch (err) {
    const e = err as Error & { char?: number };
    const message = e.message.replace(/\s*\(char \d+\)$/, '');
    throw new InputError(
      `syntax error: ${message}`,
      src.at(typeof e.char === 'number' ? Math.max(0, e.char - 1) : 0),
    );
  }
}

/** Index names in scope: the left side's and those of the enclosing sums and reductions. */
type Indices = ReadonlySet<string>;
const NO_INDICES: Indices = new Set();

/** An index-notation expression (no `=`). */
export function parseExpr(src: SourceText): Expr {
  return toExpr(parseNode(src), src, NO_INDICES);
}

/** A call `name(arg, ...)` of one of `names`, with index-notation arguments (e.g. `normal(0, sigma)`). */
export function parseCall(src: SourceText, names: readonly string[]): { name: string; args: Expr[] } {
  const node = parseNode(src);
  const fn = node.type === 'FunctionNode' ? (node as unknown as { fn: { name?: string }; args: MathNode[] }) : undefined;
  if (fn?.fn.name === undefined || !names.includes(fn.fn.name)) throw src.error(`expected ${names.map((n) => `${n}(...)`).join(' or ')}`);
  return { name: fn.fn.name, args: fn.args.map((a) => toExpr(a, src, NO_INDICES)) };
}

/**
 * An equation `lhs = rhs`. It is in index notation when the text indexes a
 * tensor anywhere (`Y[s,n] = ...`, `L = sum(s, X[s,s])`), else it is matrix notation.
 */
export function parseEquation(src: SourceText): Equation {
  const node = parseNode(src);
  if (node.type !== 'AssignmentNode') throw src.error('expected an equation `name[indices] = expression`');
  const assign = node as unknown as { object: MathNode; index: MathNode | null; value: MathNode };
  const name = (assign.object as unknown as { name: string }).name;
  // `dW = X = dY' * X`: mathjs reads an assignment whose value assigns again, and would judge the last member only.
  if (assign.value.type === 'AssignmentNode') throw src.error('a chain of equalities: write each equality as a step of its own');
  const indexed = assign.index !== null || hasAccessor(assign.value);
  if (!indexed) {
    if (floorDivides(src)) throw src.error('floor division // is index notation: in matrix notation write floor(A ./ B)', FLOOR_DIVIDE);
    return { form: 'matrix', lhs: name, rhs: assign.value.toString(), ...symbolNames(assign.value) };
  }
  const indices = assign.index === null ? [] : dimensionsOf(assign.index).map((d) => toAffine(d, src));
  const lhsNames = indices.map((ix) => {
    const n = plainName(ix);
    if (n === undefined) throw src.error(`the left side must be indexed by plain index names, not ${affineToString(ix)}`);
    return n;
  });
  const duplicate = lhsNames.find((n, k) => lhsNames.indexOf(n) !== k);
  if (duplicate !== undefined) throw src.error(`index ${duplicate} appears twice on the left side`, duplicate);
  const eq: IndexEquation = { form: 'index', lhs: { tensor: name, indices: lhsNames }, rhs: toExpr(assign.value, src, new Set(lhsNames)) };
  return eq;
}

function hasAccessor(node: MathNode): boolean {
  return node.filter((n) => n.type === 'AccessorNode').length > 0;
}

function symbolNames(node: MathNode): { names: string[]; functions: string[] } {
  // A function's own name (`det` in det(X)) is a SymbolNode too, under the path 'fn'.
  const names = new Set<string>();
  const functions = new Set<string>();
  node.traverse((n, path) => {
    if (n.type === 'SymbolNode') (path === 'fn' ? functions : names).add((n as unknown as { name: string }).name);
  });
  return { names: [...names], functions: [...functions] };
}

function dimensionsOf(index: MathNode): MathNode[] {
  return (index as unknown as { dimensions: MathNode[] }).dimensions;
}

function toExpr(node: MathNode, src: SourceText, indices: Indices): Expr {
  const go = (n: MathNode): Expr => toExpr(n, src, indices);
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as unknown as { value: unknown }).value;
      if (typeof value !== 'number') throw src.error(`expected a number, found ${JSON.stringify(value)}`);
      return { kind: 'num', value };
    }
    case 'SymbolNode': {
      const name = (node as unknown as { name: string }).name;
      return indices.has(name) ? { kind: 'index', index: plainIndex(name) } : { kind: 'sym', name };
    }
    case 'ParenthesisNode':
      return go((node as unknown as { content: MathNode }).content);
    case 'AccessorNode': {
      const acc = node as unknown as { object: MathNode; index: MathNode };
      if (acc.object.type !== 'SymbolNode') throw src.error(`only a named tensor can be indexed: ${acc.object.toString()}`);
      const tensor = (acc.object as unknown as { name: string }).name;
      return { kind: 'access', tensor, indices: dimensionsOf(acc.index).map((d) => toAffine(d, src, indices)) };
    }
    case 'OperatorNode': {
      const op = node as unknown as { fn: string; op: string; args: MathNode[] };
      if (op.fn === 'unaryMinus') return { kind: 'neg', arg: go(op.args[0]!) };
      if (op.fn === 'unaryPlus') return go(op.args[0]!);
      if (INFIX.has(op.fn)) return { kind: 'call', fn: op.fn, args: op.args.map(go) };
      // a // b is floor(a / b), so derive, the compiler and the index rules treat both spellings alike.
      if (op.fn === 'dotDivide' && floorDivides(src)) {
        return { kind: 'call', fn: 'floor', args: [{ kind: 'binary', op: '/', left: go(op.args[0]!), right: go(op.args[1]!) }] };
      }
      const binary = OPERATORS[op.fn];
      if (binary === undefined || op.args.length !== 2) {
        throw src.error(`operator ${op.op} is matrix notation, not index notation`, op.op);
      }
      return { kind: 'binary', op: binary, left: go(op.args[0]!), right: go(op.args[1]!) };
    }
    case 'FunctionNode':
      return toCall(node, src, indices);
    default:
      throw src.error(`${shown(node, src)} is not index notation`);
  }
}

/**
 * `max(k, body)` and `min(k, body)` reduce over k when the first argument is
 * a name that the body uses (`max(k, x[k])`), and over k and l in
 * `max(k, l, body)`; otherwise they are the element-wise max and min of two values.
 */
function isReduction(name: string, args: readonly MathNode[], indices: Indices): name is ReduceOp {
  if (name === 'prod') return true;
  if (name !== 'max' && name !== 'min') return false;
  const names = args.slice(0, -1).map((a) => (a.type === 'SymbolNode' ? (a as unknown as { name: string }).name : undefined));
  if (args.length < 2 || names.some((n) => n === undefined || indices.has(n))) return false;
  const body = args.at(-1)!;
  return args.length > 2 || body.filter((n) => n.type === 'SymbolNode' && (n as unknown as { name: string }).name === names[0]).length > 0;
}

/** `sum(k, l, body)` and the other reductions: the indices they run over and the body, with those indices in scope. */
function toReduction(name: string, args: readonly MathNode[], src: SourceText, indices: Indices): { indices: string[]; body: Expr } {
  if (args.length < 2) throw src.error(`${name} needs the indices to run over, then the body: ${name}(k, body)`, name);
  const own = args.slice(0, -1).map((a) => {
    const ix = toAffine(a, src);
    const n = plainName(ix);
    if (n === undefined) throw src.error(`${name} runs over index names, not ${shown(a, src)}`, name);
    return n;
  });
  return { indices: own, body: toExpr(args.at(-1)!, src, new Set([...indices, ...own])) };
}

function toCall(node: MathNode, src: SourceText, indices: Indices): Expr {
  const call = node as unknown as { fn: MathNode; args: MathNode[] };
  const name = (call.fn as unknown as { name?: string }).name ?? call.fn.toString();
  const args = call.args;
  if (isReduction(name, args, indices)) return { kind: 'reduce', op: name, ...toReduction(name, args, src, indices) };
  switch (name) {
    case 'sum':
      return { kind: 'sum', ...toReduction(name, args, src, indices) };
    case 'delta':
      if (args.length !== 2) throw src.error(`delta takes 2 indices, got ${args.length}`, 'delta');
      return { kind: 'delta', a: toAffine(args[0]!, src, indices), b: toAffine(args[1]!, src, indices) };
    case 'diff': {
      if (args.length !== 2) throw src.error(`diff takes 2 arguments, got ${args.length}: diff(Y[s,n], W[i,j])`, 'diff');
      const wrt = toExpr(args[1]!, src, NO_INDICES);
      if (wrt.kind !== 'access' && wrt.kind !== 'sym') {
        throw src.error('diff differentiates with respect to a tensor entry such as W[i,j]', 'diff');
      }
      return { kind: 'diff', of: toExpr(args[0]!, src, indices), wrt: wrt.kind === 'sym' ? { kind: 'access', tensor: wrt.name, indices: [] } : wrt };
    }
    default: {
      if (!isFunctionName(name)) throw src.error(`unknown function ${name}`, name);
      const arity = FUNCTIONS[name]!.arity;
      if (args.length !== arity) throw src.error(`${name} takes ${arity} argument${arity > 1 ? 's' : ''}, got ${args.length}`, name);
      return { kind: 'call', fn: name, args: args.map((a) => toExpr(a, src, indices)) };
    }
  }
}

/**
 * An index position: a linear combination of index names with integer
 * coefficients, plus an offset; with `indices` in scope, anything else that
 * is not affine (a dimension, an index tensor's entry, floor or mod) is kept
 * as the index's `rest`, an expression whose integer value is added.
 */
function toAffine(node: MathNode, src: SourceText, indices?: Indices): AffineIndex {
  const terms = new Map<string, number>();
  let offset = 0;
  const rest: { node: MathNode; scale: number }[] = [];
  const visit = (n: MathNode, scale: number): void => {
    const any = n as unknown as { name: string; value: unknown; fn: string; args: MathNode[]; content: MathNode };
    if (n.type === 'SymbolNode') {
      if (!/^[a-z][a-z0-9_]*$/.test(any.name)) {
        if (indices !== undefined && /^[A-Z]/.test(any.name)) {
          rest.push({ node: n, scale });
          return;
        }
        throw src.error(`index ${any.name} must be a lower-case name (upper case names are dimensions)`, any.name);
      }
      terms.set(any.name, (terms.get(any.name) ?? 0) + scale);
    } else if (n.type === 'ConstantNode' && Number.isInteger(any.value)) {
      offset += scale * (any.value as number);
    } else if (n.type === 'ParenthesisNode') {
      visit(any.content, scale);
    } else if (n.type === 'OperatorNode' && (any.fn === 'add' || any.fn === 'subtract')) {
      visit(any.args[0]!, scale);
      visit(any.args[1]!, any.fn === 'add' ? scale : -scale);
    } else if (n.type === 'OperatorNode' && any.fn === 'unaryMinus') {
      visit(any.args[0]!, -scale);
    } else if (n.type === 'OperatorNode' && any.fn === 'multiply' && any.args.some(isIntegerConstant)) {
      const [a, b] = any.args as [MathNode, MathNode];
      const constant = isIntegerConstant(a) ? a : b;
      visit(constant === a ? b : a, scale * ((constant as unknown as { value: number }).value));
    } else if (indices !== undefined) {
      rest.push({ node: n, scale });
    } else {
      throw src.error(`index ${shown(n, src)} is not an index name or an affine form like p+u`);
    }
  };
  visit(node, 1);
  const list = [...terms].filter(([, coef]) => coef !== 0).map(([name, coef]) => ({ name, coef }));
  if (rest.length === 0) return { terms: list, offset };
  const parts = rest.map(({ node: n, scale }): Expr => {
    const e = toExpr(n, src, indices!);
    return scale === 1 ? e : scale === -1 ? { kind: 'neg', arg: e } : { kind: 'binary', op: '*', left: { kind: 'num', value: scale }, right: e };
  });
  return { terms: list, offset, rest: indexRest(parts.reduce((left, right) => ({ kind: 'binary', op: '+', left, right }))) };
}

const isIntegerConstant = (n: MathNode): boolean => n.type === 'ConstantNode' && Number.isInteger((n as unknown as { value: unknown }).value);

