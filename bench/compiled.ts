// One index-notation equation, taken through the project's own pipeline
// (parse -> bind -> compile) at fixed sizes, with named float64 inputs. Built
// here from src's modules so the benchmark needs no change to src/.
import type { IndexEquation } from '../src/notation/ast.js';
import { bindEquation, type Scope } from '../src/notation/bind.js';
import { SourceText } from '../src/notation/errors.js';
import { parseEquation } from '../src/notation/parse.js';
import { dimSize } from '../src/notation/shapes.js';
import { compileEquation, evaluateInto, type CompiledEquation, type Layout } from '../src/numeric/compile.js';
import { sizeOf, type Tensor } from '../src/numeric/tensor.js';

export interface IndexProgram {
  /** The parsed tree, for evaluators that walk it. */
  readonly eq: IndexEquation;
  readonly compiled: CompiledEquation;
  /** The inputs by name; fill their data before evaluating. */
  readonly inputs: ReadonlyMap<string, Tensor>;
  readonly sizes: ReadonlyMap<string, number>;
  readonly output: Tensor;
  /** Runs the compiled evaluator into `output`. */
  evaluate(): void;
}

/**
 * `shapes` gives each input's dimensions as upper-case symbols (`{X: ['S', 'M']}`),
 * `sizes` the value of each symbol. The output's shape is inferred by the binder.
 */
export function compileIndexProgram(
  text: string,
  shapes: Readonly<Record<string, readonly string[]>>,
  sizes: Readonly<Record<string, number>>,
): IndexProgram {
  const src = SourceText.detached(text, '<bench>');
  const eq = parseEquation(src);
  if (eq.form !== 'index') throw new Error(`${text} is not index notation`);
  const sizeMap = new Map(Object.entries(sizes));
  const scope: Scope = {
    tensors: new Map(Object.entries(shapes)),
    dimensions: new Set(Object.keys(sizes)),
    constants: new Map(),
    inputs: new Set(Object.keys(shapes)),
  };
  const bound = bindEquation(eq, scope, undefined, src);
  if (bound.conflict !== undefined) throw new Error(bound.conflict.message);

  const data: Float64Array[] = [];
  const inputs = new Map<string, Tensor>();
  const layoutTensors = new Map<string, { id: number; shape: readonly number[] }>();
  for (const [name, dims] of Object.entries(shapes)) {
    const shape = dims.map((d) => dimSize(d, sizeMap));
    const t: Tensor = { shape, data: new Float64Array(sizeOf(shape)) };
    layoutTensors.set(name, { id: data.length, shape });
    inputs.set(name, t);
    data.push(t.data);
  }
  const layout: Layout = {
    tensors: layoutTensors,
    sizes: sizeMap,
    diffTable: () => {
      throw new Error('diff(...) is not supported by the benchmark');
    },
  };
  const compiled = compileEquation(bound, layout);
  const outShape = compiled.slotSizes.slice(0, compiled.rank);
  const output: Tensor = { shape: outShape, data: new Float64Array(sizeOf(outShape)) };
  return {
    eq: eq,
    compiled,
    inputs,
    sizes: sizeMap,
    output,
    evaluate: () => evaluateInto(compiled, data, output.data),
  };
}
