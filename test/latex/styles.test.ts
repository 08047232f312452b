// Derivations in other styles (CS231n, the Matrix Cookbook, superscript
// nablas, aligned environments, a .tex file), each beside a wrong twin that
// differs in one member: the right one verifies; the twin fails, and at the
// member that holds the first character where the two files differ.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readLatexFile } from '../../src/latex/convert.js';
import { verifyTarget } from '../../src/verify/verify.js';

const DIR = 'test/fixtures/latex/styles';
const pairs = readdirSync(DIR).filter((f) => /\.(md|tex)$/.test(f) && !f.includes('-wrong.')).sort();

/** Line and column where the twin's body first differs (the name lines differ too, by design). */
function firstDifference(a: string, b: string): { line: number; col: number } {
  const [la, lb] = [a.split('\n'), b.split('\n')];
  for (let n = 0; n < lb.length; n++) {
    if (la[n] === lb[n] || /^(% )?name:/.test(lb[n]!)) continue;
    let col = 0;
    while (la[n]![col] === lb[n]![col]) col++;
    return { line: n + 1, col: col + 1 };
  }
  throw new Error('the twins do not differ');
}

describe('derivations in other styles, with wrong twins', () => {
  it('there are twenty or more pairs', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(20);
    for (const f of pairs) expect(readdirSync(DIR)).toContain(f.replace(/\.(md|tex)$/, '-wrong.$1'));
  });

  for (const file of pairs) {
    const wrong = file.replace(/\.(md|tex)$/, '-wrong.$1');
    it(`${file} verifies; ${wrong} fails at the member that differs`, async () => {
      const right = await verifyTarget(`${DIR}/${file}`, { runs: 30, seed: 1 });
      expect(right.error).toBeNull();
      expect(right.gradients.length).toBeGreaterThan(0);
      expect(right.ok, JSON.stringify(right.gradients.filter((g) => !g.ok).map((g) => g.reason))).toBe(true);
      expect(right.notes).toEqual([]);

      const report = await verifyTarget(`${DIR}/${wrong}`, { runs: 30, seed: 1 });
      expect(report.error).toBeNull();
      const failed = report.gradients.filter((g) => !g.ok);
      expect(failed).toHaveLength(1);
      // The member holding the first differing character: the last claim that starts at or before it.
      const diff = firstDifference(readFileSync(`${DIR}/${file}`, 'utf8'), readFileSync(`${DIR}/${wrong}`, 'utf8'));
      const read = await readLatexFile(`${DIR}/${wrong}`);
      const starts = read.gradientsRead.flatMap((g) => g.claims.map((c) => c.at)).filter((at) => at.line < diff.line || (at.line === diff.line && at.col <= diff.col));
      const member = starts.sort((x, y) => x.line - y.line || x.col - y.col).at(-1)!;
      expect(failed[0]!.failedClaim!.at).toBe(`${DIR}/${wrong}:${member.line}:${member.col}`);
    });
  }
});
