// The built-in derivations, split into shards so that their 1000-run property
// checks spread over the test workers (one test file per shard).
import { join } from 'node:path';
import { expect } from 'vitest';
import { builtinNames, builtinsDir } from '../../src/derivation/builtins.js';
import { verifyTarget } from '../../src/verify/verify.js';

export const BUILTIN_RUNS = 1000;
/** A convolution at 1000 runs takes seconds alone, much longer on a loaded machine: a time limit here only catches hangs. */
export const BUILTIN_TIMEOUT_MS = 600_000;

/**
 * Rough relative cost of a built-in at 1000 runs (measured once; 1 for the
 * rest). Only a scheduling hint for balancing the shards: the test that the
 * shards cover the library does not depend on it.
 */
const COST: Readonly<Record<string, number>> = { 'conv2d-same-backward': 16, 'conv2d-backward': 8, 'batchnorm-backward': 6, 'maxpool-backward': 5 };

/** Shard `shard` of `of`: the built-ins dealt out, costliest first, each to the shard with the least cost so far. */
export function builtinShard(shard: number, of: number): string[] {
  const cost = (name: string): number => COST[name] ?? 1;
  const names = [...builtinNames()].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b));
  const shards = Array.from({ length: of }, () => ({ names: [] as string[], cost: 0 }));
  for (const name of names) {
    const lightest = shards.reduce((best, s) => (s.cost < best.cost ? s : best));
    lightest.names.push(name);
    lightest.cost += cost(name);
  }
  return shards[shard]!.names.sort();
}

/** Verifies a built-in with 1000 property-test cases per gradient and expects every gradient to pass. */
export async function expectBuiltinVerifies(name: string, seed: number): Promise<void> {
  const report = await verifyTarget(join(builtinsDir(), `${name}.yaml`), { runs: BUILTIN_RUNS, seed });
  expect(report.error).toBeNull();
  for (const g of report.gradients) {
    expect({ wrt: g.wrt, ok: g.ok, failedStep: g.failedStep, reason: g.reason }).toEqual({ wrt: g.wrt, ok: true, failedStep: null, reason: null });
    expect(g.cases).toBe(BUILTIN_RUNS);
  }
  expect(report.ok).toBe(true);
}
