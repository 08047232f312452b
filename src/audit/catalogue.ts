// The subjects of `deltagrad audit tfjs`: one entry per op and the arguments
// that matter (strides, padding modes, dilations, negative axes, alignCorners
// and halfPixelCenters, broadcast shapes, 1-sized dimensions), each naming
// the tfjs kernels whose gradient it exercises. `op` is tfjs code: it is what
// runs (evaluated with `tf` in scope) and what a reproducer prints, so the
// two cannot drift apart. Shapes use named dimensions (sizes 1-3 unless
// `sizes` says otherwise) and domains as in inputsArbitrary.
export interface AuditSubject {
  readonly kernels: readonly string[];
  /** An arrow function of tensors, in tfjs code. */
  readonly op: string;
  readonly shapes: readonly (readonly (string | number)[])[];
  readonly domains?: readonly string[];
  readonly sizes?: Readonly<Record<string, readonly [number, number] | number>>;
}

const unary = (kernel: string, op: string, domain = 'normal'): AuditSubject => ({ kernels: [kernel], op, shapes: [['S', 'M']], domains: [domain] });
const binary = (kernel: string, op: string, domains: readonly string[] = ['normal', 'normal']): AuditSubject[] => [
  { kernels: [kernel], op, shapes: [['S', 'M'], ['S', 'M']], domains },
  // Broadcasting: the second operand's gradient is summed over the rows.
  { kernels: [kernel], op, shapes: [['S', 'M'], ['M']], domains },
  { kernels: [kernel], op, shapes: [['S', 1], [1, 'M']], domains },
];
/** Images of 1-4 pixels a side, or at least `min` where a 'valid' window needs it (an empty output checks nothing). */
const image = (kernels: readonly string[], op: string, extra: readonly (readonly (string | number)[])[] = [], min = 1): AuditSubject => ({
  kernels,
  op,
  shapes: [[1, 'H', 'W', 'C'], ...extra],
  sizes: { H: [min, 4], W: [min, 4], C: [1, 2] },
});
const volume = (kernels: readonly string[], op: string, extra: readonly (readonly (string | number)[])[] = []): AuditSubject => ({
  kernels,
  op,
  shapes: [[1, 'D', 'H', 'W', 1], ...extra],
  sizes: { D: [1, 3], H: [1, 3], W: [1, 3] },
});

export const CATALOGUE: readonly AuditSubject[] = [
  // Element-wise, on domains where each is defined.
  unary('Abs', 'x => tf.abs(x)'),
  unary('Acos', 'x => tf.acos(x)', 'uniform(-0.9, 0.9)'),
  unary('Acosh', 'x => tf.acosh(x)', 'uniform(1.1, 3)'),
  unary('Asin', 'x => tf.asin(x)', 'uniform(-0.9, 0.9)'),
  unary('Asinh', 'x => tf.asinh(x)'),
  unary('Atan', 'x => tf.atan(x)'),
  unary('Atanh', 'x => tf.atanh(x)', 'uniform(-0.9, 0.9)'),
  unary('Ceil', 'x => tf.ceil(x)'),
  unary('ClipByValue', 'x => tf.clipByValue(x, -1, 1)'),
  unary('Cos', 'x => tf.cos(x)'),
  unary('Cosh', 'x => tf.cosh(x)'),
  unary('Elu', 'x => tf.elu(x)'),
  unary('Erf', 'x => tf.erf(x)'),
  unary('Exp', 'x => tf.exp(x)'),
  unary('Expm1', 'x => tf.expm1(x)'),
  unary('Floor', 'x => tf.floor(x)'),
  unary('Identity', 'x => tf.clone(x)'),
  unary('Cast', "x => tf.cast(x, 'float32')"),
  unary('LeakyRelu', 'x => tf.leakyRelu(x, 0.2)'),
  unary('Log', 'x => tf.log(x)', 'positive'),
  unary('Log1p', 'x => tf.log1p(x)', 'uniform(-0.9, 3)'),
  unary('Neg', 'x => tf.neg(x)'),
  unary('OnesLike', 'x => tf.add(tf.onesLike(x), x)'),
  unary('ZerosLike', 'x => tf.add(tf.zerosLike(x), x)'),
  unary('Reciprocal', 'x => tf.reciprocal(x)', 'nonzero'),
  unary('Relu', 'x => tf.relu(x)'),
  unary('Relu6', 'x => tf.relu6(x)', 'uniform(-1, 7)'),
  unary('Round', 'x => tf.round(x)'),
  unary('Rsqrt', 'x => tf.rsqrt(x)', 'positive'),
  unary('Selu', 'x => tf.selu(x)'),
  unary('Sigmoid', 'x => tf.sigmoid(x)'),
  unary('Sign', 'x => tf.sign(x)'),
  unary('Sin', 'x => tf.sin(x)'),
  unary('Sinh', 'x => tf.sinh(x)'),
  unary('Softplus', 'x => tf.softplus(x)'),
  unary('Sqrt', 'x => tf.sqrt(x)', 'positive'),
  unary('Square', 'x => tf.square(x)'),
  unary('Step', 'x => tf.step(x, 0.3)'),
  unary('Tan', 'x => tf.tan(x)', 'uniform(-1.2, 1.2)'),
  unary('Tanh', 'x => tf.tanh(x)'),
  // Binary, with broadcasting.
  ...binary('Add', '(a, b) => tf.add(a, b)'),
  ...binary('Sub', '(a, b) => tf.sub(a, b)'),
  ...binary('Multiply', '(a, b) => tf.mul(a, b)'),
  ...binary('RealDiv', '(a, b) => tf.div(a, b)', ['normal', 'nonzero']),
  ...binary('Maximum', '(a, b) => tf.maximum(a, b)'),
  ...binary('Minimum', '(a, b) => tf.minimum(a, b)'),
  ...binary('Pow', '(a, b) => tf.pow(a, b)', ['positive', 'normal']),
  ...binary('SquaredDifference', '(a, b) => tf.squaredDifference(a, b)'),
  ...binary('Atan2', '(a, b) => tf.atan2(a, b)', ['normal', 'nonzero']),
  ...binary('Mod', '(a, b) => tf.mod(a, b)', ['positive', 'positive']),
  { kernels: ['Prelu'], op: '(x, alpha) => tf.prelu(x, alpha)', shapes: [['S', 'M'], ['M']] },
  { kernels: ['AddN'], op: '(a, b, c) => tf.addN([a, b, c])', shapes: [['S', 'M'], ['S', 'M'], ['S', 'M']] },
  { kernels: ['Select'], op: '(c, a, b) => tf.where(c, a, b)', shapes: [['S', 'M'], ['S', 'M'], ['S', 'M']], domains: ['bool', 'normal', 'normal'] },
  // Reductions, over positive and negative axes, keeping dimensions or not.
  { kernels: ['Sum'], op: 'x => tf.sum(x, -1)', shapes: [['S', 'M']] },
  { kernels: ['Sum'], op: 'x => tf.sum(x, 0, true)', shapes: [['S', 'M']] },
  { kernels: ['Mean'], op: 'x => tf.mean(x, 1)', shapes: [['S', 'M']] },
  { kernels: ['Mean'], op: 'x => tf.mean(x)', shapes: [['S', 'M', 'N']] },
  { kernels: ['Max'], op: 'x => tf.max(x, -1)', shapes: [['S', 'M']] },
  { kernels: ['Max'], op: 'x => tf.max(x, [0, 2], true)', shapes: [['S', 'M', 'N']] },
  { kernels: ['Min'], op: 'x => tf.min(x, 0)', shapes: [['S', 'M']] },
  { kernels: ['Prod'], op: 'x => tf.prod(x, -1)', shapes: [['S', 'M']] },
  { kernels: ['Cumsum'], op: 'x => tf.cumsum(x, 1)', shapes: [['S', 'M']] },
  { kernels: ['Cumsum'], op: 'x => tf.cumsum(x, -1, true, true)', shapes: [['S', 'M']] },
  { kernels: ['Cumprod'], op: 'x => tf.cumprod(x, 1)', shapes: [['S', 'M']] },
  { kernels: ['Softmax'], op: 'x => tf.softmax(x)', shapes: [['S', 'M']] },
  { kernels: ['LogSoftmax'], op: 'x => tf.logSoftmax(x)', shapes: [['S', 'M']] },
  { kernels: ['Max', 'Exp', 'Log'], op: 'x => tf.logSumExp(x, -1)', shapes: [['S', 'M']] },
  { kernels: ['Sum', 'Sqrt', 'Abs'], op: 'x => tf.norm(x)', shapes: [['S', 'M']] },
  { kernels: ['Sum', 'Abs'], op: "x => tf.norm(x, 1, -1)", shapes: [['S', 'M']] },
  { kernels: ['Mean', 'SquaredDifference'], op: 'x => { const { mean, variance } = tf.moments(x, -1); return [mean, variance]; }', shapes: [['S', 'M']] },
  // Shapes and indexing.
  { kernels: ['Reshape'], op: 'x => tf.reshape(x, [-1])', shapes: [['S', 'M']] },
  { kernels: ['Transpose'], op: 'x => tf.transpose(x, [2, 0, 1])', shapes: [['S', 'M', 'N']] },
  { kernels: ['ExpandDims'], op: 'x => tf.expandDims(x, -1)', shapes: [['S', 'M']] },
  { kernels: ['Reverse'], op: 'x => tf.reverse(x, -1)', shapes: [['S', 'M']] },
  { kernels: ['Slice'], op: 'x => tf.slice(x, [0, 1], [-1, 1])', shapes: [['S', 3]] },
  { kernels: ['StridedSlice'], op: 'x => tf.stridedSlice(x, [0, 0], [3, 3], [1, 2])', shapes: [['S', 3]] },
  { kernels: ['Concat'], op: '(a, b) => tf.concat([a, b], -1)', shapes: [['S', 'M'], ['S', 'N']] },
  { kernels: ['Pack'], op: '(a, b) => tf.stack([a, b], 1)', shapes: [['S', 'M'], ['S', 'M']] },
  { kernels: ['Unpack'], op: 'x => tf.unstack(x, 1)', shapes: [['S', 'M']] },
  { kernels: ['SplitV'], op: 'x => tf.split(x, [1, 2], -1)', shapes: [['S', 3]] },
  { kernels: ['Tile'], op: 'x => tf.tile(x, [2, 1])', shapes: [['S', 'M']] },
  { kernels: ['BroadcastTo'], op: 'x => tf.broadcastTo(x, [2, x.shape[0], 3])', shapes: [['S', 1]] },
  { kernels: ['PadV2'], op: 'x => tf.pad(x, [[1, 0], [0, 2]], 0.5)', shapes: [['S', 'M']] },
  { kernels: ['MirrorPad'], op: "x => tf.mirrorPad(x, [[1, 1]], 'reflect')", shapes: [['M']], sizes: { M: [2, 5] } },
  { kernels: ['MirrorPad'], op: "x => tf.mirrorPad(x, [[0, 1], [1, 1]], 'symmetric')", shapes: [['S', 'M']] },
  { kernels: ['GatherV2'], op: '(x, indices) => tf.gather(x, indices)', shapes: [['S', 'M'], ['K']], domains: ['normal', 'index(S)'] },
  { kernels: ['GatherV2'], op: '(x, indices) => tf.gather(x, indices, -1)', shapes: [['S', 'M'], ['K']], domains: ['normal', 'index(M)'] },
  { kernels: ['GatherNd'], op: '(x, indices) => tf.gatherND(x, indices)', shapes: [['S', 'M'], ['K', 1]], domains: ['normal', 'index(S)'] },
  { kernels: ['UnsortedSegmentSum'], op: '(x, ids) => tf.unsortedSegmentSum(x, ids, 3)', shapes: [['S', 'M'], ['S']], domains: ['normal', 'integer(0, 2)'] },
  { kernels: ['TopK'], op: 'x => tf.topk(x, 1).values', shapes: [['S', 'M']] },
  { kernels: ['Einsum'], op: "(a, b) => tf.einsum('ij,jk->ik', a, b)", shapes: [['S', 'K'], ['K', 'N']] },
  { kernels: ['SpaceToBatchND'], op: 'x => tf.spaceToBatchND(x, [2, 2], [[0, 0], [0, 0]])', shapes: [[1, 2, 4, 'C']], sizes: { C: [1, 2] } },
  { kernels: ['BatchToSpaceND'], op: 'x => tf.batchToSpaceND(x, [2, 2], [[0, 0], [0, 0]])', shapes: [[4, 1, 2, 'C']], sizes: { C: [1, 2] } },
  { kernels: ['DepthToSpace'], op: 'x => tf.depthToSpace(x, 2)', shapes: [[1, 'H', 'W', 4]], sizes: { H: [1, 2], W: [1, 2] } },
  // Products and convolutions.
  { kernels: ['BatchMatMul'], op: '(a, b) => tf.matMul(a, b)', shapes: [['S', 'K'], ['K', 'N']] },
  { kernels: ['BatchMatMul'], op: '(a, b) => tf.matMul(a, b, true, true)', shapes: [['K', 'S'], ['N', 'K']] },
  { kernels: ['BatchMatMul'], op: '(a, b) => tf.matMul(a, b)', shapes: [['B', 'S', 'K'], ['B', 'K', 'N']] },
  image(['Conv2D', 'Conv2DBackpropInput'], "(x, f) => tf.conv2d(x, f, 1, 'same')", [['KH', 'KW', 'C', 'O']]),
  image(['Conv2D', 'Conv2DBackpropInput'], "(x, f) => tf.conv2d(x, f, 2, 'valid')", [[1, 2, 'C', 'O']], 2),
  image(['Conv2D', 'Conv2DBackpropInput'], "(x, f) => tf.conv2d(x, f, 1, 'valid', 'NHWC', 2)", [[1, 1, 'C', 'O']]),
  { kernels: ['Conv2DBackpropInput'], op: "(y, f) => tf.conv2dTranspose(y, f, [1, 4, 4, 2], 2, 'same')", shapes: [[1, 2, 2, 'O'], [3, 3, 2, 'O']], sizes: { O: [1, 2] } },
  image(['DepthwiseConv2dNative'], "(x, f) => tf.depthwiseConv2d(x, f, 1, 'same')", [['KH', 'KW', 'C', 1]]),
  image(['DepthwiseConv2dNative'], "(x, f) => tf.depthwiseConv2d(x, f, 1, 'same', 'NHWC', 2)", [[2, 1, 'C', 2]]),
  volume(['Conv3D'], "(x, f) => tf.conv3d(x, f, 1, 'same')", [[2, 2, 1, 1, 'O']]),
  image(['Dilation2D'], "(x, f) => tf.dilation2d(x, f, 1, 'same')", [[2, 2, 'C']]),
  image(['AvgPool'], "x => tf.avgPool(x, 2, 1, 'valid')", [], 2),
  image(['AvgPool'], "x => tf.avgPool(x, 3, 1, 'same')"),
  image(['AvgPool'], "x => tf.avgPool(x, 2, 2, 'same')"),
  image(['MaxPool'], "x => tf.maxPool(x, 2, 1, 'valid')", [], 2),
  image(['MaxPool'], "x => tf.maxPool(x, 3, 2, 'same')"),
  volume(['AvgPool3D'], "x => tf.avgPool3d(x, 2, 1, 'same')"),
  { ...volume(['MaxPool3D'], "x => tf.maxPool3d(x, 2, 1, 'valid')"), sizes: { D: [2, 3], H: [2, 3], W: [2, 3] } },
  image(['LRN'], 'x => tf.localResponseNormalization(x, 1)'),
  { kernels: ['FusedBatchNorm'], op: '(x, mean, variance, offset, scale) => tf.batchNorm(x, mean, variance, offset, scale, 1e-3)', shapes: [['S', 'C'], ['C'], ['C'], ['C'], ['C']], domains: ['normal', 'normal', 'positive', 'normal', 'normal'] },
  image(['ResizeBilinear'], 'x => tf.image.resizeBilinear(x, [3, 5])'),
  image(['ResizeBilinear'], 'x => tf.image.resizeBilinear(x, [3, 5], true)'),
  image(['ResizeBilinear'], 'x => tf.image.resizeBilinear(x, [5, 2], false, true)'),
  image(['ResizeNearestNeighbor'], 'x => tf.image.resizeNearestNeighbor(x, [3, 5])'),
  image(['ResizeNearestNeighbor'], 'x => tf.image.resizeNearestNeighbor(x, [3, 5], true)'),
  image(['ResizeNearestNeighbor'], 'x => tf.image.resizeNearestNeighbor(x, [5, 2], false, true)'),
  image(['FlipLeftRight'], 'x => tf.image.flipLeftRight(x)'),
  // Fused ops: tf.fused's customGrad backward.
  { kernels: ['_FusedMatMul'], op: "(a, b, bias) => tf.fused.matMul({ a, b, bias, activation: 'relu' })", shapes: [['S', 'K'], ['K', 'N'], ['N']] },
  { kernels: ['_FusedMatMul'], op: "(a, b, bias) => tf.fused.matMul({ a, b, bias, transposeB: true, activation: 'elu' })", shapes: [['S', 'K'], ['N', 'K'], ['N']] },
  image(['FusedConv2D'], "(x, filter, bias) => tf.fused.conv2d({ x, filter, bias, strides: 1, pad: 'same', activation: 'relu' })", [[2, 2, 'C', 'O'], ['O']]),
  image(['FusedDepthwiseConv2D'], "(x, filter, bias) => tf.fused.depthwiseConv2d({ x, filter, bias, strides: 1, pad: 'same', activation: 'sigmoid' })", [[2, 2, 'C', 1], ['C']]),
  // Losses.
  { kernels: ['Softmax', 'LogSoftmax'], op: '(labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits)', shapes: [['S', 'M'], ['S', 'M']], domains: ['probability', 'normal'] },
  { kernels: ['Softmax', 'LogSoftmax'], op: '(labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits, undefined, 0.1)', shapes: [['S', 'M'], ['S', 'M']], domains: ['one-hot', 'normal'] },
  { kernels: ['Sigmoid', 'Log1p', 'Exp'], op: '(labels, logits) => tf.losses.sigmoidCrossEntropy(labels, logits)', shapes: [['S', 'M'], ['S', 'M']], domains: ['uniform(0, 1)', 'normal'] },
  { kernels: ['SquaredDifference'], op: '(labels, predictions) => tf.losses.meanSquaredError(labels, predictions)', shapes: [['S', 'M'], ['S', 'M']] },
  { kernels: ['Abs', 'Sub'], op: '(labels, predictions) => tf.losses.absoluteDifference(labels, predictions)', shapes: [['S', 'M'], ['S', 'M']] },
  { kernels: ['Minimum', 'Abs'], op: '(labels, predictions) => tf.losses.huberLoss(labels, predictions, undefined, 0.5)', shapes: [['S', 'M'], ['S', 'M']] },
  { kernels: ['Log'], op: '(labels, predictions) => tf.losses.logLoss(labels, predictions)', shapes: [['S', 'M'], ['S', 'M']], domains: ['uniform(0, 1)', 'uniform(0.1, 0.9)'] },
  { kernels: ['Relu'], op: '(labels, predictions) => tf.losses.hingeLoss(labels, predictions)', shapes: [['S', 'M'], ['S', 'M']], domains: ['uniform(0, 1)', 'normal'] },
  { kernels: ['Sum', 'Multiply'], op: '(labels, predictions) => tf.losses.cosineDistance(labels, predictions, -1)', shapes: [['S', 'M'], ['S', 'M']] },
  { kernels: ['Sum', 'RealDiv'], op: '(losses, weights) => tf.losses.computeWeightedLoss(losses, weights)', shapes: [['S', 'M'], ['S', 1]], domains: ['normal', 'positive'] },
];

/** Kernels with a registered gradient that no float-valued subject can exercise: their outputs are integers or booleans. */
export const NOT_FLOAT: Readonly<Record<string, string>> = {
  ArgMax: 'integer output',
  ArgMin: 'integer output',
  IsFinite: 'boolean output',
  IsInf: 'boolean output',
  IsNan: 'boolean output',
  GreaterEqual: 'boolean output',
  OneHot: 'integer input, no float input',
  FloorDiv: 'integer output',
  ComplexAbs: 'complex input',
};

/** The subject's name in tables: its op's body, which says the arguments, with the input shapes. */
export function subjectName(s: AuditSubject): string {
  const body = s.op.replace(/^\([^)]*\)\s*=>\s*|^\w+\s*=>\s*/, '');
  const shapes = s.shapes.map((d) => `[${d.join(',')}]`).join(' ');
  return `${body} ${shapes}`;
}
