// Builds the CLI and the page once before the suite (`npm run build`) when dist/cli.js or
// dist/site is missing or older than any file under src/ or the build script, so that the
// CLI tests run the bin as users run it. A failed build does not stop the other
// test files: its output is handed to the CLI tests, which fail with it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The output of a failed `npm run build`, or null when dist/cli.js is up to date. */
    cliBuildError: string | null;
  }
}

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function build(): string | null {
  const sources = Math.max(newestMtime(join(root, 'src')), ...['build.mjs', 'build-site.mjs'].map((s) => statSync(join(root, 'scripts', s)).mtimeMs));
  const built = [join(root, 'dist', 'cli.js'), join(root, 'dist', 'site', 'main.js')];
  if (built.every((file) => existsSync(file) && statSync(file).mtimeMs >= sources)) return null;
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return null;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return `npm run build failed:\n${e.stdout ?? ''}${e.stderr ?? ''}` || e.message;
  }
}

export default function setup(project: TestProject): void {
  project.provide('cliBuildError', build());
}
