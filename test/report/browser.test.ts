// The page in a real browser: Debian's Chromium, headless, driven by
// playwright-core (which never downloads a browser). Formulas must take up
// space (KaTeX's CSS and inlined fonts work), nothing may be fetched, and the
// console must stay clean. No formula may overflow its box. Screenshots are saved under reports/.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/report.js';
import { builtinNames } from '../../src/derivation/builtins.js';
import { checkTarget } from '../../src/verify/verify.js';
import { FIXTURES, ROOT } from '../helpers/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SHOTS = join(ROOT, 'reports');

// What the callbacks run inside the page use; declared here because the project compiles without the DOM library.
declare const document: { readonly fonts: { readonly ready: Promise<unknown> } & Iterable<{ readonly family: string; readonly status: string }> };
declare function getComputedStyle(element: unknown): { readonly backgroundColor: string };

describe('the report in headless Chromium', () => {
  it('renders every formula with KaTeX fonts, fetches nothing and logs no error', { timeout: 180_000 }, async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      const note = `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium): browser test skipped`;
      console.warn(note);
      ctx.skip(note);
    }
    const dir = mkdtempSync(join(tmpdir(), 'deltagrad-browser-'));
    const file = join(dir, 'index.html');
    // With derive's steps beside the claimed ones, as `deltagrad report` shows them: the longest formulas.
    const checked = await Promise.all([...builtinNames(), join(FIXTURES, 'wrong', 'wrong-sign.yaml')].map((t) => checkTarget(t, { runs: 3, seed: 1, derivedSteps: true })));
    await writeReport(checked, file, { runs: 3, seed: 1, trainingDir: join(FIXTURES, 'runs') });

    const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => void (['error', 'warning'].includes(m.type()) && problems.push(`console ${m.type()}: ${m.text()}`)));
      page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
      page.on('request', (r) => void (/^(file|data):/.test(r.url()) || problems.push(`request: ${r.url()}`)));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));

      const sizes = await page.$$eval('.katex', (els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height] as const));
      expect(sizes.length).toBeGreaterThan(200);
      expect(sizes.filter(([w, h]) => !(w > 0 && h > 0))).toEqual([]);
      const fonts = await page.evaluate(() => [...document.fonts].filter((f) => f.family.startsWith('KaTeX')).map((f) => `${f.family} ${f.status}`));
      expect(fonts.filter((f) => f.endsWith(' error'))).toEqual([]);
      expect(fonts).toEqual(expect.arrayContaining(['KaTeX_Main loaded', 'KaTeX_Math loaded']));
      expect(await page.locator('.katex-error').count()).toBe(0);
      // No formula is clipped: every box that holds one is as wide as what it holds.
      const boxes = await page.$$eval('td.tex, .forward, .counterexample .values, h3', (els) => els.map((e) => [e.scrollWidth - e.clientWidth, e.textContent!.slice(0, 60)] as const));
      expect(boxes.length).toBeGreaterThan(300);
      expect(boxes.filter(([over]) => over > 1)).toEqual([]);
      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('#training svg').count()).toBe(9);
      // The wrong step is visibly marked: a red badge on a tinted row.
      const failed = page.locator('tr.failed th').first();
      expect(await failed.innerText()).toMatch(/step 2\s*wrong step/i);
      expect(await failed.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(253, 236, 234)');
      expect(problems).toEqual([]);

      const shots = {
        'report-screenshot.png': () => page.screenshot({ path: join(SHOTS, 'report-screenshot.png') }),
        'report-wrong-step.png': () => page.locator('section.derivation.wrong').screenshot({ path: join(SHOTS, 'report-wrong-step.png') }),
        'report-training.png': () => page.locator('#training').screenshot({ path: join(SHOTS, 'report-training.png') }),
      };
      for (const [name, take] of Object.entries(shots)) {
        await take();
        expect(statSync(join(SHOTS, name)).size, name).toBeGreaterThan(10_000);
      }
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
