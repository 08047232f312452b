// Element-wise operators of matrix notation (+, -, .*, ./) over two arrays of
// one shape, in plain loops: mathjs dispatches each entry through its typed
// functions, which at production sizes (a million entries) costs far more
// than the arithmetic. Each entry gets the same one operation mathjs's number
// implementation does, so the results are the same to the bit; operands of
// other shapes (broadcasting, scalars) are left to mathjs.

type Op = (x: number, y: number) => number;

/** The operators taken over, by the name of mathjs's function that an OperatorNode calls. */
export const FAST_OPERATORS: ReadonlyMap<string, Op> = new Map<string, Op>([
  ['add', (x, y) => x + y],
  ['subtract', (x, y) => x - y],
  ['dotMultiply', (x, y) => x * y],
  ['dotDivide', (x, y) => x / y],
]);

/** The name an operator is imported under, so that only expressions' operators reach it (mathjs's own functions keep theirs). */
export const fastName = (fn: string): string => `deltagradFast_${fn}`;

const isNumbers = (x: unknown): x is number[] => Array.isArray(x) && x.length > 0 && typeof x[0] === 'number';
const isRows = (x: unknown): x is number[][] => Array.isArray(x) && x.length > 0 && isNumbers(x[0]);

function sameRowLengths(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): boolean {
  return a.length === b.length && a.every((row, i) => row.length === b[i]!.length);
}

/** `op` entry by entry where both operands are vectors or matrices of one shape (numbers only), else `fallback`. */
export function elementwise(op: Op, fallback: (a: unknown, b: unknown) => unknown): (a: unknown, b: unknown) => unknown {
  const apply = (a: readonly number[], b: readonly number[]): number[] | undefined => {
    const out = new Array<number>(a.length);
    for (let j = 0; j < a.length; j++) {
      const [x, y] = [a[j], b[j]];
      if (typeof x !== 'number' || typeof y !== 'number') return undefined;
      out[j] = op(x, y);
    }
    return out;
  };
  return (a, b) => {
    if (isRows(a) && isRows(b) && sameRowLengths(a, b)) {
      const rows = a.map((row, i) => apply(row, b[i]!));
      if (rows.every((row) => row !== undefined)) return rows;
    } else if (isNumbers(a) && isNumbers(b) && a.length === b.length) {
      const row = apply(a, b);
      if (row !== undefined) return row;
    }
    return fallback(a, b);
  };
}
