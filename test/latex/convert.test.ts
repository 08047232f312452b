// convert: the derivation file a LaTeX answer is read as. What it prints is a
// derivation file that verify accepts with the same verdicts, and --json
// names each step's LaTeX, line and column.
import { describe, expect, it } from 'vitest';
import { convertedJson, convertedYaml, readLatexFile } from '../../src/latex/convert.js';
import { buildDerivation } from '../../src/derivation/derivation.js';
import { parseDerivationText } from '../../src/derivation/load.js';
import { verifyDerivation } from '../../src/verify/verify.js';

const FILE = 'test/fixtures/latex/seeds/004-q1-divide.md';

describe('convert', () => {
  it('prints a derivation file that verifies with the same verdicts, each claim under its LaTeX', async () => {
    const read = await readLatexFile(FILE);
    const yaml = convertedYaml(read);
    expect(yaml).toContain('# 23:77  -f^{\\nabla} \\frac{X}{Y^2}');
    const fromYaml = verifyDerivation(buildDerivation(parseDerivationText(yaml, 'converted.yaml')), { runs: 20, seed: 1 });
    const fromLatex = verifyDerivation(buildDerivation(read), { runs: 20, seed: 1 });
    expect(fromYaml.gradients.map((g) => [g.wrt, g.ok, g.failedStep])).toEqual(fromLatex.gradients.map((g) => [g.wrt, g.ok, g.failedStep]));
    expect(fromLatex.gradients.map((g) => g.ok)).toEqual([true, true, true, false]);
  });

  it('--json gives each step\'s LaTeX, line, column and the expression it was read as', async () => {
    const json = convertedJson(await readLatexFile(FILE)) as { gradients: { wrt: string; steps: { latex: string; line: number; column: number; expression: string }[] }[] };
    const [first] = json.gradients;
    expect(first!.wrt).toBe('X');
    expect(first!.steps.at(-1)).toEqual({ latex: 'f_{ij}^{\\nabla} \\frac{1}{Y_{ij}}', line: 15, column: 236, expression: 'dX[i,j] = df[i,j] * (1 / Y[i,j])' });
    expect(first!.steps[0]!.latex).toBe('\\sum_{kl} \\frac{dLoss}{df_{kl}} \\frac{df_{kl}}{dX_{ij}}');
  });
});
