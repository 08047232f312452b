// What every command shares: exit codes, the misuse message, the seed default
// and the parsers of numeric options. Only commander loads here: main.ts
// imports it before any command runs.
import { InvalidArgumentError } from 'commander';

/**
 * 0 verified or done, 1 wrong (a verdict, or a failed gradient check), 2 bad input or misuse,
 * 3 internal error (a bug), 4 training diverged, 130 interrupted, 141 the reader closed the pipe (as SIGPIPE would).
 */
export const EXIT = { ok: 0, wrong: 1, misuse: 2, internal: 3, diverged: 4, interrupted: 130, brokenPipe: 141 } as const;

/** How the user ran deltagrad, for the commands a hint prints: `npx deltagrad` when npx ran it (npm names the command it runs). */
export const invocation = (): string =>
  process.env.npm_command === 'exec' && /^'?deltagrad\b/.test(process.env.npm_lifecycle_script ?? '') ? 'npx deltagrad' : 'deltagrad';

/** Misuse of a command's options: one line, a pointer to its help, exit 2. */
export function misuse(command: string, message: string): number {
  process.stderr.write(`error: ${message}\n(run ${invocation()} ${command} --help for usage)\n`);
  return EXIT.misuse;
}

/** The seed of a property test when none is given; it is printed, so a failure can be replayed. */
export const seedOrRandom = (seed: number | undefined): number => seed ?? Math.floor(Math.random() * 2 ** 31);

/** A parser of a numeric option that accepts what `ok` holds for: `${what} must be ${rule}` otherwise. */
export const numberWhere = (ok: (n: number) => boolean, rule: string) => (what: string) => (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !ok(n)) throw new InvalidArgumentError(`${what} must be ${rule}`);
  return n;
};
export const integer = numberWhere(Number.isInteger, 'an integer');
export const positiveInt = numberWhere((n) => Number.isInteger(n) && n >= 1, 'a positive integer');
export const count = numberWhere((n) => Number.isInteger(n) && n >= 0, 'a whole number');
// As in the file schema and the library: a tolerance of -1 or NaN would pass anything.
export const positive = numberWhere((n) => Number.isFinite(n) && n > 0, 'a positive number');
export const nonNegative = numberWhere((n) => Number.isFinite(n) && n >= 0, 'a number >= 0');
export const rate = numberWhere((n) => n >= 0 && n < 1, 'in [0, 1)');
