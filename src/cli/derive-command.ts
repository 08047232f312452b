import { InputError } from '../notation/errors.js';
import { resolveTarget } from '../derivation/builtins.js';
import { buildDerivation, DERIVED, type Derivation } from '../derivation/derivation.js';
import { deriveAndCheck, type CheckedGradient } from '../verify/derive-check.js';
import { loadDerivationFile } from '../derivation/load.js';
import { EXIT, misuse, seedOrRandom } from './common.js';
import { derivationFromOptions } from './forward-option.js';
import { styleFor, type Style } from './format.js';
import type { DeriveCliOptions } from './commands/derive.js';

export async function runDerive(target: string | undefined, opts: DeriveCliOptions): Promise<number> {
  if ((target === undefined) === (opts.forward === undefined)) return misuse('derive', 'give either a derivation (name or file) or --forward with --shapes');
  let d: Derivation;
  try {
    d = opts.forward !== undefined ? derivationFromOptions({ ...opts, forward: opts.forward }) : buildDerivation(await loadDerivationFile(resolveTarget(target!), 'derive'));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    process.stderr.write(`${err.format()}\n`);
    return EXIT.misuse;
  }
  const wrt = opts.wrt?.split(',').map((w) => w.trim()).filter((w) => w !== '');
  const unknown = wrt?.find((w) => !d.inputs.has(w));
  if (unknown !== undefined) return misuse('derive', `--wrt ${unknown}: not an input of ${d.name} (inputs: ${[...d.inputs.keys()].join(', ')})`);
  if (wrt === undefined && d.gradients.length === 0) return misuse('derive', 'say which inputs to differentiate with respect to: --wrt X');
  const seed = seedOrRandom(opts.seed);
  const results = locatedInInput(d, () => deriveAndCheck(d, wrt, { runs: opts.runs, seed }));
  const failed = results.some((g) => g.notDerived !== null || !g.verified);
  if (opts.json) {
    const gradients = results.map((g) =>
      g.derived === null
        ? { wrt: g.wrt, notDerived: g.notDerived }
        : { wrt: g.wrt, steps: g.derived.steps, result: g.derived.result, matrix: g.matrix, matrixNote: g.matrixNote, latex: g.derived.latex, verified: g.verified, failure: g.failure },
    );
    process.stdout.write(`${JSON.stringify({ name: d.name, gradients }, null, 2)}\n`);
  } else {
    const style = styleFor(process.stdout);
    process.stdout.write(results.map((g) => formatGradient(g, style)).join('\n'));
  }
  return failed ? EXIT.wrong : EXIT.ok;
}

/**
 * An input error found while checking numbers is about values drawn from the
 * domains: under --forward it names the option that declares them. A derived
 * claim's text is deltagrad's, not the user's: such an error points at the
 * user's derivation instead.
 */
function locatedInInput<T>(d: Derivation, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const derived = err.location.file === DERIVED;
    const hint = d.file === '--forward' ? ` (with --domains, e.g. --domains ${[...d.inputs.keys()][0]}:positive)` : '';
    if (!derived && hint === '') throw err;
    throw new InputError(`${derived ? 'the derived gradient ' : ''}${err.message}${hint}`, derived ? { file: d.file, line: 1, col: 1 } : err.location);
  }
}

function formatGradient(g: CheckedGradient, s: Style): string {
  if (g.derived === null) return `d${g.wrt}: ${s.bad('not derived')}: ${g.notDerived}\n`;
  const width = Math.max(...g.derived.steps.map((step) => step.rule.length));
  const lines = [`d${g.wrt}:`];
  for (const step of g.derived.steps) lines.push(`  ${s.dim(step.rule.padEnd(width))}  ${step.expr}`);
  lines.push(`  result  ${g.derived.result}  ${g.verified ? s.ok('✓ checked numerically') : s.bad(`✗ ${g.failure}`)}`);
  lines.push(`  matrix  ${g.matrix ?? s.dim(`none: ${g.matrixNote}`)}`);
  lines.push(`  latex   ${g.derived.latex}`);
  return `${lines.join('\n')}\n`;
}
