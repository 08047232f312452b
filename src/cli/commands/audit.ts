// `deltagrad audit tfjs`: its options. The handler, and TensorFlow.js with it,
// loads inside the command.
import { InvalidArgumentError } from 'commander';
import { BACKENDS } from '../../engine/choices.js';
import { numberWhere } from '../common.js';
import { choice, defineCommand, flag, value, withDefault, type OptionValues } from '../command.js';

const integerFrom = (min: number) => numberWhere((n) => Number.isInteger(n) && n >= min, `an integer >= ${min}`);
const pattern = (value: string): RegExp => {
  try {
    return new RegExp(value);
  } catch (err) {
    throw new InvalidArgumentError(`--ops must be a regular expression: ${(err as Error).message}`);
  }
};

const options = {
  backend: choice('--backend <name>', 'the tfjs backend (default: the first available, as for train)', BACKENDS),
  ops: value('--ops <pattern>', 'only subjects whose kernel or tfjs code matches this regular expression', pattern),
  json: flag('--json', 'print one JSON document: {tfjsVersion, backend, seed, ok, subjects: [{kernels, op, backend, verdict, maxRelErr, reproducer, seed, ...}], coverage}'),
  seed: value('--seed <n>', 'seed of the random shapes, values and cotangents', integerFrom(0)('--seed')),
  runs: withDefault(value('--runs <n>', 'property-test cases per subject', integerFrom(1)('--runs')), 12),
  timeLimit: withDefault(value('--time-limit <seconds>', 'per case: a case that takes longer is reported as hanging', integerFrom(1)('--time-limit')), 10),
  output: withDefault(value('-o, --output <file>', 'where the audit is saved as JSON (deltagrad report shows the latest)'), 'reports/audit.json'),
};

/** The audit's options; the entry hands the time limit to the handler in milliseconds. */
export type AuditCliOptions = OptionValues<typeof options>;

export const auditCommand = defineCommand({
  name: 'audit',
  description: 'check every gradient a TensorFlow.js backend ships against finite differences, subject by subject',
  arguments: [{ name: '<framework>', description: 'the framework to audit', choices: ['tfjs'] }],
  options,
  help: `
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
  run: async ([]: [string], options) => (await import('../audit-run.js')).runAuditCommand({ ...options, timeLimit: options.timeLimit * 1000 }),
});
