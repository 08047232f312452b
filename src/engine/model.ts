// A stack of layers ending in softmax + cross-entropy, with its two ways of
// computing gradients: the derived backward passes (no tape: each layer's
// compiled closed form, in reverse) or tfjs autodiff of the same forward.
import * as tf from '@tensorflow/tfjs';
import type { GradientSource, ModelKind } from './choices.js';
import type { Tensors } from './derived.js';
import type { Layer, Param, Pass } from './layers/layer.js';
import { SoftmaxCrossEntropy } from './layers/softmax-cross-entropy.js';


export interface StepResult {
  readonly loss: tf.Scalar;
  readonly logits: tf.Tensor;
  /** One gradient per trainable parameter, in the order of `Model.params`. */
  readonly grads: readonly tf.Tensor[];
}

export class Model {
  readonly params: readonly Param[];
  readonly state: readonly Param[];

  constructor(
    readonly kind: ModelKind,
    readonly layers: readonly Layer[],
    private readonly output: SoftmaxCrossEntropy,
    /** Shape of one input example: [features] for the MLP, [H, W, C] for the CNN. */
    readonly inputShape: readonly number[],
    /** The derivations whose closed forms run the backward pass. */
    readonly derivations: readonly string[],
  ) {
    this.params = layers.flatMap((l) => l.params);
    this.state = layers.flatMap((l) => l.state);
  }

  get description(): string {
    return this.layers.map((l) => l.description).join(', ');
  }

  logits(x: tf.Tensor, pass: Pass): tf.Tensor {
    return this.layers.reduce((h, layer) => layer.forward(h, pass).y, x);
  }

  gradients(source: GradientSource, x: tf.Tensor, targets: tf.Tensor, pass: Pass): StepResult {
    return source === 'derived' ? this.derived(x, targets, pass) : this.autodiff(x, targets, pass);
  }

  dispose(): void {
    for (const p of [...this.params, ...this.state]) p.variable.dispose();
  }

  private derived(x: tf.Tensor, targets: tf.Tensor, pass: Pass): StepResult {
    const saved: Tensors[] = [];
    let h = x;
    for (const layer of this.layers) {
      const f = layer.forward(h, pass);
      saved.push(f.saved);
      h = f.y;
    }
    const grads: tf.Tensor[][] = [];
    let dy = this.output.backward(h, targets);
    for (let k = this.layers.length - 1; k >= 0; k--) {
      const b = this.layers[k]!.backward(dy, saved[k]!, k > 0);
      grads[k] = [...b.grads];
      if (b.dx !== undefined) dy = b.dx;
    }
    return { loss: SoftmaxCrossEntropy.loss(h, targets), logits: h, grads: grads.flat() };
  }

  private autodiff(x: tf.Tensor, targets: tf.Tensor, pass: Pass): StepResult {
    let kept: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      // Kept out of variableGrads' own tidy, then handed to the caller's scope as a clone.
      kept = tf.keep(this.logits(x, pass));
      return SoftmaxCrossEntropy.loss(kept, targets);
    }, this.params.map((p) => p.variable));
    const logits = tf.clone(kept!);
    kept!.dispose();
    return { loss: value, logits, grads: this.params.map((p) => grads[p.variable.name]!) };
  }
}
