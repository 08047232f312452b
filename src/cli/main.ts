// The deltagrad command line: options as a table, handlers that call the
// library and print. Heavy modules (mathjs, fast-check) load only inside the
// commands, so `--help` stays fast.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

const EXIT_MISUSE = 2;

const number = (what: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${what} must be a number`);
  return n;
};
const positiveInt = (what: string) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer`);
  return n;
};

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
    .argument('[targets...]', 'built-in names (deltagrad list) or derivation files (.yaml, .json)')
    .option('--all', 'verify every built-in derivation')
    .option('--json', 'print one JSON document: {ok, derivations: [{name, ok, gradients: [...]}]}')
    .addOption(new Option('--runs <n>', 'property-test cases per gradient').argParser(positiveInt('--runs')).default(100))
    .addOption(new Option('--seed <n>', 'seed of the property test; a failure prints the seed that replays it').argParser(number('--seed')))
    .addOption(new Option('--rtol <x>', 'relative tolerance, against the largest entry of the gradient (default 1e-6 or the file\'s)').argParser(number('--rtol')))
    .addOption(new Option('--atol <x>', 'absolute tolerance (default 1e-8 or the file\'s)').argParser(number('--atol')))
    .addHelpText(
      'after',
      `
Each gradient is judged at random sizes (1-4 per dimension unless the file sets
sizes:) and random values from the declared domains. An entry of a claim passes
when |claimed - finite difference| <= atol + rtol * max|finite difference|; the
oracle is central differences in float64 with step cbrt(eps) * max(1, |x|).
Points where the forward function has a kink (relu at 0, a tie in max) are not
judged. A failure is shrunk to the smallest sizes and simplest values.

Exit codes: 0 all verified, 1 some derivation is wrong, 2 malformed input or misuse.

Examples:
  deltagrad verify linear-backward
  deltagrad verify my-derivation.yaml --runs 1000
  deltagrad verify --all --json`,
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

  return program;
}

export interface VerifyCliOptions {
  readonly all?: boolean;
  readonly json?: boolean;
  readonly runs: number;
  readonly seed?: number;
  readonly rtol?: number;
  readonly atol?: number;
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
    throw err;
  }
}
