// `deltagrad serve`: the built bin on a free port, the page's files and the
// folder's derivations served, nothing else reachable, Ctrl-C a clean stop.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

/** GET without normalising the path (fetch would resolve `..` before sending it). */
const get = (port: number, path: string): Promise<{ status: number; body: string; policy: string | undefined }> =>
  new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, policy: res.headers['content-security-policy'] as string | undefined }));
    }).on('error', reject).end();
  });

beforeAll(assertBuilt);

describe('deltagrad serve', () => {
  it('serves the page and the folder\'s derivations on 127.0.0.1, nothing else, and stops on Ctrl-C', { timeout: 60_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'deltagrad-serve-'));
    const mine = readFileSync(join(ROOT, 'derivations', 'relu-backward.yaml'), 'utf8');
    writeFileSync(join(folder, 'mine.yaml'), mine);
    writeFileSync(join(folder, 'notes.txt'), 'not a derivation');
    const child = spawn(process.execPath, ['bin/deltagrad.js', 'serve', folder], { cwd: ROOT });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
          if (m !== null) resolve(Number(m[1]));
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const page = await get(port, '/');
      expect(page.status).toBe(200);
      expect(page.body).toContain('<script src="main.js"></script>');
      expect(page.policy).toContain("default-src 'none'");
      expect((await get(port, '/main.js')).status).toBe(200);
      expect(JSON.parse((await get(port, '/examples.json')).body)).toEqual([{ file: 'mine.yaml', text: mine }]);
      for (const path of ['/../package.json', '/%2e%2e/package.json', '/mine.yaml', `/${encodeURIComponent(join(folder, 'mine.yaml'))}`, '/src/cli/main.ts']) {
        expect((await get(port, path)).status, path).toBe(404);
      }
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a folder that does not exist and a port out of range, exit 2', async () => {
    const missing = await runCli(['serve', join(tmpdir(), 'no-such-folder-deltagrad')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/is not a folder/);
    expect((await runCli(['serve', '--port', '70000'])).code).toBe(2);
  });
});
