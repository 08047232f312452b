// What the command line prints for an error that reaches it: the user's input
// (exit 2, one line) or a bug (exit 3, one line; the stack with DELTAGRAD_DEBUG=1).
// Only light modules load here: main.ts imports it before any command runs.
import { InputError, isExhaustion, tooLargeMessage } from '../notation/errors.js';
import { UsageError } from '../usage-error.js';
import { EXIT } from './common.js';

/** System error codes that describe the user's paths, not a bug. */
const PATH_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a file where a folder is expected',
  EISDIR: 'a folder where a file is expected',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  EBUSY: 'busy',
};

/** The one-line message of an error that is the user's input, or undefined for a bug. */
export function userErrorMessage(err: unknown): string | undefined {
  if (err instanceof InputError) return err.format();
  if (err instanceof UsageError) return err.message;
  if (!(err instanceof Error)) return undefined;
  const { code, path } = err as NodeJS.ErrnoException;
  if (code !== undefined && code in PATH_PROBLEMS) return `${path ?? err.message}: ${PATH_PROBLEMS[code]}`;
  if (isExhaustion(err)) return tooLargeMessage(err);
  return undefined;
}

/** Prints an error that reached the top of a command and returns its exit code: 2 for input, 3 for a bug. */
export function reportError(err: unknown): number {
  const message = userErrorMessage(err);
  if (message !== undefined) {
    process.stderr.write(`error: ${message}\n`);
    return EXIT.misuse;
  }
  const text = err instanceof Error ? err.message : String(err);
  const debug = process.env.DELTAGRAD_DEBUG === '1';
  process.stderr.write(`deltagrad: internal error: ${text.split('\n')[0]}${debug ? '' : ' (a bug; DELTAGRAD_DEBUG=1 prints where)'}\n`);
  if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}
