// Builds the page (dist/site): index.html with KaTeX's stylesheet, and one
// script, which carries the worker's code and the bundled examples. Both bundles are classic scripts,
// not modules: a page opened from disk may not load module scripts.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { katexCss } from '../dist/lib/report/katex-css.js';

const OUT = 'dist/site';
const EXAMPLE_FOLDERS = [
  { group: 'built-in', dir: 'derivations' },
  { group: 'course fixtures', dir: 'test/fixtures/students' },
  { group: 'course answers in LaTeX', dir: 'test/fixtures/latex/seeds' },
];

/** Serves `virtual:NAME` imports from `modules`. */
const virtualModules = (modules) => ({
  name: 'virtual',
  setup(b) {
    b.onResolve({ filter: /^virtual:/ }, (args) => ({ path: args.path, namespace: 'virtual' }));
    b.onLoad({ filter: /.*/, namespace: 'virtual' }, (args) => ({ contents: modules[args.path], loader: args.path.endsWith('.ts') ? 'ts' : 'js' }));
  },
});

/**
 * The browser has no Node built-ins: the verifier and the report reach them
 * only where they read files (the built-ins folder, a file from disk, KaTeX's
 * stylesheet), which the page never calls, so they resolve to an empty module.
 */
const nodeBuiltins = {
  name: 'node-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

const common = { metafile: true, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, write: false, legalComments: 'none', logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' } };

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const worker = await build({ ...common, entryPoints: ['src/site/worker.ts'], plugins: [nodeBuiltins] });
const examples = EXAMPLE_FOLDERS.flatMap(({ group, dir }) =>
  readdirSync(dir).filter((f) => /\.(ya?ml|md|tex)$/.test(f)).sort().map((file) => ({ group, file, text: readFileSync(join(dir, file), 'utf8') })),
);
const main = await build({
  ...common,
  write: true,
  entryPoints: { main: 'src/site/browser/main.ts' },
  outdir: OUT,
  plugins: [virtualModules({ 'virtual:worker-source': `export default ${JSON.stringify(worker.outputFiles[0].text)};`, 'virtual:examples': `export default ${JSON.stringify(examples)};` })],
});
// KaTeX's stylesheet, with its fonts, goes into the page itself: typeset results need it from the first verdict.
const page = readFileSync('src/site/browser/index.html', 'utf8');
const marker = /(<style id="katex-style">)[^<]*(<\/style>)/;
if (!marker.test(page)) throw new Error('src/site/browser/index.html has no <style id="katex-style"> to fill');
writeFileSync(join(OUT, 'index.html'), page.replace(marker, (_, open, close) => `${open}${katexCss()}${close}`));
// What each bundle is made of, for the size figures of `npm run bench -- page` (beside the page, not served with it).
const bytesByInput = (meta) => Object.fromEntries(Object.values(meta.outputs).flatMap((o) => Object.entries(o.inputs).map(([input, { bytesInOutput }]) => [input, bytesInOutput])));
writeFileSync('dist/site-bundles.json', JSON.stringify({ worker: bytesByInput(worker.metafile), main: bytesByInput(main.metafile) }));
