// The page's side of the worker: one request in flight at a time. Work in a
// worker cannot be interrupted, so a request that makes the one in flight
// stale ends that worker and starts a fresh one.
import type { WorkerReply, WorkerRequest } from '../protocol.js';

type Pending = { readonly id: number; readonly resolve: (reply: WorkerReply | undefined) => void };

/** A request without its id, which the checker assigns. */
type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class Checker {
  private readonly url: string;
  private worker: Worker | undefined;
  private pending: Pending | undefined;
  private nextId = 1;

  constructor(source: string) {
    // From a Blob, because a page opened from disk may not start a worker from a file.
    this.url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  }

  /** The reply, or undefined when a later request cancelled this one. */
  send(request: Request): Promise<WorkerReply | undefined> {
    this.cancel();
    const id = this.nextId++;
    const worker = (this.worker ??= this.start());
    return new Promise((resolve) => {
      this.pending = { id, resolve };
      worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  /** Ends the run in flight, if any. */
  private cancel(): void {
    if (this.pending === undefined) return;
    this.worker?.terminate();
    this.worker = undefined;
    this.settle(undefined);
  }

  private start(): Worker {
    const worker = new Worker(this.url);
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      if (event.data.id === this.pending?.id) this.settle(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.pending !== undefined) this.settle({ id: this.pending.id, kind: 'crash', message: event.message });
    };
    return worker;
  }

  private settle(reply: WorkerReply | undefined): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(reply);
  }
}
