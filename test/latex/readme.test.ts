// The README's LaTeX section opens with a real command and its real output:
// this runs the command and compares (the elapsed time aside).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../helpers/cli.js';

beforeAll(assertBuilt);

const withoutTime = (s: string): string => s.replace(/, [0-9.]+ s\)/g, ', … s)').trimEnd();

describe('README: answers written in LaTeX', () => {
  it('the example prints what the README shows', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Answers written in LaTeX'));
    const block = /```console\n\$ npx deltagrad (.*)\n([\s\S]*?)```/.exec(section)!;
    const r = await runCli(block[1]!.split(' '));
    expect(r.code).toBe(1);
    expect(withoutTime(r.stdout)).toBe(withoutTime(block[2]!));
  });
});
