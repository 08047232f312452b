// `deltagrad report` on every built-in, end to end through the built bin: one
// page, every derivation present and fully typeset, nothing fetched from elsewhere.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { derive, isDerived } from '../../src/calculus/derive.js';
import { buildDerivation } from '../../src/derivation/derivation.js';
import { builtinNames, resolveTarget } from '../../src/derivation/builtins.js';
import { loadDerivationFile } from '../../src/derivation/load.js';
import { claimsOf } from '../../src/verify/point.js';
import { assertBuilt, runCli, type CliResult } from '../helpers/cli.js';
import { externalReferences, reportOf, sectionOf, withClass } from './page-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'deltagrad-report-'));
const output = join(dir, 'index.html');
let result: CliResult;
let page: string;

beforeAll(async () => {
  assertBuilt();
  // An empty training folder: this page is about the derivations.
  result = await runCli(['report', '--runs', '3', '--seed', '1', '-o', output, '--training', join(dir, 'no-runs')]);
  page = readFileSync(output, 'utf8');
});

describe('deltagrad report on the built-ins', () => {
  it('exits 0, says where it wrote the page, and leaves no temporary file', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`wrote ${output}`);
    expect(readdirSync(dir)).toEqual(['index.html']);
  });

  it('has no element of class katex-error', () => {
    expect(withClass(page, 'katex').length).toBeGreaterThan(100);
    expect(withClass(page, 'katex-error')).toEqual([]);
  });

  it('shows every built-in, verified, in the summary and in its own section', () => {
    const names = builtinNames();
    expect(withClass(page, 'derivation')).toHaveLength(names.length);
    for (const name of names) {
      expect(sectionOf(page, name)).toMatch(/^<section class="derivation ok"/);
      expect(page).toMatch(new RegExp(`<a href="#derivation-\\d+">${name}</a>`));
    }
  });

  it('typesets every forward line, claim, derived step and expectation of every built-in', async () => {
    for (const name of builtinNames()) {
      const loaded = await loadDerivationFile(resolveTarget(name));
      const d = buildDerivation(loaded);
      const derivedSteps = d.gradients.reduce((n, g) => {
        const [derived] = derive(d, [g.wrt]).gradients;
        return n + (derived !== undefined && isDerived(derived) ? derived.steps.length : 0);
      }, 0);
      const formulas = d.forward.length + d.gradients.reduce((n, g) => n + claimsOf(g).length, 0) + derivedSteps + d.expectations.length;
      expect(withClass(sectionOf(page, name), 'katex-display'), name).toHaveLength(formulas);
    }
  });

  it('is the page the report renders from verify\'s checked targets, byte for byte but for its date', async () => {
    const { html } = await reportOf(builtinNames(), { runs: 3, seed: 1, derivedSteps: true, trainingDir: join(dir, 'no-runs'), now: new Date(0) });
    const date = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/;
    expect(html).toContain(new Date(0).toISOString());
    expect(page.replace(date, '(date)')).toBe(html.replace(date, '(date)'));
  });

  it('refers to nothing outside itself: no script, no link, every src, href and url() a data: URL or a fragment', () => {
    expect(page).not.toMatch(/<(script|link|iframe|object|embed|img)\b/i);
    expect(externalReferences(page)).toEqual([]);
    const fontFaces = page.match(/@font-face\{[^}]*\}/g) ?? [];
    expect(fontFaces.length).toBeGreaterThanOrEqual(20);
    for (const face of fontFaces) expect(face).toMatch(/src:url\(data:font\/woff2;base64,[A-Za-z0-9+/=]{1000,}\) format\("woff2"\)/);
  });
});
