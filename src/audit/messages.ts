// What the audit's main thread and its worker say to each other.
import type { TensorValue } from '../gradcheck/arbitraries.js';
import type { Coverage } from './coverage.js';
import type { SubjectResult } from './run.js';

/** The worker's tfjs, once its backend is selected: the registry is read there. */
export interface Ready {
  readonly backend: string;
  readonly tfjsVersion: string;
  readonly coverage: Coverage;
}

/** Run the catalogue's subject at this position. */
export interface ToWorker {
  readonly index: number;
}

export type ToMain =
  | { readonly type: 'ready'; readonly backend: Ready }
  | { readonly type: 'unavailable'; readonly message: string }
  /** A case is about to run (sent before each one, shrinking included). */
  | { readonly type: 'case'; readonly values: readonly TensorValue[] }
  | { readonly type: 'result'; readonly result: SubjectResult }
  /** The subject threw outside any check (the backend itself failed). */
  | { readonly type: 'crashed'; readonly message: string };
