// The page's worker: verification, derivation and the report page run here,
// off the main thread, so typing never waits for them.
import { trusted } from '../report/html.js';
import { renderPage } from '../report/page.js';
import { check, entryOfText } from './check.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

// The worker's global scope, declared here because the project compiles without the DOM library.
declare const self: { onmessage: ((event: { data: WorkerRequest }) => void) | null; postMessage(reply: WorkerReply): void };

async function answer(message: WorkerRequest): Promise<WorkerReply> {
  const { id } = message;
  switch (message.kind) {
    case 'check': {
      const started = performance.now();
      const result = await check(message.request);
      return { id, kind: 'check', result, ms: performance.now() - started };
    }
    case 'report': {
      const { runs, seed } = message.request;
      const entry = await entryOfText(message.request);
      return { id, kind: 'report', text: renderPage({ entries: [entry], training: trusted(''), runs, seed, generatedAt: new Date(), katexStyles: message.katexStyles }) };
    }
  }
}

self.onmessage = (event) => {
  answer(event.data).then(
    (reply) => self.postMessage(reply),
    (err: unknown) => self.postMessage({ id: event.data.id, kind: 'crash', message: err instanceof Error ? err.message : String(err) }),
  );
};
