// A wrong derivation's page shows the failing step marked, at a glance, with
// its counterexample and the seed that replays it; the steps before it stay ✓.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimLabel } from '../../src/report/format.js';
import { expectationOf, fixtureFiles, ROOT } from '../helpers/fixtures.js';
import { reportOf, sectionOf, withClass } from './page-helpers.js';

const files = fixtureFiles('wrong');
let page: string;
let names: string[];

beforeAll(async () => {
  const built = await reportOf(files.map((f) => join(ROOT, f)), { runs: 100, seed: 1, trainingDir: join(ROOT, 'test', 'fixtures', 'no-such-folder') });
  page = built.html;
  names = built.entries.map((e) => e.report.name);
});

describe('a wrong derivation in the report', () => {
  it('is listed in the banner and its summary row is marked wrong', () => {
    const banner = withClass(page, 'banner')[0]!;
    expect(banner).toBeDefined();
    const bannerText = page.slice(page.indexOf(banner), page.indexOf('</div>', page.indexOf(banner)));
    for (const name of names) expect(bannerText).toContain(`>${name}</a>`);
    expect(withClass(page, 'summary')).toHaveLength(1);
    const summaryRows = page.match(/<tr class="wrong">\s*<td><a href="#derivation-\d+">[^<]*<\/a>/g) ?? [];
    expect(summaryRows).toHaveLength(names.length);
  });

  it.each(files)('%s: the failing step is marked with its counterexample and seed', (file) => {
    const expected = expectationOf(join(ROOT, file));
    if (!('ok' in expected) || expected.ok) throw new Error(`${file} is not a wrong-claim fixture`);
    const name = names[files.indexOf(file)]!;
    const section = sectionOf(page, name);
    expect(section).toMatch(/^<section class="derivation wrong"/);
    const failedRows = section.match(/<tr class="failed">[\s\S]*?<\/tr>/g) ?? [];
    expect(failedRows).toHaveLength(1);
    expect(failedRows[0]).toContain(`<th scope="row">${claimLabel(expected.failedStep)}<span class="badge">wrong step</span></th>`);
    expect(failedRows[0]).toContain('class="mark bad"');
    // The counterexample follows the failing row: reason, inputs typeset, replay command with the seed.
    const detail = section.slice(section.indexOf(failedRows[0]!) + failedRows[0]!.length);
    expect(detail).toMatch(/^\s*<tr class="failed-detail"><td colspan="4"><div class="counterexample" role="alert">/);
    const box = detail.slice(0, detail.indexOf('</div>\n</td></tr>'));
    expect(box).toContain(`${claimLabel(expected.failedStep)} is wrong</strong>`);
    expect(box).toMatch(/Counterexample( \(shrunk \d+ times\))?: /);
    expect(withClass(box, 'katex').length).toBeGreaterThan(0);
    expect(box).toMatch(new RegExp(`Replay: <code>deltagrad verify \\S*${name}\\.yaml --seed 1</code>`));
    // Steps before the wrong one are each marked right.
    if (typeof expected.failedStep === 'number') {
      const before = section.slice(0, section.indexOf(failedRows[0]!)).match(/<tr class="ok">/g) ?? [];
      expect(before.length).toBeGreaterThanOrEqual(expected.failedStep);
    }
  });
});

describe('a wrong expectation identity in the report', () => {
  it('is typeset, marked wrong, with the parameters where it fails and the seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deltagrad-expectation-'));
    const file = join(dir, 'relu-moment-wrong.yaml');
    writeFileSync(file, `name: relu-moment-wrong
title: E[ReLU(f)^2] = sigma^2, forgetting the half
parameters:
  sigma: uniform(0.5, 2)
expectations:
  - of: relu(f)^2
    over:
      f: normal(0, sigma)
    equals: sigma^2
`);
    const { html } = await reportOf([file], { runs: 20, seed: 7, trainingDir: join(dir, 'none') });
    const section = sectionOf(html, 'relu-moment-wrong');
    expect(section).toMatch(/^<section class="derivation wrong"/);
    expect(html).toMatch(/<span class="mark bad">✗<\/span> wrong: an expectation/);
    const row = section.match(/<tr class="failed">[\s\S]*?<\/tr>/)?.[0] ?? '';
    expect(withClass(row, 'katex-display')).toHaveLength(1);
    expect(row).toContain('<annotation encoding="application/x-tex">\\mathbb{E}_{f \\sim \\mathcal{N}\\left(0, {\\sigma}^{2}\\right)}');
    const box = section.slice(section.indexOf('<div class="counterexample"'));
    expect(box).toMatch(/^<div class="counterexample" role="alert">\s*<p class="why"><strong>✗ the identity is wrong<\/strong> at <span class="katex">/);
    expect(box).toContain('Replay: <code>deltagrad verify ' + file + ' --seed 7 --runs 20</code>');
    expect(withClass(box, 'katex-error')).toEqual([]);
  });
});
