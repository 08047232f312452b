// The errors of a training command that are the user's input, not a bug:
// printed as one line, exit 2; and the guard every training command runs in.
import { BackendUnavailableError } from '../engine/backend/select.js';
import { CheckpointError } from '../engine/checkpoint.js';
import { DataError } from '../engine/data/dataset.js';
import { EngineCompileError } from '../engine/derived.js';
import { EXIT } from './common.js';
import { userErrorMessage } from './errors.js';
import { abortOnInterrupt } from './train-format.js';

/** The one-line message for an input error, or undefined for anything else (a bug, rethrown). */
export function inputErrorMessage(err: unknown): string | undefined {
  const known = [BackendUnavailableError, CheckpointError, DataError, EngineCompileError];
  return known.some((kind) => err instanceof kind) ? (err as Error).message : userErrorMessage(err);
}

/**
 * Runs a training command with Ctrl-C as a clean stop (its signal aborts):
 * an input error becomes one line and exit 2 after the progress display is
 * stopped, and the Ctrl-C handler is released however the command ends.
 */
export async function runGuarded(command: (signal: AbortSignal) => Promise<number>, stopProgress: () => void): Promise<number> {
  const interrupt = abortOnInterrupt();
  try {
    return await command(interrupt.signal);
  } catch (err) {
    stopProgress();
    const message = inputErrorMessage(err);
    if (message === undefined) throw err;
    process.stderr.write(`error: ${message}\n`);
    return EXIT.misuse;
  } finally {
    interrupt.release();
  }
}
