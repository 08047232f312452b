// derive on the second half of the built-ins (see -1).
import { it } from 'vitest';
import { DERIVABLE, expectDerivesAndChecks } from './builtin-derivations.js';

it.each(DERIVABLE.filter((_, k) => k % 2 === 1))('%s: every gradient derived, every step checked', (name) => expectDerivesAndChecks(name, 12));
