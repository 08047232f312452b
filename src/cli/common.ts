// What every command shares: exit codes, the misuse message, the seed default
// and the parsers of numeric options.
import { InvalidArgumentError } from 'commander';

/** 0 verified or done, 1 wrong (a verdict, or a failed gradient check), 2 bad input or misuse, 130 interrupted. */
export const EXIT = { ok: 0, wrong: 1, misuse: 2, interrupted: 130 } as const;

export function misuse(command: string, message: string): number {
  process.stderr.write(`error: ${message}\n(run deltagrad ${command} --help for usage)\n`);
  return EXIT.misuse;
}

/** The seed of a property test when none is given; it is printed, so a failure can be replayed. */
export const seedOrRandom = (seed: number | undefined): number => seed ?? Math.floor(Math.random() * 2 ** 31);

/** Any finite number. */
export const number = (what: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${what} must be a number`);
  return n;
};

const parse = (what: string, ok: (n: number) => boolean, rule: string) => (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !ok(n)) throw new InvalidArgumentError(`${what} must be ${rule}`);
  return n;
};
export const positiveInt = (what: string) => parse(what, (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
export const count = (what: string) => parse(what, (n) => Number.isInteger(n) && n >= 0, 'a whole number (0 for never)');
export const positive = (what: string) => parse(what, (n) => Number.isFinite(n) && n > 0, 'a positive number');
export const nonNegative = (what: string) => parse(what, (n) => Number.isFinite(n) && n >= 0, 'a number >= 0');
export const rate = (what: string) => parse(what, (n) => n >= 0 && n < 1, 'in [0, 1)');
