// derive on every built-in with forward lines: every gradient derived, every
// step, result and matrix form checked numerically.
import { it } from 'vitest';
import { DERIVABLE, expectDerivesAndChecks } from './builtin-derivations.js';

// Two seeds, alternately, so that the checks are not tied to one draw.
it.each(DERIVABLE.map((name, k) => [name, 11 + (k % 2)] as const))('%s: every gradient derived, every step checked', (name, seed) => expectDerivesAndChecks(name, seed));
