import { MODELS } from '../../engine/choices.js';
import { SWEEP_PARAMETERS } from '../../engine/sweep-values.js';
import { choice, defineCommand, value, withDefault, type OptionValues } from '../command.js';
import { trainingOptions } from './training-options.js';

const options = {
  ...trainingOptions(),
  model: withDefault(choice('--model <kind>', 'the model to train', MODELS), 'mlp'),
  values: value('--values <list>', 'comma-separated values instead of the defaults below'),
};

export type SweepCliOptions = OptionValues<typeof options>;

export const sweepCommand = defineCommand({
  name: 'sweep',
  description: 'train once per value of one hyperparameter and compare (the experiments of the course material)',
  arguments: [{ name: '<parameter>', description: SWEEP_PARAMETERS.join(' | ') }],
  options,
  help: `
Default values:
  lr          1e-6, 1e-5, ..., 100 (9 rates, equal logarithmic steps)
  optimizer   sgd, momentum, adam, rmsprop (each at its usual rate unless --lr)
  init        glorot-normal, glorot-uniform, he-normal, he-uniform, zeros
  batch       4, 50, 100, 150
  activation  relu, sigmoid, tanh

A run whose loss becomes NaN or infinite is recorded as diverged and the
sweep goes on (the largest learning rates do this); the report shows it so.

Examples:
  deltagrad sweep lr
  deltagrad sweep optimizer --epochs 5 --json`,
  run: async ([parameter]: [string], options) => (await import('../sweep-command.js')).runSweepCommand(parameter, options),
});
