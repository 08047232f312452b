// A training run's configuration and each model's defaults. The MLP's are
// those of the course assignment (seed 003, Question 3): one hidden layer of
// 128, 10 epochs, SGD with learning rate 0.1, batches of 200.
import type { ArchitectureConfig } from './architectures.js';
import { EMBEDDED, type BackendName, type GradientSource, type ModelKind, type OptimizerName } from './choices.js';

export interface TrainConfig extends ArchitectureConfig {
  /** `mnist` (embedded) or a folder of MNIST IDX or CIFAR-10 binary files. */
  readonly data: string;
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly optimizer: OptimizerName;
  /** L2 weight decay on weights (not biases): adds weightDecay * W to dW. */
  readonly weightDecay: number;
  readonly gradients: GradientSource;
  /** Compare with tf.grad every this many steps (and at step 0); 0 never. */
  readonly checkGrads: number;
  /** Evaluate every this many steps as well as at the end of each epoch; 0 only at epoch ends. */
  readonly evalEvery: number;
  /** The tfjs backend asked for; undefined picks the best available. */
  readonly backend?: BackendName;
  /** A folder of derivation files that replace the built-ins of the same name. */
  readonly derivations?: string;
  /** Keep training when the loss becomes NaN or infinite, instead of stopping. */
  readonly continueOnDivergence: boolean;
}

const COMMON = {
  data: EMBEDDED,
  activation: 'relu',
  batchNorm: false,
  dropout: 0,
  init: 'he-normal',
  weightDecay: 0,
  seed: 1,
  gradients: 'derived',
  checkGrads: 0,
  evalEvery: 0,
  continueOnDivergence: false,
} as const;

export const DEFAULTS: Readonly<Record<ModelKind, TrainConfig>> = {
  mlp: { ...COMMON, model: 'mlp', hidden: [128], channels: [], epochs: 10, batch: 200, lr: 0.1, optimizer: 'sgd' },
  cnn: { ...COMMON, model: 'cnn', hidden: [], channels: [16, 32], epochs: 3, batch: 64, lr: 0.002, optimizer: 'adam' },
};

/** The model's defaults with the options given (undefined options keep the default). */
export function configFor(model: ModelKind, options: Partial<TrainConfig>): TrainConfig {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...DEFAULTS[model], ...given, model };
}
