// Verdicts that do not depend on the seed: every built-in and every correct
// fixture (students' included) verified at 200 seeds, every wrong one
// rejected at all of them (derive's checked results at other seeds:
// derive-property*.test.ts). Slow (minutes): run with DELTAGRAD_SLOW=1, as
// .ci/run does.
import { describe, expect, it } from 'vitest';
import { builtinNames, resolveTarget } from '../../src/derivation/builtins.js';
import { buildDerivation, type Derivation } from '../../src/derivation/derivation.js';
import { loadDerivationFile } from '../../src/derivation/load.js';
import { verifyDerivation } from '../../src/verify/verify.js';
import { expectationOf, fixtureFiles } from '../helpers/fixtures.js';

const SLOW = process.env.DELTAGRAD_SLOW === '1';
const SEEDS = Array.from({ length: 200 }, (_, k) => k + 1);
/** Cases per seed: 200 seeds of 10 cases are 2,000 points per gradient, each seed drawing its own sizes and values. */
const RUNS = 10;
const TIMEOUT_MS = 600_000;

const FIXTURES = [...fixtureFiles('students'), ...fixtureFiles('wrong'), ...fixtureFiles('ties'), ...fixtureFiles('.')];
const expectsOk = (file: string): boolean => {
  const e = expectationOf(file);
  return 'ok' in e && e.ok;
};
const CORRECT = [...builtinNames(), ...FIXTURES.filter(expectsOk)];
const WRONG = FIXTURES.filter((f) => !expectsOk(f));

const load = async (target: string): Promise<Derivation> => buildDerivation(await loadDerivationFile(resolveTarget(target)));

describe.runIf(SLOW)('verdicts at 200 seeds', () => {
  it.each(CORRECT)('%s is verified at every seed', async (target) => {
    const d = await load(target);
    const failing = SEEDS.filter((seed) => !verifyDerivation(d, { runs: RUNS, seed }).ok);
    expect(failing).toEqual([]);
  }, TIMEOUT_MS);

  it.each(WRONG)('%s is rejected at every seed', async (file) => {
    const d = await load(file);
    const passing = SEEDS.filter((seed) => verifyDerivation(d, { runs: RUNS, seed }).ok);
    expect(passing).toEqual([]);
  }, TIMEOUT_MS);
});
