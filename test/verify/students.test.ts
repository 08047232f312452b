// Students' answers (seeds 000, 001, 002, 004) encoded as derivation files in
// test/fixtures/students/ (listed, with the reasons for each verdict, in its
// README.md). Each file's `# expect:` header is the verdict its claim
// deserves, decided by hand; verifyTarget must reach the same one.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyTarget } from '../../src/verify/verify.js';
import { expectationOf, FIXTURES, fixtureFiles, ROOT } from '../helpers/fixtures.js';

const files = fixtureFiles('students');

describe('students’ answers', () => {
  it('has fixtures, each with a seed header, an expectation, its file name as name, and a README entry', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    const readme = readFileSync(join(FIXTURES, 'students', 'README.md'), 'utf8');
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text, file).toMatch(/^# seed: 00[0124], sections? /m);
      expect(expectationOf(join(ROOT, file)), file).not.toHaveProperty('error');
      expect(/^name:\s*(\S+)\s*$/m.exec(text)?.[1], file).toBe(basename(file, '.yaml'));
      expect(readme, `README.md lists ${file}`).toContain(`\`${basename(file)}\``);
    }
  });

  it.each(files)('%s gets the verdict it deserves', async (file) => {
    const expected = expectationOf(join(ROOT, file));
    const report = await verifyTarget(join(ROOT, file), { runs: 200, seed: 1 });
    expect(report.error, 'well-formed').toBeNull();
    const failed = report.gradients.find((g) => !g.ok);
    if ('error' in expected) throw new Error(`${file}: a student's claim is judged, not malformed`);
    if (expected.ok) {
      expect(failed === undefined ? null : `d${failed.wrt}: ${String(failed.failedStep)}: ${failed.reason}`).toBeNull();
      expect(report.ok).toBe(true);
      return;
    }
    expect(report.ok).toBe(false);
    expect(String(failed?.failedStep)).toBe(String(expected.failedStep));
    if (expected.reason !== undefined) expect(failed?.reason).toContain(expected.reason);
  });
});
