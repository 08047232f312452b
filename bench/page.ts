// Section page: what the browser page (dist/site, built by npm run build)
// costs. Its transfer size against the 3 MB budget, with what dominates; the
// time from opening it (from disk, in headless Chromium) to linear-backward's
// first verdict; and per built-in, the time from an edit to its verdict on the
// page against the same check in Node, measured in the same run. The page
// waits DEBOUNCE after the last keystroke before checking; the aim is a
// verdict within 300 ms of it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { check } from '../src/site/check.js';
import { builtinNames, builtinsDir } from '../src/derivation/builtins.js';
import { DEFAULT_RUNS } from '../src/verify/verify.js';
import { count, ratio, seconds, table } from './format.js';
import { median } from './timing.js';

const CHROMIUM = '/usr/bin/chromium';
const BUDGET_BYTES = 3_000_000;
const AIM_SECONDS = 0.3;
const DEBOUNCE_SECONDS = 0.15;
const SEED = 1;
const SAMPLES = 3;

/** The bytes each input (a module) takes in a bundle, as the site's build writes them. */
type BundleInputs = Record<string, number>;

/** A bundle's bytes by package (node_modules) or source folder. */
function composition(inputs: BundleInputs): Map<string, number> {
  const parts = new Map<string, number>();
  for (const [input, bytes] of Object.entries(inputs)) {
    const name = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.replace(/^(src\/[^/]+).*/, '$1');
    parts.set(name, (parts.get(name) ?? 0) + bytes);
  }
  return parts;
}

function sizeSection(root: string): string {
  const site = join(root, 'dist', 'site');
  const files = readdirSync(site).map((f) => [f, statSync(join(site, f)).size] as const);
  const total = files.reduce((n, [, size]) => n + size, 0);
  const bundles = JSON.parse(readFileSync(join(root, 'dist', 'site-bundles.json'), 'utf8')) as { worker: BundleInputs; main: BundleInputs };
  const parts = [...composition(bundles.worker), ...[...composition(bundles.main)].filter(([name]) => !name.startsWith('virtual'))]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10);
  return table(
    `page: transfer size (dist/site, uncompressed; budget ${count(BUDGET_BYTES)} bytes)`,
    [{ header: 'file or part', align: 'left' }, { header: 'bytes' }, { header: 'share' }],
    [
      ...files.map(([f, size]) => [f, count(size), `${((100 * size) / total).toFixed(1)} %`]),
      ['total', count(total), total <= BUDGET_BYTES ? 'within budget' : 'OVER BUDGET'],
      ['', '', ''],
      ...parts.map(([name, size]) => [`  ${name}`, count(size), `${((100 * size) / total).toFixed(1)} %`]),
    ],
    ["index.html carries KaTeX's stylesheet with its fonts; main.js the worker's code (started from a Blob) and the bundled examples; the parts listed are the largest in either bundle."],
  );
}

const done = (page: Page): Promise<unknown> => page.waitForSelector('#status[data-phase="done"]', { timeout: 60_000 });

async function browserSection(root: string, log: (line: string) => void): Promise<string> {
  const url = pathToFileURL(join(root, 'dist', 'site', 'index.html')).href;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    log('  load to first verdict ...');
    const loads: number[] = [];
    for (let k = 0; k < SAMPLES; k++) {
      const page = await browser.newPage();
      const t0 = performance.now();
      await page.goto(url);
      await done(page);
      loads.push((performance.now() - t0) / 1e3);
      await page.close();
    }
    const page = await browser.newPage();
    await page.goto(url);
    await done(page);
    const rows: string[][] = [];
    for (const name of builtinNames()) {
      log(`  edit to verdict: ${name} ...`);
      const text = readFileSync(join(builtinsDir(), `${name}.yaml`), 'utf8');
      const inNode: number[] = [];
      const onPage: number[] = [];
      const inWorker: number[] = [];
      for (let k = 0; k < SAMPLES; k++) {
        const t0 = performance.now();
        await check({ format: 'yaml', text, file: `${name}.yaml`, view: 'verify', seed: SEED, runs: DEFAULT_RUNS });
        inNode.push((performance.now() - t0) / 1e3);
        // A different text each time (a trailing comment) so that every sample is an edit.
        await page.locator('.cm-content').click();
        await page.keyboard.press('Control+a');
        const t1 = performance.now();
        await page.keyboard.insertText(`${text}# ${k}\n`);
        await page.waitForSelector('#status:not([data-phase="done"])');
        await done(page);
        onPage.push((performance.now() - t1) / 1e3);
        inWorker.push(Number(await page.locator('#status').getAttribute('data-check-ms')) / 1e3);
      }
      const [node, edit, worker] = [median(inNode), median(onPage), median(inWorker)];
      const afterPause = edit - DEBOUNCE_SECONDS;
      rows.push([name, seconds(edit), seconds(afterPause), seconds(worker), seconds(node), ratio(worker / node), edit <= AIM_SECONDS ? 'yes' : 'no']);
    }
    const load = median(loads);
    return table(
      `page: seed ${SEED}, ${DEFAULT_RUNS} cases per gradient as verify; median of ${SAMPLES}; first verdict for linear-backward ${seconds(load)} after opening the page from disk`,
      [
        { header: 'built-in', align: 'left' },
        { header: 'edit to verdict' },
        { header: `after the ${seconds(DEBOUNCE_SECONDS)} pause` },
        { header: 'check in the worker' },
        { header: 'check in Node' },
        { header: 'worker / Node' },
        { header: `<= ${seconds(AIM_SECONDS)}` },
      ],
      rows,
      [
        `edit to verdict: from the keystroke to the verdict on screen, the page's ${seconds(DEBOUNCE_SECONDS)} pause included. The check (load, verify, typeset) is timed`,
        'inside the worker and in this Node process on the same text; what remains after the pause and the check is messaging and drawing.',
      ],
    );
  } finally {
    await browser.close();
  }
}

export async function benchPage(root: string, log: (line: string) => void): Promise<string> {
  if (!existsSync(join(root, 'dist', 'site', 'index.html'))) return 'page: dist/site is missing; run npm run build first\n';
  const size = sizeSection(root);
  if (!existsSync(CHROMIUM)) return `${size}\npage: Chromium is not installed at ${CHROMIUM}; the timings need it (apt-get install -y chromium)\n`;
  return `${size}\n${await browserSection(root, log)}`;
}
