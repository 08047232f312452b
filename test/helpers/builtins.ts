// The built-in derivations, split into shards so that their 1000-run property
// checks spread over the test workers (one test file per shard).
import { join } from 'node:path';
import { expect } from 'vitest';
import { builtinNames, builtinsDir } from '../../src/verify/builtins.js';
import { verifyFile } from '../../src/verify/verify.js';

export const BUILTIN_RUNS = 1000;

/** Every `of`-th built-in name starting at `shard`, in name order. */
export const builtinShard = (shard: number, of: number): string[] => builtinNames().filter((_, k) => k % of === shard);

/** Verifies a built-in with 1000 property-test cases per gradient and expects every gradient to pass. */
export async function expectBuiltinVerifies(name: string, seed: number): Promise<void> {
  const report = await verifyFile(join(builtinsDir(), `${name}.yaml`), { runs: BUILTIN_RUNS, seed });
  expect(report.error).toBeNull();
  expect(report.gradients.length).toBeGreaterThan(0);
  for (const g of report.gradients) {
    expect({ wrt: g.wrt, ok: g.ok, failedStep: g.failedStep, reason: g.reason }).toEqual({ wrt: g.wrt, ok: true, failedStep: null, reason: null });
    expect(g.cases).toBe(BUILTIN_RUNS);
  }
  expect(report.ok).toBe(true);
}
