// The library's check of verify's and derive's options: a tolerance, case
// count or seed out of range would judge nothing (runs 0) or anything
// (rtol -1, NaN) and still report "verified". Misuse throws a UsageError.
import { UsageError } from '../usage-error.js';

const MODES = ['full', 'fast', 'auto'];

interface CheckedOptions {
  readonly runs: number;
  readonly seed: number;
  readonly rtol?: number;
  readonly atol?: number;
  readonly mode?: string;
}

/** Rules as a table: each option, when given, must satisfy its test. */
const RULES: readonly [keyof CheckedOptions, (v: unknown) => boolean, string][] = [
  ['runs', (v) => Number.isInteger(v) && (v as number) >= 1, 'a positive integer'],
  ['seed', (v) => Number.isInteger(v), 'an integer'],
  ['rtol', (v) => typeof v === 'number' && v > 0 && v < Infinity, 'a positive number'],
  ['atol', (v) => typeof v === 'number' && v >= 0 && v < Infinity, 'a number >= 0'],
  ['mode', (v) => MODES.includes(v as string), `one of ${MODES.join(', ')}`],
];

export function checkOptions(options: CheckedOptions): void {
  for (const [name, ok, rule] of RULES) {
    const value = options[name];
    if (value !== undefined && !ok(value)) throw new UsageError(`${name} must be ${rule}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
}
