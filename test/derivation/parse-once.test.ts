// Every forward line and claim is parsed once, when the derivation is built;
// derive, verify and the report read the tree kept on it. Counted here over
// what `verify --all` and `report` do, by wrapping the parser.
import { describe, expect, it, vi } from 'vitest';
import type { SourceText } from '../../src/notation/errors.js';

const parses = new Map<string, number>();

vi.mock('../../src/notation/parse.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/notation/parse.js')>();
  return {
    ...original,
    parseEquation: (src: SourceText) => {
      const { file, line, col } = src.start;
      // Text that is not from a file (derive's own steps, printed and read back for the page) is not a claim.
      if (file !== '<input>') parses.set(`${file}:${line}:${col}`, (parses.get(`${file}:${line}:${col}`) ?? 0) + 1);
      return original.parseEquation(src);
    },
  };
});

const { builtinNames } = await import('../../src/derivation/builtins.js');
const { verifyTarget } = await import('../../src/verify/verify.js');
const { buildReport } = await import('../../src/report/report.js');
const { derive, isDerived } = await import('../../src/calculus/derive.js');

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
    await buildReport(builtinNames(), {
      runs: 2,
      seed: 1,
      trainingDir: 'test/fixtures/runs',
      derive: (d, g) => {
        const [derived] = derive(d, [g.wrt]).gradients;
        return derived !== undefined && isDerived(derived) ? derived.steps : undefined;
      },
    });
    expect(parses.size).toBeGreaterThan(100);
    expect(parsedTwice()).toEqual([]);
  });
});
