import { InvalidArgumentError } from 'commander';
import { integer, nonNegative, positive, positiveInt } from '../common.js';
import { choice, defineCommand, flag, value, withDefault, type OptionValues } from '../command.js';

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

const options = {
  all: flag('--all', 'verify every built-in derivation'),
  json: flag('--json', 'print one JSON document: {ok, derivations: [{name, ok, gradients: [...]}]}'),
  runs: value('--runs <n>', 'property-test cases per gradient (default 100, or 1 with --sizes)', positiveInt('--runs')),
  seed: value('--seed <n>', 'seed of the property test; a failure prints the seed that replays it', integer('--seed')),
  rtol: value('--rtol <x>', 'relative tolerance, against the largest entry of the gradient (default 1e-6 or the file\'s)', positive('--rtol')),
  atol: value('--atol <x>', 'absolute tolerance (default 1e-8 or the file\'s)', nonNegative('--atol')),
  mode: withDefault(
    choice('--mode <mode>', 'full: every entry against finite differences; fast: one random projection; auto: fast above 2,000 entries', ['full', 'fast', 'auto'] as const),
    'auto',
  ),
  sizes: value('--sizes <list>', 'fixed sizes instead of random ones, e.g. S=256,M=784,N=128', sizeList),
  force: flag('--force', 'run a check at --sizes even when its estimated work is above the budget (3e10 operations)'),
};

export type VerifyCliOptions = OptionValues<typeof options>;

export const verifyCommand = defineCommand({
  name: 'verify',
  description: 'check every step, result and matrix form of derivations against central finite differences',
  arguments: [{ name: '[targets...]', description: 'built-in names (deltagrad list) or derivation files (.yaml, .json, or answers in .md/.tex)' }],
  options,
  help: `
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
production sizes; the work is estimated first (operations of the compiled
code), and a check above 3e10 (about a minute) is refused unless --force. A
run longer than a second shows its progress on a terminal.

Exit codes: 0 all verified, 1 some derivation is wrong, 2 malformed input or misuse,
3 internal error (a bug in deltagrad).

Examples:
  deltagrad verify linear-backward
  deltagrad verify my-derivation.yaml --runs 1000
  deltagrad verify --all --json
  deltagrad verify linear-backward --sizes S=256,M=784,N=128 --mode fast`,
  run: async ([targets]: [string[]], options) => (await import('../verify-command.js')).runVerify(targets, options),
});
