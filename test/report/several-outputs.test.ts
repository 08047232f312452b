// A wrong claim of a derivation with several outputs: the counterexample box
// typesets each output's upstream gradient, named as the gradient of the loss
// with respect to that output.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { reportOf } from './page-helpers.js';

it('shows the upstream gradient of each output in the counterexample', async () => {
  const file = join(ROOT, 'test', 'fixtures', 'wrong', 'var-mean-one-path.yaml');
  const built = await reportOf([file], { runs: 100, seed: 1, trainingDir: join(ROOT, 'test', 'fixtures', 'no-such-folder') });
  const c = built.entries[0]!.report.gradients[0]!.counterexample!;
  const upstream = c.upstream as { dvar: number[]; dmean: number[] };
  const box = built.html.slice(built.html.indexOf('class="counterexample"'), built.html.indexOf('Replay:'));
  const typeset = [...box.matchAll(/<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g)].map((m) => m[1]);
  const matrix = (values: number[]): string => `\\begin{bmatrix}${values.join(' \\\\ ')}\\end{bmatrix}`;
  expect(typeset).toContain(`\\frac{\\partial L}{\\partial \\sigma^2} = ${matrix(upstream.dvar)}`);
  expect(typeset).toContain(`\\frac{\\partial L}{\\partial \\mathrm{mean}} = ${matrix(upstream.dmean)}`);
});
