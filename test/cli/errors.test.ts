// What reaches the top of a command: the user's input as one line and exit 2,
// a bug as one line and exit 3 (its stack only with DELTAGRAD_DEBUG=1); hints
// name the command as it was typed; --help says what the README says.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { invocation } from '../../src/cli/common.js';
import { reportError } from '../../src/cli/errors.js';
import { InputError } from '../../src/notation/errors.js';
import { UsageError } from '../../src/usage-error.js';
import { assertBuilt, runMain } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

function reported(err: unknown): { code: number; stderr: string } {
  let stderr = '';
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: reportError(err), stderr };
  } finally {
    write.mockRestore();
  }
}

afterEach(() => vi.unstubAllEnvs());

describe('reportError', () => {
  it('prints a bug as one line, exit 3, without its stack', () => {
    vi.stubEnv('DELTAGRAD_DEBUG', '');
    const r = reported(new TypeError("Cannot read properties of undefined (reading 'x')\nsecond line"));
    expect(r).toEqual({ code: 3, stderr: "deltagrad: internal error: Cannot read properties of undefined (reading 'x') (a bug; DELTAGRAD_DEBUG=1 prints where)\n" });
  });

  it('adds the stack with DELTAGRAD_DEBUG=1', () => {
    vi.stubEnv('DELTAGRAD_DEBUG', '1');
    const err = new Error('boom');
    const r = reported(err);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`deltagrad: internal error: boom\n${err.stack}\n`);
  });

  it.each([
    [new InputError('unknown tensor V', { file: 'a.yaml', line: 6, col: 30 }), 'error: a.yaml:6:30: unknown tensor V\n'],
    [new UsageError('rtol must be a positive number, got NaN'), 'error: rtol must be a positive number, got NaN\n'],
    [Object.assign(new Error("EACCES: permission denied, open '/root/x'"), { code: 'EACCES', path: '/root/x' }), 'error: /root/x: permission denied\n'],
    [new RangeError('Invalid typed array length: 10000000000'), 'error: too large for this machine (Invalid typed array length: 10000000000): use smaller sizes, layers or expressions\n'],
    [new RangeError('Maximum call stack size exceeded'), 'error: too large for this machine (Maximum call stack size exceeded): use smaller sizes, layers or expressions\n'],
  ])('prints the input error %s as one line, exit 2', (err, line) => {
    expect(reported(err)).toEqual({ code: 2, stderr: line });
  });
});

describe('invocation', () => {
  it('is npx deltagrad when npx ran deltagrad, deltagrad otherwise', () => {
    vi.stubEnv('npm_command', 'exec');
    vi.stubEnv('npm_lifecycle_script', "'deltagrad'");
    expect(invocation()).toBe('npx deltagrad');
    vi.stubEnv('npm_lifecycle_script', 'vitest run');
    expect(invocation()).toBe('deltagrad');
    vi.stubEnv('npm_command', 'run-script');
    vi.stubEnv('npm_lifecycle_script', 'deltagrad verify --all');
    expect(invocation()).toBe('deltagrad');
  });

  it('is what a misuse hint prints', async () => {
    vi.stubEnv('npm_command', 'exec');
    vi.stubEnv('npm_lifecycle_script', "'deltagrad'");
    expect((await runMain(['verify'])).stderr).toContain('(run npx deltagrad verify --help for usage)');
  });
});

describe('verify --help', () => {
  const flat = (text: string): string => text.replace(/\s+/g, ' ');

  it('says what the README says about kinks and fast mode', async () => {
    const help = flat((await runMain(['verify', '--help'])).stdout);
    const readme = flat(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    for (const phrase of ['there a claim passes if it lies between them (any subgradient)', '4 evaluations whatever the size', '3 internal error']) {
      expect(help.includes(phrase), `verify --help: ${phrase}`).toBe(true);
      expect(readme.includes(phrase), `README: ${phrase}`).toBe(true);
    }
    expect(help).not.toContain('not judged');
  });
});

describe("TensorFlow.js's greeting", () => {
  it('is left out of the test output, and nothing else is', async () => {
    const { default: config } = await import('../../vitest.config.js');
    const onConsoleLog = config.test?.onConsoleLog as ((log: string, type: 'stdout' | 'stderr') => boolean | void) | undefined;
    expect(onConsoleLog?.('\n============================\nHi, looks like you are running TensorFlow.js in Node.js. To speed things up dramatically, install our node backend\n============================', 'stderr')).toBe(false);
    expect(onConsoleLog?.('a log line a test prints', 'stdout')).not.toBe(false);
  });
});

describe('an error thrown outside a command (in a callback)', () => {
  it('is an internal error, one line and exit 3, not a stack trace and exit 1', async () => {
    assertBuilt();
    // Thrown from a timer once the bin has installed its handlers: nothing in deltagrad can catch it.
    const stray = 'data:text/javascript,const t = setInterval(() => { if (process.listenerCount("unhandledRejection") > 0) { clearInterval(t); throw new Error("stray"); } }, 5)';
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(process.execPath, ['--import', stray, 'bin/deltagrad.js', 'verify', 'linear-backward', '--runs', '20'], { cwd: ROOT, env: { ...process.env, DELTAGRAD_DEBUG: '' } }, (err, _stdout, stderr) =>
        resolve({ code: err === null ? 0 : (err.code as number), stderr }),
      ),
    );
    expect(r).toEqual({ code: 3, stderr: 'deltagrad: internal error: stray (a bug; DELTAGRAD_DEBUG=1 prints where)\n' });
  });
});
