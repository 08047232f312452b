// Modules the site's build script supplies (scripts/build-site.mjs).
declare module 'virtual:worker-source' {
  /** The worker's bundled code, started from a Blob: a page opened from disk may not load a worker from a file. */
  const source: string;
  export default source;
}

declare module 'virtual:examples' {
  import type { Example } from './examples.js';
  /** The built-ins and the course's student fixtures, by group. */
  const examples: readonly Example[];
  export default examples;
}
