// `deltagrad serve`: the built page over HTTP on 127.0.0.1, and the user's
// derivation files from one folder as its examples. It serves files only:
// every check still runs in the browser. Nothing outside the page's own files
// and the folder's derivations is reachable, whatever the path asks for.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatOfFile } from './format-names.js';
import { SERVED_EXAMPLES, type ServedFile } from './served.js';

const TYPES: Readonly<Record<string, string>> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', json: 'application/json; charset=utf-8' };

/**
 * The page runs its own script and a worker from a Blob, and fetches only its
 * examples list; the verifier compiles each expression to a JavaScript function
 * (new Function), hence 'unsafe-eval'.
 */
const POLICY = "default-src 'none'; script-src 'self' 'unsafe-eval'; worker-src blob:; connect-src 'self'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'";

/** A derivation file larger than this is left out of the examples. */
const MAX_EXAMPLE_BYTES = 1 << 20;

/** dist/site of this installation (from src/ under tests, from dist/ when built). */
export function siteDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'site');
    if (dirname(dir) === dir) throw new Error('cannot find the installation folder of deltagrad');
  }
}

/** The folder's derivation files (not its subfolders), in name order. */
export async function folderExamples(folder: string): Promise<ServedFile[]> {
  const files = readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile() && formatOfFile(e.name) !== undefined && statSync(join(folder, e.name)).size <= MAX_EXAMPLE_BYTES)
    .map((e) => e.name)
    .sort();
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(join(folder, file), 'utf8') })));
}

export function createSiteServer(site: string, examples: string | undefined): Server {
  // The page's files, by URL path: only what the build wrote is ever read.
  const pageFiles = new Map<string, string>(readdirSync(site).map((f) => [`/${f}`, join(site, f)]));
  pageFiles.set('/', join(site, 'index.html'));
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const send = (status: number, type: string, body: string | Buffer): void => {
      response.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': POLICY, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    const body = path === `/${SERVED_EXAMPLES}`
      ? (examples === undefined ? Promise.resolve([]) : folderExamples(examples)).then((list) => ({ type: TYPES.json!, data: JSON.stringify(list) }))
      : pageFiles.has(path)
        ? readFile(pageFiles.get(path)!).then((data) => ({ type: TYPES[path === '/' ? 'html' : path.replace(/^.*\./, '')] ?? 'application/octet-stream', data }))
        : undefined;
    if (body === undefined) return send(404, 'text/plain', 'not found\n');
    body.then(
      ({ type, data }) => send(200, type, data),
      (err: unknown) => send(500, 'text/plain', `${err instanceof Error ? err.message : String(err)}\n`),
    );
  });
}
