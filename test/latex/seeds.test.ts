// The seeds' own derivations, copied as written into Markdown with a front
// matter: the right ones verify, the wrong ones fail at the member where the
// answer goes wrong, named by its line and column in the Markdown file.
import { describe, expect, it } from 'vitest';
import { verifyTarget } from '../../src/verify/verify.js';

const DIR = 'test/fixtures/latex/seeds';

const EXPECTED: readonly { file: string; ok: boolean; failedAt?: string }[] = [
  { file: '004-q1-divide.md', ok: false, failedAt: '23:77' },
  { file: '004-q2-elementwise.md', ok: true },
  { file: '004-q3-matmul.md', ok: true },
  { file: '004-q4-broadcast.md', ok: true },
  { file: '002-softmax-jacobian.md', ok: true },
  { file: '000-linear-weight.md', ok: false, failedAt: '20:62' },
  { file: '001-softmax-jacobian.md', ok: true },
  { file: '001-linear-input.md', ok: false, failedAt: '15:43' },
  { file: '003-example-1.md', ok: true },
  { file: '003-example-2.md', ok: true },
  { file: '003-example-3.md', ok: true },
  { file: '003-linear-layer.md', ok: true },
];

describe('seed answers in LaTeX', () => {
  for (const { file, ok, failedAt } of EXPECTED) {
    it(`${file}: ${ok ? 'verified' : `wrong at ${failedAt}`}`, async () => {
      const report = await verifyTarget(`${DIR}/${file}`, { runs: 30, seed: 1 });
      expect(report.error).toBeNull();
      expect(report.ok).toBe(ok);
      const failed = report.gradients.filter((g) => !g.ok);
      expect(failed.map((g) => g.failedClaim!.at)).toEqual(ok ? [] : [`${DIR}/${file}:${failedAt}`]);
      expect(report.gradients.length).toBeGreaterThan(0);
    });
  }
});
