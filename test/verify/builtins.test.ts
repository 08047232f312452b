// Every built-in derivation verifies with 1000 property-test cases per gradient:
// no false failures.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinNames, builtinsDir } from '../../src/derivation/builtins.js';
import { verifyTarget } from '../../src/verify/verify.js';

const RUNS = 1000;
/** A convolution at 1000 runs takes seconds alone, much longer on a loaded machine: a time limit here only catches hangs. */
const TIMEOUT_MS = 600_000;

describe('built-in derivations', () => {
  it('the library is not empty', () => {
    expect(builtinNames().length).toBeGreaterThanOrEqual(4);
  });

  it.each(builtinNames())('%s verifies with 1000 runs', async (name) => {
    const report = await verifyTarget(join(builtinsDir(), `${name}.yaml`), { runs: RUNS, seed: 20240611 });
    expect(report.error).toBeNull();
    for (const g of report.gradients) {
      expect({ wrt: g.wrt, ok: g.ok, failedStep: g.failedStep, reason: g.reason }).toEqual({ wrt: g.wrt, ok: true, failedStep: null, reason: null });
      expect(g.cases).toBe(RUNS);
    }
    expect(report.ok).toBe(true);
  }, TIMEOUT_MS);
});
