// Section latex: reading the seeds' derivations from Markdown with LaTeX
// against reading the same derivations as YAML (what `deltagrad convert`
// prints), beside the time verify then takes on them (100 cases, seed 1).
// Reading should cost little next to verifying.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertedYaml } from '../src/latex/convert.js';
import { readLatexText } from '../src/latex/reader.js';
import { buildDerivation } from '../src/derivation/derivation.js';
import { parseDerivationText } from '../src/derivation/load.js';
import { verifyDerivation } from '../src/verify/verify.js';
import { ratio, seconds, table } from './format.js';
import { repeat, timeOnce } from './timing.js';

const DIR = 'test/fixtures/latex/seeds';

export function benchLatex(root: string): string {
  const rows: string[][] = [];
  const totals = { latex: 0, yaml: 0, verify: 0 };
  for (const name of readdirSync(join(root, DIR)).filter((f) => f.endsWith('.md')).sort()) {
    const file = join(DIR, name);
    const text = readFileSync(join(root, file), 'utf8');
    const yaml = convertedYaml(readLatexText(text, file));
    const options = { samples: 7, minSampleSeconds: 0.05, warmupSeconds: 0.05 };
    const latex = repeat(() => buildDerivation(readLatexText(text, file)), options).median;
    const fromYaml = repeat(() => buildDerivation(parseDerivationText(yaml, file)), options).median;
    const d = buildDerivation(readLatexText(text, file));
    const verify = timeOnce(() => verifyDerivation(d, { runs: 100, seed: 1 }));
    totals.latex += latex;
    totals.yaml += fromYaml;
    totals.verify += verify;
    rows.push([name, seconds(latex), seconds(fromYaml), ratio(latex / fromYaml), seconds(verify), `${((100 * latex) / (latex + verify)).toFixed(1)}%`]);
  }
  rows.push(['total', seconds(totals.latex), seconds(totals.yaml), ratio(totals.latex / totals.yaml), seconds(totals.verify), `${((100 * totals.latex) / (totals.latex + totals.verify)).toFixed(1)}%`]);
  return table(
    'Reading LaTeX answers: the seeds\' derivations (test/fixtures/latex/seeds) read from Markdown and from the same derivation as YAML',
    [{ header: 'fixture', align: 'left' }, { header: 'read LaTeX' }, { header: 'read YAML' }, { header: 'LaTeX / YAML' }, { header: 'verify (100 cases)' }, { header: 'reading share' }],
    rows,
    ['read: the file\'s text to a checked derivation (buildDerivation), median of 7 samples; verify: one run, seed 1.'],
  );
}
