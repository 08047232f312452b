// The registry of named primitives usable in matrix notation.
import { conv2d, conv2dDk, conv2dDx } from './conv2d.js';
import { logsumexp, softmax } from './along-axis.js';
import { maxpool2, maxpool2Dx } from './maxpool.js';
import { outer } from './outer.js';
import { tril, triu } from './triangle.js';
import type { Primitive } from './primitive.js';

export type { Primitive, Tf } from './primitive.js';

export const PRIMITIVES: ReadonlyMap<string, Primitive> = new Map(
  [conv2d, conv2dDx, conv2dDk, maxpool2, maxpool2Dx, tril, triu, softmax, logsumexp, outer].map((p) => [p.name, p]),
);
