// The page in a real browser: Debian's Chromium, headless, driven by
// playwright-core, the page opened from disk with nothing fetched. Picks an
// example, breaks a step, types a syntax error, opens a shared link, feeds it
// hostile text, and keeps a screenshot under reports/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteServer, siteDir } from '../../src/site/server.js';
import { assertBuilt } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const PAGE = pathToFileURL(join(ROOT, 'dist', 'site', 'index.html')).href;
const SHOT = join(ROOT, 'reports', 'page-screenshot.png');
const LINEAR = readFileSync(join(ROOT, 'derivations', 'linear-backward.yaml'), 'utf8');
const RIGHT_RESULT = 'result: dW[i,j] = sum(s, dY[s,i] * X[s,j])';

// What the callbacks run inside the page see; declared here because the project compiles without the DOM library.
declare const window: { pwned?: unknown };
declare const document: { querySelector(selector: string): { readonly textContent: string | null } | null };

let context: BrowserContext | undefined;
let dir = '';
const problems: string[] = [];

async function openPage(url = PAGE): Promise<Page> {
  const page = await context!.newPage();
  page.on('console', (m) => void (['error', 'warning'].includes(m.type()) && problems.push(`console ${m.type()}: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
  const local = /^(file|data|blob):|^http:\/\/127\.0\.0\.1:\d+\//;
  page.on('request', (r) => void (local.test(r.url()) || problems.push(`request: ${r.url()}`)));
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** Waits for the verdict on the editor's current text and returns it. */
async function verdict(page: Page): Promise<string> {
  await page.waitForSelector('#status[data-phase="done"], #status[data-phase="crash"]', { timeout: 60_000 });
  return page.locator('#status').getAttribute('data-verdict') as Promise<string>;
}

/** Replaces the editor's text as typing would (a paste over a selection of everything). */
async function replaceText(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(text);
}

/** Replaces the editor's text and waits for its verdict. */
async function typeText(page: Page, text: string): Promise<string> {
  await replaceText(page, text);
  await page.waitForSelector('#status:not([data-phase="done"])', { timeout: 5_000 }).catch(() => undefined);
  return verdict(page);
}

/** Boxes holding a formula that are narrower than the formula (clipped behind a scrollbar). */
const overflowing = (page: Page): Promise<string[]> =>
  page.$$eval('#results td.tex, #results .forward, #results .values', (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent!.slice(0, 60)));

const editorText = (page: Page): Promise<string[]> => page.locator('.cm-line').allInnerTexts();

const missing = existsSync(CHROMIUM) ? undefined : `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium): the page's browser test is skipped`;
if (missing !== undefined) console.warn(missing);

describe.skipIf(missing !== undefined)('the page in headless Chromium', () => {
  beforeAll(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'deltagrad-page-'));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 860 } });
  });
  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });

  it('verifies linear-backward, marks a wrong result with its counterexample, underlines a syntax error, and reopens from a shared link', { timeout: 180_000 }, async () => {
    const page = await openPage();
    await verdict(page);
    await page.selectOption('#example', 'built-in/linear-backward.yaml');
    expect(await verdict(page)).toBe('verified');
    expect(await page.locator('#format').inputValue()).toBe('yaml');
    expect(await page.locator('#results .gradient.ok > h3 > .mark.ok').count()).toBe(3);
    expect(await page.locator('#results .katex-error').count()).toBe(0);
    expect(await overflowing(page)).toEqual([]);

    expect(await typeText(page, LINEAR.replace(RIGHT_RESULT, 'result: dW[i,j] = sum(s, dY[s,i] * X[s,j]) * 2'))).toBe('wrong');
    const failed = page.locator('#results .gradient.wrong tr.failed');
    expect(await failed.count()).toBe(1);
    expect(await failed.locator('th').innerText()).toMatch(/^result/);
    const box = page.locator('#results .counterexample');
    expect(await box.innerText()).toMatch(/shrunk|Counterexample/);
    expect(await box.locator('.values .katex').count()).toBeGreaterThanOrEqual(2);
    expect(await box.locator('.entry').innerText()).toMatch(/claimed/);
    const seed = await page.locator('#seed').inputValue();
    expect(await box.locator('.replay').innerText()).toBe(`Replay: deltagrad verify linear-backward.yaml --seed ${seed}`);
    await box.scrollIntoViewIfNeeded();
    await page.screenshot({ path: SHOT });
    expect(statSync(SHOT).size).toBeGreaterThan(10_000);

    // The shared link opens the same text, seed and verdict.
    const link = page.url();
    const shared = await openPage(link);
    expect(await verdict(shared)).toBe('wrong');
    expect(await editorText(shared)).toEqual(await editorText(page));
    expect(await shared.locator('#seed').inputValue()).toBe(seed);
    await shared.close();

    // A tab as indentation: YAML refuses it, the editor underlines it with the message.
    expect(await typeText(page, LINEAR.replace('  - Y[s,n]', '\t- Y[s,n]'))).toBe('malformed');
    expect(await page.locator('.cm-lintRange-error').count()).toBe(1);
    expect(await page.locator('.cm-line').nth(9).locator('.cm-lintRange-error').innerText()).toBe('\t');
    expect(await page.locator('#problem').innerText()).toMatch(/^line 10, column 1: YAML: Tabs are not allowed/);
    expect(await page.locator('#results .malformed-error').innerText()).toMatch(/linear-backward\.yaml:10:1: YAML: Tabs are not allowed/);

    // Fixed again: the underline goes.
    expect(await typeText(page, LINEAR)).toBe('verified');
    expect(await page.locator('.cm-lintRange-error').count()).toBe(0);
    expect(await page.locator('#problem').isHidden()).toBe(true);
  });

  it('shows hostile text as text and runs none of it', { timeout: 120_000 }, async () => {
    const page = await openPage();
    await verdict(page);
    const title = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">';
    const hostile = LINEAR.replace(/^title: .*$/m, `title: '${title}'`).replace(RIGHT_RESULT, 'result: dW[i,j] = \\href{javascript:window.pwned=3}{x}');
    expect(await typeText(page, hostile)).toBe('malformed');
    expect(await page.locator('#results').innerText()).toContain('\\href{javascript:');
    expect(await page.locator('#results script, #results img, #results a[href^="javascript"]').count()).toBe(0);
    expect(await typeText(page, LINEAR.replace(/^title: .*$/m, `title: '${title}'`))).toBe('verified');
    expect(await page.locator('#results h2').innerText()).toContain(title);
    expect(await page.locator('#results script, #results img').count()).toBe(0);
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
  });

  it('cancels a check in flight when the text changes', { timeout: 120_000 }, async () => {
    const page = await openPage();
    await verdict(page);
    // Sizes whose finite differences would take the worker many minutes.
    await replaceText(page, `${LINEAR}sizes: {S: 400, M: 400, N: 400}\n`);
    await page.waitForSelector('#status[data-phase="checking"]');
    await page.waitForTimeout(500);
    expect(await typeText(page, LINEAR)).toBe('verified');
    expect(await page.locator('#results .gradient.ok').count()).toBe(3);
  });

  it('downloads the derivation file and the report page for it', { timeout: 120_000 }, async () => {
    const page = await openPage();
    await verdict(page);
    const edited = LINEAR.replace(/^title: .*$/m, 'title: Downloaded');
    expect(await typeText(page, edited)).toBe('verified');
    const saved = async (button: string): Promise<{ name: string; text: string }> => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
    };
    expect(await saved('#download-file')).toEqual({ name: 'linear-backward.yaml', text: edited });
    const report = await saved('#download-report');
    expect(report.name).toBe('linear-backward-report.html');
    expect(report.text).toMatch(/^<!DOCTYPE html>/);
    expect(report.text).toContain('Downloaded');
    expect(report.text).toContain('src:url(data:font/woff2;base64,');
    expect(report.text).toContain('1 verified, 0 wrong or malformed, of 1 derivation');
  });

  it('derives the gradients with their rule names and matrix form', { timeout: 120_000 }, async () => {
    const page = await openPage();
    await verdict(page);
    await page.click('button[data-view="derive"]');
    expect(await verdict(page)).toBe('derived');
    const rules = await page.locator('#results table.derived th').allInnerTexts();
    expect(rules).toEqual(expect.arrayContaining(['result', 'matrix form']));
    expect(rules.length).toBeGreaterThan(6);
    expect(await overflowing(page)).toEqual([]);
    expect(await page.locator('#results .katex-error').count()).toBe(0);
    expect(page.url()).toContain('view=derive');
  });

  it('served by deltagrad serve, under its content policy, offers the folder\'s files and verifies them', { timeout: 120_000 }, async () => {
    const folder = join(dir, 'mine');
    mkdirSync(folder);
    writeFileSync(join(folder, 'my-relu.yaml'), readFileSync(join(ROOT, 'derivations', 'relu-backward.yaml'), 'utf8').replace(/^title: .*$/m, 'title: My ReLU'));
    const server = createSiteServer(siteDir(), folder);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const page = await openPage(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(await verdict(page)).toBe('verified');
      await page.waitForSelector('#example optgroup[label="your files"] option', { state: 'attached' });
      await page.selectOption('#example', 'your files/my-relu.yaml');
      await page.waitForFunction(() => document.querySelector('#results h2')?.textContent?.includes('My ReLU'));
      expect(await verdict(page)).toBe('verified');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
