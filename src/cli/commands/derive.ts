import { integer, positiveInt } from '../common.js';
import { defineCommand, flag, value, withDefault, type OptionValues } from '../command.js';

const options = {
  wrt: value('--wrt <names>', 'the inputs to differentiate with respect to, comma-separated (default: the file\'s gradients)'),
  forward: value('--forward <lines>', 'forward lines instead of a file, separated by ";", e.g. "Y[s,n] = sum(m, X[s,m]*W[n,m]) + b[n]"'),
  shapes: value('--shapes <shapes>', 'with --forward: the input shapes, e.g. "X:[S,M],W:[N,M],b:[N]"'),
  domains: value('--domains <domains>', 'with --forward: where inputs are drawn from, e.g. "x:positive,y:uniform(-1, 1)" (default normal)'),
  json: flag('--json', 'print {name, gradients: [{wrt, steps: [{rule, expr}], result, matrix, latex}]}'),
  runs: withDefault(value('--runs <n>', 'property-test cases that check each derived step', positiveInt('--runs')), 30),
  seed: value('--seed <n>', 'seed of that check', integer('--seed')),
};

export type DeriveCliOptions = OptionValues<typeof options>;

export const deriveCommand = defineCommand({
  name: 'derive',
  description: 'derive gradients symbolically, step by step (chain rule, delta rule, sifting), and cast them into matrix notation',
  arguments: [{ name: '[target]', description: 'a built-in name or a derivation file' }],
  options,
  help: `
Every derived step, the result and the matrix form are checked numerically
before they are printed; a matrix form that fails is withheld. The result and
matrix strings are claims that deltagrad verify accepts.

Examples:
  deltagrad derive linear-backward
  deltagrad derive my-derivation.yaml --wrt W
  deltagrad derive --forward "Y[s,n] = sum(m, X[s,m]*W[n,m]) + b[n]" --shapes "X:[S,M],W:[N,M],b:[N]" --wrt W`,
  run: async ([target]: [string | undefined], options) => (await import('../derive-command.js')).runDerive(target, options),
});
