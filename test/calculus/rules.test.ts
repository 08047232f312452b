// Soundness of the simplification rules, the idea of mathjs's simplify test
// library: every example of every rule is evaluated before and after the rule
// rewrites it, on 1,000 random draws of sizes and tensors, by the project's
// compiled evaluator. An example that the rule no longer rewrites fails, and
// so does a rewrite of a non-example (where the rule would be wrong).
import { describe, expect, it } from 'vitest';
import { TERM_RULES } from '../../src/calculus/rules.js';
import { simplify } from '../../src/calculus/simplify.js';
import { expectSameValues, rawTerm, readExample, written } from './harness.js';

const RUNS = 1000;

describe.each(TERM_RULES.map((rule) => [rule.name, rule] as const))('%s', (_, rule) => {
  it('has examples', () => {
    expect(rule.examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(rule.examples.map((e, k) => [e, k] as const))('%s keeps its value', (example, k) => {
    const ex = readExample(example);
    const rewritten = rule.apply(rawTerm(ex), ex.ctx);
    expect(rewritten, `${rule.name} does not fire on ${example}`).toBeDefined();
    expectSameValues(example, written(ex, rewritten!), { runs: RUNS, seed: 1000 + k });
  });

  it.each([...(rule.nonExamples ?? [])])('leaves %s alone', (example) => {
    const ex = readExample(example);
    expect(rule.apply(rawTerm(ex), ex.ctx)).toBeUndefined();
  });
});

describe('the simplifier (every rule to a fixpoint, then collect-like-terms)', () => {
  const all = TERM_RULES.flatMap((r) => [...r.examples, ...(r.nonExamples ?? [])]);
  it.each(all)('%s keeps its value', (example) => {
    const ex = readExample(example);
    expectSameValues(example, written(ex, simplify(ex.poly, ex.ctx).poly), { runs: RUNS, seed: 7 });
  });
});
