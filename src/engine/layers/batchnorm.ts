// Batch normalisation over the batch axis (derivations/batchnorm-backward.yaml).
// Training normalises with the batch's mean and biased variance and folds them
// into running averages; evaluation normalises with the running averages.
// eps is the derivation's own constant, so forward and backward agree.
import * as tf from '@tensorflow/tfjs';
import type { DerivedBackward, GradientFn, Tensors } from '../derived.js';
import { makeParam, type Backward, type Forward, type Layer, type Param, type Pass } from './layer.js';

/** Weight of the old running average in each update. */
const MOMENTUM = 0.9;

export class BatchNorm implements Layer {
  readonly description: string;
  readonly params: readonly Param[];
  readonly state: readonly Param[];
  private readonly eps: number;
  private readonly dgamma: GradientFn;
  private readonly dbeta: GradientFn;
  private readonly dX: GradientFn;

  constructor(derivation: DerivedBackward, key: string, features: number) {
    this.description = `batch norm ${features}`;
    this.params = [makeParam(`${key}.gamma`, tf.ones([features])), makeParam(`${key}.beta`, tf.zeros([features]))];
    this.state = [
      makeParam(`${key}.runningMean`, tf.zeros([features]), { trainable: false }),
      makeParam(`${key}.runningVar`, tf.ones([features]), { trainable: false }),
    ];
    const eps = derivation.constants.get('eps');
    if (eps === undefined) throw new Error(`${derivation.file}: batch norm needs the constant eps`);
    this.eps = eps;
    [this.dgamma, this.dbeta, this.dX] = ['gamma', 'beta', 'X'].map((wrt) => derivation.gradient(wrt)) as [GradientFn, GradientFn, GradientFn];
  }

  forward(x: tf.Tensor, pass: Pass): Forward {
    const [gamma, beta] = this.params.map((p) => p.variable) as [tf.Variable, tf.Variable];
    const [runningMean, runningVar] = this.state.map((p) => p.variable) as [tf.Variable, tf.Variable];
    const { mean, variance } = pass.training ? tf.moments(x, 0) : { mean: runningMean, variance: runningVar };
    if (pass.training && pass.updateStatistics) {
      runningMean.assign(tf.add(tf.mul(runningMean, MOMENTUM), tf.mul(mean, 1 - MOMENTUM)));
      runningVar.assign(tf.add(tf.mul(runningVar, MOMENTUM), tf.mul(variance, 1 - MOMENTUM)));
    }
    const xhat = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, this.eps)));
    return { y: tf.add(tf.mul(gamma, xhat), beta), saved: { xhat, var: variance, gamma } };
  }

  backward(dy: tf.Tensor, saved: Tensors): Backward {
    const grads = [this.dgamma({ dY: dy, xhat: saved.xhat! }), this.dbeta({ dY: dy })];
    return { dx: this.dX({ dY: dy, ...saved }), grads };
  }
}
