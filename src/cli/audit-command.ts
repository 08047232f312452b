// `deltagrad audit tfjs`: its options and registration. The handler, and
// TensorFlow.js with it, loads inside the action.
import { Command, InvalidArgumentError, Option } from 'commander';
import { BACKENDS, type BackendName } from '../engine/choices.js';

export interface AuditCliOptions {
  readonly backend?: BackendName;
  readonly ops?: RegExp;
  readonly json?: boolean;
  readonly seed?: number;
  readonly runs: number;
  readonly timeLimit: number;
  readonly output: string;
}

const integer = (what: string, min: number) => (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${what} must be an integer >= ${min}`);
  return n;
};
const pattern = (value: string): RegExp => {
  try {
    return new RegExp(value);
  } catch (err) {
    throw new InvalidArgumentError(`--ops must be a regular expression: ${(err as Error).message}`);
  }
};

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description("check every gradient a TensorFlow.js backend ships against finite differences, subject by subject")
    .addArgument(program.createArgument('<framework>', 'the framework to audit').choices(['tfjs']))
    .addOption(new Option('--backend <name>', 'the tfjs backend (default: the first available, as for train)').choices([...BACKENDS]))
    .addOption(new Option('--ops <pattern>', 'only subjects whose kernel or tfjs code matches this regular expression').argParser(pattern))
    .option('--json', 'print one JSON document: {tfjsVersion, backend, seed, ok, subjects: [{kernels, op, backend, verdict, maxRelErr, reproducer, seed, ...}], coverage}')
    .addOption(new Option('--seed <n>', 'seed of the random shapes, values and cotangents').argParser(integer('--seed', 0)))
    .addOption(new Option('--runs <n>', 'property-test cases per subject').argParser(integer('--runs', 1)).default(12))
    .addOption(new Option('--time-limit <seconds>', 'per case: a case that takes longer is reported as hanging').argParser(integer('--time-limit', 1)).default(10))
    .option('-o, --output <file>', 'where the audit is saved as JSON (deltagrad report shows the latest)', 'reports/audit.json')
    .addHelpText(
      'after',
      `
Each subject is one tfjs op with the arguments that matter, naming the kernels
whose gradient it exercises. It runs as a property test: random shapes and
values, each case's tfjs gradient compared entry by entry with float32 central
differences (gradcheck's full mode, ties judged as a whole), and a failure
shrunk to its smallest case and printed as a few lines of tfjs code. Verdicts:
ok, wrong, throws, hangs, no gradient (tfjs registers none for a kernel), not
differentiable (tfjs's value at a kink lies outside the one-sided slopes).
Gradients tfjs registers that no subject covers are listed.

Exit codes: 0 every subject ok, 1 some subject is not, 2 misuse.

Examples:
  deltagrad audit tfjs --backend cpu
  deltagrad audit tfjs --backend wasm --ops 'Pool|MirrorPad'
  deltagrad audit tfjs --json --seed 1 > audit.json`,
    )
    .action(async (_framework: string, opts: Omit<AuditCliOptions, 'timeLimit'> & { timeLimit: number }) => {
      const { runAuditCommand } = await import('./audit-run.js');
      process.exitCode = await runAuditCommand({ ...opts, timeLimit: opts.timeLimit * 1000 });
    });
}
