// A construct of the language stated in a small derivation: its inputs, its
// forward lines, and a right and a wrong claim about one gradient.
import { buildDerivation, type Derivation } from '../../src/derivation/derivation.js';
import { parseDerivationText } from '../../src/derivation/load.js';

export interface ClaimCase {
  readonly shapes: Record<string, readonly (string | number)[]>;
  readonly domains?: Record<string, string>;
  readonly forward: readonly string[];
  readonly wrt: string;
  readonly right: string;
  readonly wrong: string;
}

/** The case as a derivation whose gradient of `wrt` is claimed as `claim` ({ result } or { matrix }). */
export function caseDerivation(c: ClaimCase, claim: { readonly result: string } | { readonly matrix: string }): Derivation {
  const gradient = { wrt: c.wrt, ...claim };
  return buildDerivation(
    parseDerivationText(JSON.stringify({ name: 'case', title: 'case', shapes: c.shapes, domains: c.domains ?? {}, forward: c.forward, gradients: [gradient] }), 'case.yaml'),
  );
}
