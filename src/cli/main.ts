// The deltagrad command line: options as a table, handlers that call the
// library and print. Heavy modules (mathjs, fast-check) load only inside the
// commands, so `--help` stays fast.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { registerAuditCommand } from './audit-command.js';
import { EXIT_MISUSE, reportError } from './errors.js';
import { registerServeCommand } from './serve-command.js';
import { registerTrainingCommands } from './training-commands.js';

export { reportError };

const numberWhere = (ok: (n: number) => boolean, rule: string) => (what: string) => (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !ok(n)) throw new InvalidArgumentError(`${what} must be ${rule}`);
  return n;
};
const integer = numberWhere(Number.isInteger, 'an integer');
// As in the file schema and the library: a tolerance of -1 or NaN would pass anything.
const positive = numberWhere((n) => n > 0 && n < Infinity, 'a positive number');
const nonNegative = numberWhere((n) => n >= 0 && n < Infinity, 'a number >= 0');
const positiveInt = (what: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer`);
  return n;
};

/** `S=256,M=784` as a map from dimension symbol to size. */
function sizeList(value: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const item of value.split(',')) {
    const m = /^\s*([A-Z][A-Za-z0-9_]*)\s*=\s*(\d+)\s*$/.exec(item);
    if (m === null || Number(m[2]) < 1) throw new InvalidArgumentError(`--sizes expects NAME=SIZE pairs such as S=256,M=784 (sizes at least 1), got ${JSON.stringify(item)}`);
    if (sizes.has(m[1]!)) throw new InvalidArgumentError(`--sizes gives ${m[1]} twice`);
    sizes.set(m[1]!, Number(m[2]));
  }
  return sizes;
}

export function buildProgram(): Command {
  const program = new Command()
    .name('deltagrad')
    .description('Verify backpropagation derivations written in index notation against finite differences.')
    .version(process.env.DELTAGRAD_VERSION ?? '0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  program
    .command('verify')
    .description('check every step, result and matrix form of derivations against central finite differences')
    .argument('[targets...]', 'built-in names (deltagrad list) or derivation files (.yaml, .json, or answers in .md/.tex)')
    .option('--all', 'verify every built-in derivation')
    .option('--json', 'print one JSON document: {ok, derivations: [{name, ok, gradients: [...]}]}')
    .addOption(new Option('--runs <n>', 'property-test cases per gradient (default 100, or 1 with --sizes)').argParser(positiveInt('--runs')))
    .addOption(new Option('--seed <n>', 'seed of the property test; a failure prints the seed that replays it').argParser(integer('--seed')))
    .addOption(new Option('--rtol <x>', 'relative tolerance, against the largest entry of the gradient (default 1e-6 or the file\'s)').argParser(positive('--rtol')))
    .addOption(new Option('--atol <x>', 'absolute tolerance (default 1e-8 or the file\'s)').argParser(nonNegative('--atol')))
    .addOption(
      new Option('--mode <mode>', 'full: every entry against finite differences; fast: one random projection; auto: fast above 2,000 entries')
        .choices(['full', 'fast', 'auto'])
        .default('auto'),
    )
    .addOption(new Option('--sizes <list>', 'fixed sizes instead of random ones, e.g. S=256,M=784,N=128').argParser(sizeList))
    .addHelpText(
      'after',
      `
Each gradient is judged at random sizes (1-4 per dimension unless the file sets
sizes:) and random values from the declared domains. An entry of a claim passes
when |claimed - finite difference| <= atol + rtol * max|finite difference|; the
oracle is central differences in float64 with step cbrt(eps) * max(1, |x|).
Where the forward function is not differentiable (relu at 0, a tie in a max),
the one-sided slopes disagree; there a claim passes if it lies between them
(any subgradient). A failure is shrunk to the smallest sizes and simplest values.

Fast mode compares <claim, v> with the derivative of the forward function along
one random direction v (4 evaluations whatever the size, instead of 4 per
entry), and bisects to the entry where a wrong claim differs; steps with
diff(...) are skipped there. With --sizes, a derivation is checked at
production sizes.

Exit codes: 0 all verified, 1 some derivation is wrong, 2 malformed input or misuse,
3 internal error (a bug in deltagrad).

Examples:
  deltagrad verify linear-backward
  deltagrad verify my-derivation.yaml --runs 1000
  deltagrad verify --all --json
  deltagrad verify linear-backward --sizes S=256,M=784,N=128 --mode fast`,
    )
    .action(async (targets: string[], opts: VerifyCliOptions) => {
      const { runVerify } = await import('./verify-command.js');
      process.exitCode = await runVerify(targets, opts);
    });

  program
    .command('list')
    .description('list the built-in derivations with their titles and sources')
    .option('--json', 'print a JSON array of {name, title, source}')
    .action(async (opts: { json?: boolean }) => {
      const { runList } = await import('./list-command.js');
      process.exitCode = await runList(opts);
    });

  program
    .command('derive')
    .description('derive gradients symbolically, step by step (chain rule, delta rule, sifting), and cast them into matrix notation')
    .argument('[target]', 'a built-in name or a derivation file')
    .option('--wrt <names>', 'the inputs to differentiate with respect to, comma-separated (default: the file\'s gradients)')
    .option('--forward <lines>', 'forward lines instead of a file, separated by ";", e.g. "Y[s,n] = sum(m, X[s,m]*W[n,m]) + b[n]"')
    .option('--shapes <shapes>', 'with --forward: the input shapes, e.g. "X:[S,M],W:[N,M],b:[N]"')
    .option('--domains <domains>', 'with --forward: where inputs are drawn from, e.g. "x:positive,y:uniform(-1, 1)" (default normal)')
    .option('--json', 'print {name, gradients: [{wrt, steps: [{rule, expr}], result, matrix, latex}]}')
    .addOption(new Option('--runs <n>', 'property-test cases that check each derived step').argParser(positiveInt('--runs')).default(30))
    .addOption(new Option('--seed <n>', 'seed of that check').argParser(integer('--seed')))
    .addHelpText(
      'after',
      `
Every derived step, the result and the matrix form are checked numerically
before they are printed; a matrix form that fails is withheld. The result and
matrix strings are claims that deltagrad verify accepts.

Examples:
  deltagrad derive linear-backward
  deltagrad derive my-derivation.yaml --wrt W
  deltagrad derive --forward "Y[s,n] = sum(m, X[s,m]*W[n,m]) + b[n]" --shapes "X:[S,M],W:[N,M],b:[N]" --wrt W`,
    )
    .action(async (target: string | undefined, opts: DeriveCliOptions) => {
      const { runDerive } = await import('./derive-command.js');
      process.exitCode = await runDerive(target, opts);
    });

  program
    .command('report')
    .description('write one self-contained HTML page: each derivation typeset with its verdicts, and the training results')
    .argument('[targets...]', 'built-in names or derivation files (default: every built-in)')
    .option('-o, --output <file>', 'the page to write (written whole or not at all)', 'reports/index.html')
    .addOption(new Option('--runs <n>', 'property-test cases per gradient').argParser(positiveInt('--runs')).default(100))
    .addOption(new Option('--seed <n>', 'seed of the property test; the page prints the seed that replays a failure').argParser(integer('--seed')))
    .option('--training <dir>', 'folder of training results (*.jsonl from deltagrad train and sweep)', 'reports/runs')
    .addHelpText('after', '\nExit codes as for verify: 0 all verified, 1 some derivation is wrong, 2 malformed input or misuse, 3 internal error.')
    .action(async (targets: string[], opts: ReportCliOptions) => {
      const { runReport } = await import('./report-command.js');
      process.exitCode = await runReport(targets, opts);
    });

  program
    .command('convert')
    .description('print the derivation file a Markdown or LaTeX answer is read as, each claim under the LaTeX it was read from')
    .argument('<file>', 'an answer in Markdown (.md) or LaTeX (.tex) with a front matter')
    .option('--json', 'print {gradients: [{wrt, steps: [{latex, line, column, expression}]}], notJudged}')
    .addHelpText('after', '\nExit codes: 0 read, 2 malformed input.')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { runConvert } = await import('./convert-command.js');
      process.exitCode = await runConvert(file, opts);
    });

  registerTrainingCommands(program);
  registerServeCommand(program);
  registerAuditCommand(program);

  return program;
}

export interface DeriveCliOptions {
  readonly wrt?: string;
  readonly forward?: string;
  readonly shapes?: string;
  readonly domains?: string;
  readonly json?: boolean;
  readonly runs: number;
  readonly seed?: number;
}

export interface ReportCliOptions {
  readonly output: string;
  readonly runs: number;
  readonly seed?: number;
  readonly training: string;
}

export interface VerifyCliOptions {
  readonly all?: boolean;
  readonly json?: boolean;
  readonly runs?: number;
  readonly seed?: number;
  readonly rtol?: number;
  readonly atol?: number;
  readonly mode: 'full' | 'fast' | 'auto';
  readonly sizes?: ReadonlyMap<string, number>;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_MISUSE;
      return;
    }
    // Whatever a command did not handle: one line, never a stack trace, never exit 1 (a verdict).
    process.exitCode = reportError(err);
  }
}
