// derive on the first half of the built-ins (the other half is in -2, so that
// the property checks spread over two workers).
import { it } from 'vitest';
import { DERIVABLE, expectDerivesAndChecks } from './builtin-derivations.js';

it.each(DERIVABLE.filter((_, k) => k % 2 === 0))('%s: every gradient derived, every step checked', (name) => expectDerivesAndChecks(name, 11));
