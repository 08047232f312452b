// The errors of a training command that are the user's input, not a bug:
// printed as one line, exit 2.
import { BackendUnavailableError } from '../engine/backend/select.js';
import { CheckpointError } from '../engine/checkpoint.js';
import { DataError } from '../engine/data/dataset.js';
import { EngineCompileError } from '../engine/derived.js';
import { InputError } from '../notation/errors.js';

export const EXIT = { ok: 0, gradCheckFailed: 1, misuse: 2, interrupted: 130 } as const;

/** The one-line message for an input error, or undefined for anything else (a bug, rethrown). */
export function inputErrorMessage(err: unknown): string | undefined {
  if (err instanceof InputError) return err.format();
  const known = [BackendUnavailableError, CheckpointError, DataError, EngineCompileError];
  return known.some((kind) => err instanceof kind) ? (err as Error).message : undefined;
}

export function misuse(command: string, message: string): number {
  process.stderr.write(`error: ${message}\n(run deltagrad ${command} --help for usage)\n`);
  return EXIT.misuse;
}
