// Before a check at fixed sizes starts: the work it will do, and a refusal
// above the budget unless --force. Files that do not load are left for
// verify to report.
import { InputError } from '../notation/errors.js';
import { resolveTarget } from '../derivation/builtins.js';
import { buildDerivation, type Derivation } from '../derivation/derivation.js';
import { estimateOperations, WORK_BUDGET } from '../verify/estimate.js';
import { loadDerivationFile } from '../derivation/load.js';
import type { PropertyOptions } from '../verify/property.js';

export async function loadOrUndefined(target: string): Promise<Derivation | undefined> {
  try {
    return buildDerivation(await loadDerivationFile(resolveTarget(target)));
  } catch (err) {
    if (err instanceof InputError) return undefined;
    throw err;
  }
}

/** The line refusing the first target whose check would exceed the budget, if any. */
export async function overBudget(targets: readonly string[], options: Pick<PropertyOptions, 'mode' | 'runs'>, sizes: ReadonlyMap<string, number>): Promise<string | undefined> {
  for (const target of targets) {
    const d = await loadOrUndefined(target);
    if (d === undefined || ![...sizes.keys()].every((dim) => d.dimensions.has(dim))) continue;
    const fixed = new Map([...d.dimensions].map(([dim, [, high]]) => [dim, sizes.get(dim) ?? high]));
    const operations = estimateOperations(d, fixed, options);
    if (operations > WORK_BUDGET) {
      return `error: ${d.name} at these sizes is about ${operations.toExponential(1)} operations, above the budget of ${WORK_BUDGET.toExponential(0)} (about a minute); pass --force to run it anyway`;
    }
  }
  return undefined;
}
