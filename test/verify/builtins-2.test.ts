// Every built-in derivation verifies with 1000 property-test cases per gradient:
// no false failures. Shard 2 of 2 (the other shard runs in another worker).
import { describe, it } from 'vitest';
import { BUILTIN_TIMEOUT_MS, builtinShard, expectBuiltinVerifies } from '../helpers/builtins.js';

describe('built-in derivations, shard 2 of 2', () => {
  it.each(builtinShard(1, 2))('%s verifies with 1000 runs', async (name) => {
    await expectBuiltinVerifies(name, 20240611);
  }, BUILTIN_TIMEOUT_MS);
});
