// Every forward line, claim and expectation identity is parsed once, when the
// derivation is built; derive, verify and the report read the tree kept on
// it. Counted here over what `verify --all` and `report` do, by wrapping the
// parser's three entry points.
import { describe, expect, it, vi } from 'vitest';
import type { SourceText } from '../../src/notation/errors.js';

const parses = new Map<string, number>();

function count(src: SourceText): void {
  const { file, line, col } = src.start;
  // Text that is not from a file (derive's own steps, printed and read back for the page) is not a claim.
  if (file !== '<input>') parses.set(`${file}:${line}:${col}`, (parses.get(`${file}:${line}:${col}`) ?? 0) + 1);
}

vi.mock('../../src/notation/parse.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/notation/parse.js')>();
  return {
    ...original,
    parseEquation: (src: SourceText) => (count(src), original.parseEquation(src)),
    parseExpr: (src: SourceText) => (count(src), original.parseExpr(src)),
    parseCall: (src: SourceText, names: readonly string[]) => (count(src), original.parseCall(src, names)),
  };
});

const { builtinNames } = await import('../../src/derivation/builtins.js');
const { checkTarget, verifyTarget } = await import('../../src/verify/verify.js');
const { buildReport } = await import('../../src/report/report.js');

const parsedTwice = (): string[] => [...parses].filter(([, n]) => n > 1).map(([at, n]) => `${at} parsed ${n} times`);

describe('each forward line and claim is parsed once', () => {
  it('over verify --all', async () => {
    parses.clear();
    for (const name of builtinNames()) await verifyTarget(name, { runs: 2, seed: 1 });
    expect(parses.size).toBeGreaterThan(100);
    expect(parsedTwice()).toEqual([]);
  });

  it('over report, with derive\'s steps beside the claimed ones', async () => {
    parses.clear();
    const checked = [];
    for (const name of builtinNames()) checked.push(await checkTarget(name, { runs: 2, seed: 1, derivedSteps: true }));
    const { html } = await buildReport(checked, { runs: 2, seed: 1, trainingDir: 'test/fixtures/runs' });
    expect(html).toContain('Derived by deltagrad');
    expect(html).toContain('\\mathbb{E}');
    expect(parses.size).toBeGreaterThan(100);
    expect(parsedTwice()).toEqual([]);
  });
});
