// Every built-in derivation verifies with 1000 property-test cases per gradient:
// no false failures. Shard 1 of 2 (the other shard runs in another worker).
import { describe, expect, it } from 'vitest';
import { builtinNames } from '../../src/derivation/builtins.js';
import { BUILTIN_TIMEOUT_MS, builtinShard, expectBuiltinVerifies } from '../helpers/builtins.js';

describe('built-in derivations, shard 1 of 2', () => {
  it('the library is not empty and the shards cover it', () => {
    expect(builtinNames().length).toBeGreaterThanOrEqual(4);
    expect([...builtinShard(0, 2), ...builtinShard(1, 2)].sort()).toEqual(builtinNames());
  });

  it.each(builtinShard(0, 2))('%s verifies with 1000 runs', async (name) => {
    await expectBuiltinVerifies(name, 20240611);
  }, BUILTIN_TIMEOUT_MS);
});
