// The built-in derivations as derive sees them, and a way to hand derive's
// output back to verify as if a user had written it in the file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { builtinNames, builtinsDir } from '../../src/derivation/builtins.js';
import { buildDerivation, type Derivation } from '../../src/derivation/derivation.js';
import { deriveAndCheck } from '../../src/verify/derive-check.js';
import { parseDerivationText } from '../../src/derivation/load.js';
import { verifyDerivation, type DerivationReport } from '../../src/verify/verify.js';

const fileOf = (name: string): string => join(builtinsDir(), `${name}.yaml`);

export const loadBuiltin = async (name: string): Promise<Derivation> => buildDerivation(parseDerivationText(await readFile(fileOf(name), 'utf8'), fileOf(name)));

/** The built-ins with forward lines to differentiate (the others state expectation identities only). */
export const DERIVABLE: readonly string[] = (await Promise.all(builtinNames().map(async (n) => ((await loadBuiltin(n)).forward.length > 0 ? [n] : [])))).flat();

/** derive every gradient of a built-in, and check each step, the result and the matrix form numerically. */
export async function expectDerivesAndChecks(name: string, seed: number): Promise<void> {
  const d = await loadBuiltin(name);
  const checked = deriveAndCheck(d, undefined, { runs: 100, seed });
  expect(checked.map((g) => g.wrt)).toEqual([...new Set(d.gradients.map((g) => g.wrt))]);
  for (const g of checked) {
    expect({ wrt: g.wrt, notDerived: g.notDerived, verified: g.verified, failure: g.failure }).toEqual({ wrt: g.wrt, notDerived: null, verified: true, failure: null });
    // A recovered matrix form is either right or not printed; none of the built-ins' may be wrong.
    expect(g.matrixNote ?? '').not.toMatch(/failed its numerical check/);
    expect(g.derived!.steps.length).toBeGreaterThanOrEqual(3);
  }
}

export interface ClaimText {
  readonly wrt: string;
  readonly steps?: readonly string[];
  readonly result?: string;
  readonly matrix?: string;
}

/** The built-in's file with its gradients replaced by `claims`, verified like a user's file. */
export async function verifyClaims(name: string, claims: readonly ClaimText[], options: { runs: number; seed: number }): Promise<DerivationReport> {
  const data = parse(await readFile(fileOf(name), 'utf8')) as Record<string, unknown>;
  const text = JSON.stringify({ ...data, gradients: claims }, null, 1);
  return verifyDerivation(buildDerivation(parseDerivationText(text, `${name} (derived claims)`)), options);
}
