// The experiments the course material runs by hand: a learning-rate sweep over
// 9 rates from 1e-6 to 100 at equal logarithmic steps (seed 003, Question
// 4.b.iii), and comparisons of optimisers, initialisations, batch sizes and
// activations (seed 004, Questions 9-12). What each sweep varies, free of
// tfjs imports so that --help can list it.
import { ACTIVATION_NAMES, INITS, OPTIMIZERS, type OptimizerName } from './choices.js';
import type { TrainConfig } from './config.js';

export const SWEEP_PARAMETERS = ['lr', 'optimizer', 'init', 'batch', 'activation'] as const;
export type SweepParameter = (typeof SWEEP_PARAMETERS)[number];
export type SweepValue = string | number;

/** Each optimiser's usual learning rate, used when a sweep over optimisers is not given --lr. */
const OPTIMIZER_LR: Readonly<Record<OptimizerName, number>> = { sgd: 0.1, momentum: 0.01, adam: 0.001, rmsprop: 0.001 };

export const SWEEP_VALUES: Readonly<Record<SweepParameter, readonly SweepValue[]>> = {
  lr: Array.from({ length: 9 }, (_, k) => Number(`1e${k - 6}`)),
  optimizer: OPTIMIZERS,
  init: INITS,
  batch: [4, 50, 100, 150],
  activation: ACTIVATION_NAMES,
};

/** The run's configuration for one value; `lrGiven` keeps an explicit --lr across an optimiser sweep. */
export function sweepConfig(base: TrainConfig, parameter: SweepParameter, value: SweepValue, lrGiven: boolean): TrainConfig {
  if (parameter === 'optimizer') {
    const optimizer = value as OptimizerName;
    return { ...base, optimizer, lr: lrGiven ? base.lr : OPTIMIZER_LR[optimizer] };
  }
  return { ...base, [parameter]: value };
}
