import { InputError } from '../notation/errors.js';
import { resolveTarget } from '../verify/builtins.js';
import { buildDerivation, type Derivation } from '../verify/derivation.js';
import { deriveAndCheck, type CheckedGradient } from '../verify/derive-check.js';
import { loadDerivationFile, parseDerivationText } from '../verify/load.js';
import { styleFor, type Style } from './format.js';
import type { DeriveCliOptions } from './main.js';

const EXIT = { ok: 0, failed: 1, malformed: 2 } as const;

export async function runDerive(target: string | undefined, opts: DeriveCliOptions): Promise<number> {
  if ((target === undefined) === (opts.forward === undefined)) return misuse('give either a derivation (name or file) or --forward with --shapes');
  let d: Derivation;
  try {
    d = target === undefined ? fromCommandLine(opts) : buildDerivation(await loadDerivationFile(resolveTarget(target), 'derive'));
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    process.stderr.write(`${err.format()}\n`);
    return EXIT.malformed;
  }
  const wrt = opts.wrt?.split(',').map((w) => w.trim()).filter((w) => w !== '');
  const unknown = wrt?.find((w) => !d.inputs.has(w));
  if (unknown !== undefined) return misuse(`--wrt ${unknown}: not an input of ${d.name} (inputs: ${[...d.inputs.keys()].join(', ')})`);
  if (wrt === undefined && d.gradients.length === 0) return misuse('say which inputs to differentiate with respect to: --wrt X');
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  let results: CheckedGradient[];
  try {
    results = deriveAndCheck(d, wrt, { runs: opts.runs, seed });
  } catch (err) {
    // The forward is undefined at most points of the declared domains: bad input, as in verify.
    if (!(err instanceof InputError)) throw err;
    process.stderr.write(`${err.format()}\n`);
    return EXIT.malformed;
  }
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
  return failed ? EXIT.failed : EXIT.ok;
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

/** `--forward "A; B" --shapes "X:[S,M],W:[N,M]"` as a derivation. */
function fromCommandLine(opts: DeriveCliOptions): Derivation {
  const file = '<command line>';
  if (opts.shapes === undefined) throw new InputError('--forward needs --shapes, e.g. "X:[S,M],W:[N,M],b:[N]"', { file, line: 1, col: 1 });
  const shapes: Record<string, string[]> = {};
  const pattern = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*\[([^\]]*)\]\s*(,|$)/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < opts.shapes.length && (match = pattern.exec(opts.shapes)) !== null) {
    shapes[match[1]!] = match[2]!.split(',').map((x) => x.trim()).filter((x) => x !== '');
  }
  if (pattern.lastIndex < opts.shapes.length) {
    throw new InputError(`--shapes: cannot read "${opts.shapes.slice(pattern.lastIndex)}"; write NAME:[DIM,...] separated by commas`, { file, line: 1, col: pattern.lastIndex + 1 });
  }
  const forward = opts.forward!.split(';').map((l) => l.trim()).filter((l) => l !== '');
  const text = JSON.stringify({ name: 'command-line', title: forward.join('; '), shapes, forward }, null, 1);
  return buildDerivation(parseDerivationText(text, file, 'derive'));
}

function misuse(message: string): number {
  process.stderr.write(`error: ${message}\n(run deltagrad derive --help for usage)\n`);
  return EXIT.malformed;
}
