// A scalar expression of named numbers, parsed, bound and compiled by the
// same code as a derivation's lines, for tests that evaluate formulas at points.
import { bindEquation } from '../../src/notation/bind.js';
import { SourceText } from '../../src/notation/errors.js';
import { parseExpr } from '../../src/notation/parse.js';
import { compileEquation, evaluateInto } from '../../src/numeric/compile.js';

export function compileScalar(text: string, names: readonly string[]): (...values: number[]) => number {
  const src = SourceText.detached(text);
  const scope = { tensors: new Map(names.map((n) => [n, []])), dimensions: new Set<string>(), constants: new Map([['pi', Math.PI]]), inputs: new Set<string>() };
  const eq = bindEquation({ form: 'index', lhs: { tensor: 'E', indices: [] }, rhs: parseExpr(src) }, scope, [], src);
  const tensors = new Map(names.map((n, id) => [n, { id, shape: [] as number[] }]));
  const compiled = compileEquation(eq, { tensors, sizes: new Map(), diffTable: () => { throw new Error('no diff in a scalar'); } });
  const data = names.map(() => new Float64Array(1));
  const out = new Float64Array(1);
  return (...values) => {
    values.forEach((v, k) => (data[k]![0] = v));
    evaluateInto(compiled, data, out);
    return out[0]!;
  };
}
