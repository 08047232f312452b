// The audit's worker thread: it selects the backend and runs the subjects it
// is sent, one at a time, telling the main thread each case before it runs.
// A tfjs call that never returns blocks only this thread; the main thread
// then ends it and carries on in a fresh one.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../engine/choices.js';
import { selectBackend } from '../engine/backend/select.js';
import { CATALOGUE } from './catalogue.js';
import { coverage } from './coverage.js';
import { runSubject, type RunOptions } from './run.js';
import type { ToMain, ToWorker } from './messages.js';

const { backend, options } = workerData as { backend: BackendName | undefined; options: RunOptions };
const port = parentPort!;
const post = (message: ToMain): void => port.postMessage(message);

try {
  const selected = await selectBackend(backend);
  post({ type: 'ready', backend: { backend: selected.name, tfjsVersion: tf.version_core, coverage: coverage(tf) } });
} catch (err) {
  post({ type: 'unavailable', message: (err as Error).message });
}

port.on('message', (message: ToWorker) => {
  try {
    post({ type: 'result', result: runSubject(tf, CATALOGUE[message.index]!, options, (values) => post({ type: 'case', values })) });
  } catch (err) {
    post({ type: 'crashed', message: (err as Error).message.split('\n')[0]! });
  }
});
