// A claim that verify did not evaluate (diff(...) in fast mode) is shown as
// not evaluated, with the reason, never as verified.
import { describe, expect, it } from 'vitest';
import { derivationSection } from '../../src/report/derivation-html.js';
import { reportEntry } from '../../src/report/entries.js';
import { checkTarget } from '../../src/verify/verify.js';
import { claimsOf } from '../../src/verify/point.js';

describe('claims verify skipped', () => {
  it('are marked not evaluated, and the others keep their marks', async () => {
    const entry = reportEntry(await checkTarget('linear-backward', { runs: 5, seed: 1, mode: 'fast' }));
    const skippedLabels = entry.report.gradients.flatMap((g) => g.skipped.map((s) => s.label));
    expect(skippedLabels.length).toBeGreaterThan(0);
    const section = derivationSection(entry, 0, 5).value;
    const skippedRows = section.match(/<tr class="skipped">[\s\S]*?<\/tr>/g) ?? [];
    expect(skippedRows).toHaveLength(skippedLabels.length);
    for (const row of skippedRows) {
      expect(row).toContain('<span class="mark skip">–</span>');
      expect(row).toMatch(/not evaluated: diff\(\.\.\.\)/);
      expect(row).not.toContain('✓');
    }
    expect(section.match(/<tr class="ok">/g)?.length).toBe(entry.derivation!.gradients.reduce((n, g) => n + claimsOf(g).length, 0) - skippedLabels.length);
    expect(section).toContain('each case checked along a random direction');
  });
});
