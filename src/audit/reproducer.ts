// A failure as a few lines of tfjs code: f, the shrunk inputs, the
// cotangents, the call to tf.grads, and what tfjs gives against what
// float32 central differences give (or what was thrown).
import { toNested } from '../numeric/tensor.js';
import type { TensorValue } from '../gradcheck/arbitraries.js';
import type { CheckPropertyResult } from '../gradcheck/property.js';

const short = (x: number): number => Number(x.toPrecision(4));
const json = (x: unknown): string => JSON.stringify(x);
const nested = (values: readonly number[], shape: readonly number[], round: (x: number) => number = (x) => x): string =>
  json(toNested({ shape, data: Float64Array.from(values.map(round)) }));

interface Case {
  readonly inputs: readonly unknown[];
  readonly dtypes: readonly ('float32' | 'int32' | 'bool')[];
}

/** f and its inputs as tfjs code; the names of the inputs and of the differentiated ones. */
function header(op: string, c: Case): { lines: string[]; names: string[]; wrt: string[] } {
  const names = c.inputs.map((_, i) => `x${i}`);
  const lines = [`const f = ${op};`];
  c.inputs.forEach((values, i) => lines.push(`const ${names[i]} = tf.tensor(${json(values)}${c.dtypes[i] === 'float32' ? '' : `, undefined, '${c.dtypes[i]}'`});`));
  return { lines, names, wrt: names.filter((_, i) => c.dtypes[i] === 'float32') };
}

/** A case that never returned, or crashed the backend: f's gradient at it. */
export function hangReproducer(op: string, values: readonly TensorValue[], what: string): string {
  const c = { inputs: values.map((v) => toNested({ shape: v.shape, data: Float64Array.from(v.values) })), dtypes: values.map((v) => v.dtype ?? 'float32') };
  const { lines, names, wrt } = header(op, c);
  return [...lines, `tf.grads((${wrt.join(', ')}) => f(${names.join(', ')}))([${wrt.join(', ')}]); // ${what}`].join('\n');
}

export function reproducer(op: string, property: CheckPropertyResult): string {
  const c = property.counterexample!;
  const { lines, names, wrt } = header(op, c);
  const args = `(${wrt.join(', ')}) => `;
  const call = `f(${names.join(', ')})`;
  const r = c.result;
  const us = r?.cotangents ?? [];
  // Float32 cotangents printed exactly (9 significant digits), so that the call reproduces the numbers below.
  const exact = (u: { values: readonly number[]; shape: readonly number[] }): string => `tf.tensor(${nested(u.values, u.shape, (x) => Number(Math.fround(x).toPrecision(9)))})`;
  if (us.length <= 1 && r?.returnsArray !== true) {
    const dy = us.length === 1 && us[0]!.values.length > 1 ? `, ${exact(us[0]!)}` : '';
    lines.push(`const grads = tf.grads(${args}${call})([${wrt.join(', ')}]${dy});`);
  } else {
    lines.push(`const us = [${us.map((u) => (u.values.length === 1 ? 'tf.scalar(1)' : exact(u))).join(', ')}];`);
    lines.push(`const phi = ${args}tf.addN(${call}.filter((y) => y.dtype === 'float32').map((y, i) => tf.sum(tf.mul(y, us[i]))));`);
    lines.push(`const grads = tf.grads(phi)([${wrt.join(', ')}]);`);
  }
  lines.push('grads.forEach((g) => g.print());');
  if (r === null) return [...lines, `// gradcheck refused it: ${c.error}`].join('\n');
  if (r.failure !== null) return [...lines, `// ${r.failure.message}`].join('\n');
  for (const check of r.inputs) {
    const shape = c.shapes[check.input]!;
    lines.push(`// ${names[check.input]}: tfjs gives ${nested(check.values.analytical, shape, short)}`);
    lines.push(`// ${' '.repeat(names[check.input]!.length)}  finite differences ${nested(check.values.numerical, shape, short)}`);
  }
  return lines.join('\n');
}
