import { MODELS } from '../../engine/choices.js';
import { defineCommand, value, type OptionValues } from '../command.js';
import { trainingOptions } from './training-options.js';

const options = {
  ...trainingOptions(),
  resume: value('--resume <checkpoint>', 'continue the run saved in this checkpoint (its configuration is used)'),
};

export type TrainCliOptions = OptionValues<typeof options>;

export const trainCommand = defineCommand({
  name: 'train',
  description: 'train an MLP or CNN whose backward passes are the verified derivations, compiled to TensorFlow.js',
  arguments: [{ name: '[model]', description: `${MODELS.join(' or ')} (not needed with --resume)` }],
  options,
  help: `
Every layer's backward pass is the matrix form of a derivation in derivations/
(linear-backward, relu-backward, softmax-cross-entropy-backward, ...). The run
is recorded in reports/runs/<run-id>.jsonl; a checkpoint is kept next to it
while it runs. Ctrl-C stops after the current step and keeps the checkpoint.

Exit codes: 0 done, 1 --check-grads found a gradient off by more than 1e-4,
2 bad input or misuse, 3 internal error, 4 the loss became NaN or infinite
(the last good checkpoint is kept), 130 interrupted (resume with --resume).

Examples:
  deltagrad train mlp
  deltagrad train mlp --gradients autodiff
  deltagrad train mlp --hidden 256,128 --optimizer adam --lr 0.001 --epochs 20
  deltagrad train cnn --check-grads 50
  deltagrad train --resume reports/runs/<run-id>.ckpt.json`,
  run: async ([model]: [string | undefined], options) => (await import('../train-command.js')).runTrain(model, options),
});
