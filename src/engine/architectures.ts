// The two models of the course material: an MLP (linear layers with an
// activation, optional batch norm and dropout) and a CNN (conv-relu-pool
// blocks, then dense layers). Every derivation a model uses is loaded and
// compiled here, once.
import type { DerivationLibrary } from './derived.js';
import type { ActivationName, Init, ModelKind } from './choices.js';
import { Activation, ACTIVATIONS } from './layers/activation.js';
import { BatchNorm } from './layers/batchnorm.js';
import { Conv2d, CONV_DERIVATIONS } from './layers/conv2d.js';
import { Dropout } from './layers/dropout.js';
import { Flatten } from './layers/flatten.js';
import type { Layer } from './layers/layer.js';
import { Linear } from './layers/linear.js';
import { MaxPool } from './layers/maxpool.js';
import { SoftmaxCrossEntropy } from './layers/softmax-cross-entropy.js';
import { Model } from './model.js';
import { UsageError } from '../usage-error.js';

export interface ArchitectureConfig {
  readonly model: ModelKind;
  /** Hidden layer widths of the dense part. */
  readonly hidden: readonly number[];
  /** The CNN's conv block widths (3 x 3 same convolution, ReLU, 2 x 2 max pool each). */
  readonly channels: readonly number[];
  readonly activation: ActivationName;
  readonly batchNorm: boolean;
  readonly dropout: number;
  readonly init: Init;
  readonly seed: number;
}

/** Data shape: one example is [H, W, C]; there are `classes` labels. */
export async function buildModel(config: ArchitectureConfig, example: readonly number[], classes: number, library: DerivationLibrary): Promise<Model> {
  const conv = config.model === 'cnn';
  const names = [
    'linear-backward',
    'softmax-cross-entropy-backward',
    ACTIVATIONS[config.activation].derivation,
    ...(conv ? [CONV_DERIVATIONS.same, 'maxpool-backward', 'relu-backward'] : []),
    ...(config.batchNorm ? ['batchnorm-backward'] : []),
    ...(config.dropout > 0 ? ['dropout-backward'] : []),
  ];
  const lib = await library.loadAll([...new Set(names)]);
  const layers: Layer[] = [];
  const seedOf = () => config.seed * 1000 + layers.length;
  const key = () => String(layers.length);

  let [height, width, depth] = example as [number, number, number];
  if (conv) {
    for (const out of config.channels) {
      layers.push(new Conv2d(lib[CONV_DERIVATIONS.same]!, lib['linear-backward']!, key(), { kernel: 3, inChannels: depth, outChannels: out, padding: 'same' }, config.init, seedOf()));
      layers.push(new Activation('relu', lib['relu-backward']!), new MaxPool(lib['maxpool-backward']!));
      [height, width, depth] = [Math.floor(height / 2), Math.floor(width / 2), out];
    }
    // Each block halves the image: past 1 x 1 the dense layers would see no features and learn nothing.
    if (height < 1 || width < 1) throw new UsageError(`--channels ${config.channels.join(',')}: ${config.channels.length} pooling blocks halve ${example[0]} x ${example[1]} images to nothing; use at most ${Math.floor(Math.log2(Math.min(example[0]!, example[1]!)))}`);
    layers.push(new Flatten());
  }
  let features = height * width * depth;
  for (const [k, size] of config.hidden.entries()) {
    layers.push(new Linear(lib['linear-backward']!, key(), features, size, config.init, seedOf(), { bias: !config.batchNorm }));
    if (config.batchNorm) layers.push(new BatchNorm(lib['batchnorm-backward']!, key(), size));
    layers.push(new Activation(config.activation, lib[ACTIVATIONS[config.activation].derivation]!));
    if (config.dropout > 0) layers.push(new Dropout(lib['dropout-backward']!, config.dropout, k));
    features = size;
  }
  layers.push(new Linear(lib['linear-backward']!, key(), features, classes, config.init, seedOf()));
  const inputShape = conv ? [...example] : [example.reduce((a, b) => a * b, 1)];
  return new Model(config.model, layers, new SoftmaxCrossEntropy(lib['softmax-cross-entropy-backward']!), inputShape, [...new Set(names)]);
}
