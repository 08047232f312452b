/** A dense float64 tensor in row-major order. Rank 0 is a scalar with one element. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function zeros(shape: readonly number[]): Tensor {
  return { shape: [...shape], data: new Float64Array(sizeOf(shape)) };
}

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = stride;
    stride *= shape[k]!;
  }
  return strides;
}

/** The multi-index of flat position `flat`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    out[k] = flat % shape[k]!;
    flat = Math.floor(flat / shape[k]!);
  }
  return out;
}

/** Nested arrays (a scalar for rank 0), for printing and for mathjs. */
export function toNested(t: Tensor): unknown {
  if (t.shape.length === 0) return t.data[0];
  const build = (depth: number, offset: number, stride: number): unknown => {
    const n = t.shape[depth]!;
    const inner = stride / n;
    if (depth === t.shape.length - 1) {
      const row = new Array<number>(n);
      for (let k = 0; k < n; k++) row[k] = t.data[offset + k]!;
      return row;
    }
    return Array.from({ length: n }, (_, k) => build(depth + 1, offset + k * inner, inner));
  };
  return build(0, 0, t.data.length);
}
