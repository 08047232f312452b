// Runs subjects in a worker thread, one at a time. A case that sends no word
// within its time limit (and a grace period) is blocked inside tfjs: the
// worker is ended, the subject recorded as hanging with that case, and a
// fresh worker takes the next subject; so too after a subject that throws
// or takes the thread down.
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../engine/choices.js';
import type { TensorValue } from '../gradcheck/arbitraries.js';
import { CATALOGUE } from './catalogue.js';
import type { Ready, ToMain } from './messages.js';
import { lostSubject, type RunOptions, type SubjectResult } from './run.js';

/** A case is given up on after its own time limit and this much more (gradcheck checks its limit between evaluations only). */
const GRACE_MS = 5000;

/** The backend asked for cannot be had: bad usage. */
export class AuditBackendError extends Error {}

/**
 * A worker on the bundle's entry next to the CLI; from the TypeScript
 * sources (tests, tsx), one that registers tsx's loader first, as a worker
 * does not inherit it.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('../audit-worker.js', import.meta.url), { workerData });
  const source = new URL('./worker.ts', import.meta.url).href;
  return new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(source)}); });`, { eval: true, workerData });
}

export class SubjectRunner {
  private worker: Worker | undefined;
  private ready: Promise<Ready> | undefined;

  constructor(
    private readonly backend: BackendName | undefined,
    private readonly options: RunOptions,
  ) {}

  /** The worker's backend, tfjs version and registry, once it has selected the backend. */
  async start(): Promise<Ready> {
    if (this.ready !== undefined) return this.ready;
    const worker = startWorker({ backend: this.backend, options: this.options });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: ToMain): void => {
        worker.off('message', onMessage);
        if (m.type === 'ready') resolve(m.backend);
        else reject(new AuditBackendError(m.type === 'unavailable' ? m.message : `unexpected message ${m.type}`));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return this.ready;
  }

  async run(index: number): Promise<SubjectResult> {
    const { backend } = await this.start();
    const worker = this.worker!;
    const started = performance.now();
    let last: readonly TensorValue[] | undefined;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const watch = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          done();
          void this.stop();
          resolve(lostSubject(CATALOGUE[index]!, backend, this.options, last, (performance.now() - started) / 1000));
        }, this.options.timeLimit + GRACE_MS);
      };
      const done = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (m: ToMain): void => {
        if (m.type === 'case') {
          last = m.values;
          watch();
        } else if (m.type === 'result') {
          done();
          // A subject that threw may have left the backend broken (an aborted wasm module): the next one gets a fresh worker.
          if (m.result.verdict === 'throws') void this.stop();
          resolve(m.result);
        } else if (m.type === 'crashed') {
          done();
          void this.stop();
          resolve(lostSubject(CATALOGUE[index]!, backend, this.options, last, (performance.now() - started) / 1000, m.message));
        }
      };
      const onError = (err: Error): void => {
        done();
        void this.stop();
        resolve(lostSubject(CATALOGUE[index]!, backend, this.options, last, (performance.now() - started) / 1000, err.message.split('\n')[0]));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      watch();
      worker.postMessage({ index });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    await worker?.terminate();
  }
}
