import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/cli.js once when it is missing or older than src/: the CLI tests run the built bin.
    globalSetup: ['test/global-setup.ts'],
    // vitest's default (cores - 1) would run the files one at a time on a 2-core machine.
    maxWorkers: Math.max(2, availableParallelism()),
    // The CLI tests run child processes concurrently; two at a time keeps a 2-core machine busy without thrashing.
    maxConcurrency: 2,
    // Property tests run thousands of cases; on a loaded machine a test can take several seconds.
    testTimeout: 60_000,
    // TensorFlow.js's cpu backend greets each Node process on its first tensor ("Hi, looks like you are running
    // TensorFlow.js in Node.js"): the commands run in production mode, which says nothing; the tests' own processes leave it out.
    onConsoleLog: (log) => !log.includes('looks like you are running TensorFlow.js in Node.js'),
    hookTimeout: 180_000,
  },
});
