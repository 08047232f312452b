// The messages between the page and its worker. One request at a time: the
// page ends a worker that is busy when a newer request makes its answer stale.
import type { CheckRequest, CheckResult } from './check.js';

export type WorkerRequest =
  | { readonly id: number; readonly kind: 'check'; readonly request: CheckRequest }
  /** The report page for the text, to download, with the page's copy of KaTeX's stylesheet. */
  | { readonly id: number; readonly kind: 'report'; readonly request: CheckRequest; readonly katexStyles: string };

export type WorkerReply =
  | { readonly id: number; readonly kind: 'check'; readonly result: CheckResult; readonly ms: number }
  | { readonly id: number; readonly kind: 'report'; readonly text: string }
  | { readonly id: number; readonly kind: 'crash'; readonly message: string };
