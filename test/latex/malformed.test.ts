// Malformed LaTeX answers: each class gives one line naming the file, the line
// and column of the offending token and what was expected; exit 2 when nothing
// else could be judged; never a stack trace. A bad formula beside good ones is
// listed, and the good ones are still judged.
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, stackLines } from '../helpers/cli.js';

const DIR = 'test/fixtures/latex/malformed';

const CASES: readonly { file: string; at: string; message: RegExp }[] = [
  { file: 'unbalanced-brace', at: '9:80', message: /cannot read this formula: .*expected '\}'/ },
  { file: 'unknown-macro', at: '9:40', message: /Undefined control sequence: \\foo/ },
  { file: 'free-index', at: '9:40', message: /index k is free on the right but not on the left/ },
  { file: 'undeclared-tensor', at: '9:75', message: /unknown name Z/ },
  { file: 'sum-without-body', at: '9:84', message: /expected the expression this operator applies to/ },
  { file: 'sum-without-index', at: '9:40', message: /\\sum needs its index below it/ },
  { file: 'partial-range', at: '9:40', message: /a sum over part of a range/ },
  { file: 'bound-not-a-dimension', at: '9:40', message: /upper bound q is not a dimension/ },
  { file: 'bound-other-dimension', at: '9:40', message: /the sum's bound says k runs over N, but k indexes a dimension M/ },
  { file: 'bound-size-not-fixed', at: '9:40', message: /bounds give k 4 values, but its dimension M is not fixed at 4/ },
  { file: 'index-count', at: '9:75', message: /X has rank 2 but is written with 1 index/ },
  { file: 'unclosed-parenthesis', at: '9:75', message: /\( is never closed/ },
  { file: 'unopened-parenthesis', at: '9:81', message: /\) closes nothing/ },
  { file: 'plus-minus', at: '9:40', message: /\\pm is not one value/ },
  { file: 'ambiguous-otimes', at: '9:75', message: /\\otimes is ambiguous/ },
  { file: 'function-arity', at: '9:75', message: /max takes 2 arguments, got 1/ },
  { file: 'unknown-gradient-in-step', at: '9:40', message: /gradient of the loss with respect to X is not known inside a step/ },
  { file: 'unclosed-display-math', at: '11:3', message: /display math \$\$ is never closed/ },
  { file: 'matrix-shapes', at: '9:63', message: /cannot multiply these/ },
  { file: 'lhs-not-plain', at: '9:3', message: /indexed by distinct plain indices/ },
  { file: 'index-not-a-letter', at: '9:78', message: /an index is a lower-case letter/ },
  { file: 'condition-without-relation', at: '9:92', message: /expected a condition/ },
  { file: 'double-superscript', at: '9:83', message: /Double superscript/ },
  { file: 'dangling-sign', at: '9:82', message: /expected a term after the sign/ },
  { file: 'no-front-matter', at: '1:1', message: /expected a YAML front matter/ },
  { file: 'front-matter-yaml', at: '4:1', message: /^YAML: / },
  { file: 'gradients-in-front-matter', at: '6:1', message: /gradients come from the text/ },
  { file: 'no-gradient-chain', at: '1:1', message: /no chain of equalities starts with a gradient/ },
];

beforeAll(assertBuilt);

describe.concurrent('malformed LaTeX answers', () => {
  it('cover at least twenty classes', () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  for (const { file, at, message } of CASES) {
    it(`${file}: exit 2, one line at ${at}`, async () => {
      const path = `${DIR}/${file}.md`;
      const r = await runCli(['verify', path, '--runs', '5', '--seed', '1']);
      expect(r.code).toBe(2);
      expect(stackLines(r.stdout + r.stderr)).toEqual([]);
      const located = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).filter((l) => l.startsWith(`${path}:`));
      expect(located).toHaveLength(1);
      const [, where, text] = /^[^:]+:(\d+:\d+): (.*)$/.exec(located[0]!)!;
      expect(where).toBe(at);
      expect(text).toMatch(message);
    });
  }

  it('a bad formula beside a good chain is listed, and the good chain decides the exit code', async () => {
    const r = await runCli(['verify', 'test/fixtures/latex/seeds/004-q4-broadcast.md', '--runs', '5', '--seed', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dx {2}✓/);
    expect(r.stdout).toMatch(/not judged: test\/fixtures\/latex\/seeds\/004-q4-broadcast\.md:19:32: Y has rank 2 but its gradient is written with 1 index/);
  });
});
