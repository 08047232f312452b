// A derivation from the fields of a file, written inline in a test.
import { buildDerivation, type Derivation } from '../../src/derivation/derivation.js';
import { parseDerivationText } from '../../src/derivation/load.js';

export function derivationOf(fields: Record<string, unknown>): Derivation {
  const text = JSON.stringify({ name: 'trust', title: 'trust', ...fields });
  return buildDerivation(parseDerivationText(text, '<test>', 'derive'));
}
