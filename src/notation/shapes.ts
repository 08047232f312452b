// Dimensions: an upper-case symbol (`S`), a literal (`16`) or arithmetic on them
// (`H-K+1`). A Dim is kept as canonical text, so that two dimensions are the
// same range exactly when their texts are equal, whatever sizes are drawn.
import type { MathNode } from 'mathjs';
import type { SourceText } from './errors.js';
import { mathjs } from './mathjs.js';

export type Dim = string;

const parsed = new Map<Dim, MathNode>();

/** Parses a declared dimension, returning its canonical text and the symbols it uses. */
export function parseDim(text: string | number, src: SourceText): { dim: Dim; symbols: string[] } {
  if (typeof text === 'number') {
    if (!Number.isInteger(text) || text < 1) throw src.error(`a dimension must be a positive integer, got ${text}`);
    return { dim: String(text), symbols: [] };
  }
  let node: MathNode;
  try {
    node = mathjs().parse(text);
  } catch {
    throw src.error(`cannot read dimension ${JSON.stringify(text)}: use a symbol like S, a number, or arithmetic like H-K+1`);
  }
  const symbols: string[] = [];
  node.traverse((n) => {
    const any = n as unknown as { name: string; value: unknown; fn: string | MathNode };
    if (n.type === 'SymbolNode') {
      if (!/^[A-Z][A-Za-z0-9_]*$/.test(any.name)) throw src.error(`dimension symbol ${any.name} must start with an upper-case letter`, any.name);
      symbols.push(any.name);
    } else if (n.type === 'ConstantNode') {
      if (!Number.isInteger(any.value)) throw src.error(`dimension ${text} uses a non-integer ${String(any.value)}`);
    } else if (!(n.type === 'OperatorNode' && ['add', 'subtract', 'multiply'].includes(any.fn as string)) && n.type !== 'ParenthesisNode') {
      throw src.error(`dimension ${text} may only use + - * on symbols and integers`);
    }
  });
  const dim = node.toString();
  parsed.set(dim, node);
  return { dim, symbols: [...new Set(symbols)] };
}

/** The size of a dimension for the drawn sizes of its symbols. */
export function dimSize(dim: Dim, sizes: ReadonlyMap<string, number>): number {
  const literal = Number(dim);
  if (Number.isInteger(literal)) return literal;
  const direct = sizes.get(dim);
  if (direct !== undefined) return direct;
  let node = parsed.get(dim);
  if (node === undefined) {
    node = mathjs().parse(dim);
    parsed.set(dim, node);
  }
  const value = evaluateDim(node, sizes);
  return value;
}

function evaluateDim(node: MathNode, sizes: ReadonlyMap<string, number>): number {
  const any = node as unknown as { name: string; value: number; fn: string; args: MathNode[]; content: MathNode };
  switch (node.type) {
    case 'ConstantNode':
      return any.value;
    case 'SymbolNode': {
      const size = sizes.get(any.name);
      if (size === undefined) throw new Error(`no size drawn for dimension ${any.name}`);
      return size;
    }
    case 'ParenthesisNode':
      return evaluateDim(any.content, sizes);
    default: {
      const [a, b] = any.args.map((x) => evaluateDim(x, sizes)) as [number, number];
      if (any.fn === 'unaryMinus') return -a;
      return any.fn === 'add' ? a + b : any.fn === 'subtract' ? a - b : a * b;
    }
  }
}
