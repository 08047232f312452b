// Every class of bad input and misuse in misuse-cases.ts, run as users run it:
// the exit code it must get (never 0 or 1, the verdicts), its message on one
// line, no stack trace and no ✓; library misuse throws. README.md's table
// lists the same rows.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, runMain, stackLines, type CliResult } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { writeMnistIdx } from '../engine/synthetic.js';
import { MISUSE_CASES, outcomeText, triedText, type CliCase, type LibraryCase } from './misuse-cases.js';

const TMP = mkdtempSync(join(tmpdir(), 'deltagrad-misuse-'));
const folder = (name: string): string => (mkdirSync(join(TMP, name), { recursive: true }), join(TMP, name));
const places: Record<string, string> = { DATA: writeMnistIdx(folder('data'), { train: 64, test: 24, side: 8 }), EMPTY: folder('empty'), BROKEN: folder('broken'), TMP };
// A named pipe stands for the devices an output path must not replace (a test must not risk /dev/null).
places.FIFO = join(TMP, 'fifo');
execFileSync('mkfifo', [places.FIFO]);
// A forward line adding 100,000 terms: deeper than any recursive walk of the expression can go.
places.DEEP = join(TMP, 'deep.yaml');
writeFileSync(places.DEEP, `name: deep\ntitle: A sum written out term by term\nshapes: {x: [N]}\nforward:\n  - y[i] = ${Array<string>(100_000).fill('x[i]').join(' + ')}\ngradients:\n  - wrt: x\n    result: dx[i] = 100000 * dy[i]\n`);
// A derivation folder whose linear-backward.yaml lacks its title: one located line, not the built-in used instead.
writeFileSync(join(places.BROKEN!, 'linear-backward.yaml'), readFileSync(join(ROOT, 'derivations', 'linear-backward.yaml'), 'utf8').replace(/^title:.*\n/m, ''));

let checkpoint: Record<string, unknown> = {};

beforeAll(async () => {
  assertBuilt();
  // A valid checkpoint to edit: a run whose loss diverges keeps the one saved at its last evaluation.
  const runsDir = folder('checkpoint-run');
  const r = await runMain(['train', 'mlp', '--data', places.DATA!, '--hidden', '4', '--batch', '16', '--epochs', '1', '--backend', 'cpu', '--lr', '1e30', '--eval-every', '1', '--runs-dir', runsDir]);
  expect(r.code, r.stderr).toBe(4);
  const file = readdirSync(runsDir).find((f) => f.endsWith('.ckpt.json'))!;
  checkpoint = JSON.parse(readFileSync(join(runsDir, file), 'utf8')) as Record<string, unknown>;
});

function argsOf(c: CliCase, k: number): string[] {
  let ckpt = '';
  if (c.args.includes('$CKPT')) {
    const copy = structuredClone(checkpoint);
    c.checkpoint?.apply(copy);
    ckpt = join(TMP, `case-${k}.ckpt.json`);
    writeFileSync(ckpt, JSON.stringify(copy));
  }
  return c.args.map((a) => a.replace(/\$(DATA|EMPTY|BROKEN|FIFO|DEEP|TMP|CKPT)/g, (_, name: string) => (name === 'CKPT' ? ckpt : places[name]!)));
}

const cliCases = MISUSE_CASES.flatMap((c, k) => ('args' in c ? [[triedText(c), c, k] as const] : []));
const libraryCases = MISUSE_CASES.flatMap((c) => ('call' in c ? [[c.call, c] as const] : []));

describe('bad input and misuse on the command line', () => {
  it.each(cliCases)('%s', async (_, c, k) => {
    const args = argsOf(c, k);
    const r: CliResult = c.spawn ? await runCli(args) : await runMain(args);
    const output = `${r.stdout}\n${r.stderr}`;
    expect(r.code, output).toBe(c.code);
    expect(output.split('\n').filter((line) => line.includes(c.message)), output).toHaveLength(1);
    expect(stackLines(output)).toEqual([]);
    expect(r.stdout).not.toContain('✓');
    // The message and at most a pointer to --help.
    expect(r.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('(run ')).length).toBeLessThanOrEqual(1);
  });
});

describe('misuse of the library', () => {
  it.each(libraryCases)('%s throws', async (_, c: LibraryCase) => {
    let thrown: unknown;
    try {
      await c.run();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).constructor.name).toBe(c.throws);
    expect((thrown as Error).message).toContain(c.message);
  });
});

describe("README's table of bad input and misuse", () => {
  it('lists every class tried here, with what it gets, and there are at least 50', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Bad input and misuse'));
    const rows = section
      .slice(0, section.indexOf('\n#', 1))
      .split('\n')
      .filter((l) => /^\| \w/.test(l) && !l.startsWith('| Class'))
      .map((l) => l.slice(2, -2).split(' | '));
    const expected = MISUSE_CASES.map((c) => [c.group, triedText(c), outcomeText(c)]);
    expect(rows).toEqual(expected);
    expect(rows.length).toBeGreaterThanOrEqual(50);
  });
});
