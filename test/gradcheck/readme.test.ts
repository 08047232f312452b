// The README's "gradcheck for TensorFlow.js" example, run as it is printed,
// against the built package (`import ... from 'deltagrad'` resolves through
// package.json's exports), with its output compared to the block after it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuilt } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

/** The first fenced block of `language` after `heading` in the README. */
function block(readme: string, heading: string, language: string): string {
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section);
  if (match === null) throw new Error(`no ${language} block after ${heading}`);
  return match[1]!;
}

const run = (code: string): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr });
    });
  });

describe('README: gradcheck for TensorFlow.js', () => {
  it('runs the example as printed and prints what the README shows', async () => {
    assertBuilt();
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const heading = '## gradcheck for TensorFlow.js';
    const code = block(readme, heading, 'js');
    expect(code).toContain("from 'deltagrad'");
    const r = await run(code);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l !== '' && !/^=+$|^Hi, looks like you are running TensorFlow.js/.test(l))).toEqual(
      block(readme, heading, 'console').trimEnd().split('\n'),
    );
  });
});
