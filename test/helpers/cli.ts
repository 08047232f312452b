// Runs the built CLI (bin/deltagrad.js -> dist/cli.js) as a child process.
import { execFile } from 'node:child_process';
import { inject, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ROOT } from './fixtures.js';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Throws the build's output when the global setup could not build dist/cli.js. */
export function assertBuilt(): void {
  const error = inject('cliBuildError');
  if (error !== null) throw new Error(error);
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/deltagrad.js', ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the CLI's main() in this process: exit code and output, without spawning a process per case. */
export async function runMain(args: readonly string[]): Promise<CliResult> {
  let [stdout, stderr] = ['', ''];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    await main(['node', 'deltagrad', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

/** Lines that look like a JavaScript stack trace. */
export const stackLines = (text: string): string[] => text.split('\n').filter((l) => /^\s+at\s/.test(l) || /^\w*Error:/.test(l));
