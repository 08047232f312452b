// Element-wise operators of matrix notation (+, -, .*, ./) on numbers,
// vectors and matrices, in plain loops: mathjs dispatches each entry through
// its typed functions, which at production sizes (a million entries) costs
// far more than the arithmetic. Operands broadcast as in mathjs (and NumPy):
// shapes are aligned from the last axis, and an axis of length 1, or a
// missing one, repeats. Each entry gets the same one operation mathjs's number
// implementation does, so the results are the same to the bit; anything else
// (deeper arrays, non-numbers, shapes that do not broadcast) is left to mathjs.

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

/** An operand as rows and columns (a number is 1 x 1, a vector one row), with the rank mathjs gave it. */
interface Grid {
  readonly rank: number;
  readonly rows: readonly (readonly number[])[];
  readonly width: number;
}

/** Looks like a row of numbers (the first entry); every entry is checked as the loop reads it. */
const numbers = (row: unknown): row is number[] => Array.isArray(row) && row.length > 0 && typeof row[0] === 'number';

function grid(x: unknown): Grid | undefined {
  if (typeof x === 'number') return { rank: 0, rows: [[x]], width: 1 };
  if (numbers(x)) return { rank: 1, rows: [x], width: x.length };
  if (!Array.isArray(x) || x.length === 0 || !x.every(numbers)) return undefined;
  const width = (x[0] as number[]).length;
  return x.every((row: number[]) => row.length === width) ? { rank: 2, rows: x as number[][], width } : undefined;
}

/** The length of an axis after broadcasting two lengths, or undefined where they do not broadcast. */
const broadcast = (a: number, b: number): number | undefined => (a === b || b === 1 ? a : a === 1 ? b : undefined);

/** `op` entry by entry over operands that broadcast (ranks 0 to 2, numbers only), else `fallback`. */
export function elementwise(op: Op, fallback: (a: unknown, b: unknown) => unknown): (a: unknown, b: unknown) => unknown {
  return (a, b) => {
    const [ga, gb] = [grid(a), grid(b)];
    if (ga === undefined || gb === undefined || (ga.rank === 0 && gb.rank === 0)) return fallback(a, b);
    const height = broadcast(ga.rows.length, gb.rows.length);
    const width = broadcast(ga.width, gb.width);
    if (height === undefined || width === undefined) return fallback(a, b);
    const [sa, sb] = [ga.width === 1 ? 0 : 1, gb.width === 1 ? 0 : 1];
    const rows: number[][] = [];
    for (let i = 0; i < height; i++) {
      const [ra, rb] = [ga.rows[ga.rows.length === 1 ? 0 : i]!, gb.rows[gb.rows.length === 1 ? 0 : i]!];
      const out = new Array<number>(width);
      for (let j = 0; j < width; j++) {
        const [x, y] = [ra[j * sa], rb[j * sb]];
        if (typeof x !== 'number' || typeof y !== 'number') return fallback(a, b);
        out[j] = op(x, y);
      }
      rows.push(out);
    }
    return Math.max(ga.rank, gb.rank) === 2 ? rows : rows[0];
  };
}
