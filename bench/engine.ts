// Section: training throughput of the engine. The same model and batch are
// trained with the derived gradients (the verified closed forms, no tape) and
// with tfjs autodiff (tf.grad, with the same wasm matMul fix), in alternating
// rounds on the same backend; the share of kernel time in matrix products is
// read from tf.profile, beside the backend's plain matMul rate, its limit, and
// what the goal's speedup would leave the derived step beside its products,
// and what reading each step's loss and accuracy asynchronously costs.
// NumPy and PyTorch figures for the same MLP are printed when python3 has them.
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { buildModel } from '../src/engine/architectures.js';
import { selectBackend } from '../src/engine/backend/select.js';
import { Batches, disposeBatch } from '../src/engine/batches.js';
import type { GradientSource } from '../src/engine/choices.js';
import { configFor, type TrainConfig } from '../src/engine/config.js';
import { DerivationLibrary } from '../src/engine/derived.js';
import type { Model } from '../src/engine/model.js';
import { makeOptimizer } from '../src/engine/optimizers.js';
import { trainStep } from '../src/engine/train.js';
import { count, ratio, table } from './format.js';
import { interleaved, interleavedAsync } from './timing.js';

const GOAL = 1.3;
const CLASSES = 10;

interface Trainer {
  readonly model: Model;
  readonly step: () => Promise<void>;
  readonly dispose: () => void;
}

/** Random MNIST-sized examples; throughput does not depend on the pixel values. */
async function randomSplit(size: number, inputShape: readonly number[]): Promise<Batches> {
  const random = tf.randomUniform([size * 28 * 28], 0, 1, 'float32', 1);
  const pixels = (await random.data()) as Float32Array;
  random.dispose();
  const labels = Uint8Array.from({ length: size }, (_, k) => k % CLASSES);
  return new Batches({ count: size, images: pixels, labels }, inputShape, CLASSES);
}

async function trainer(config: TrainConfig, gradients: GradientSource, library: DerivationLibrary): Promise<Trainer> {
  const model = await buildModel(config, [28, 28, 1], CLASSES, library);
  const optimizer = makeOptimizer(config.optimizer, config.lr);
  // One batch gathered per step, as the training loop does.
  const data = await randomSplit(4 * config.batch, model.inputShape);
  const indices = Int32Array.from({ length: config.batch }, (_, k) => 4 * k);
  let seed = 0;
  return {
    model,
    step: async () => {
      const batch = data.batch(indices);
      await trainStep(model, optimizer, { ...config, gradients }, batch, seed++);
      disposeBatch(batch);
    },
    dispose: () => {
      model.dispose();
      optimizer.dispose();
    },
  };
}

interface Profile {
  readonly matMulShare: number;
  /** Kernel calls per step besides the matrix products. */
  readonly otherKernels: number;
  /** FLOP/s inside the matrix products. */
  readonly matMulRate: number;
}

/** Kernel times of a few steps: the share in BatchMatMul (with its explicit transposes) and its FLOP rate. */
async function profile(t: Trainer, steps: number): Promise<Profile> {
  const info = await tf.profile(async () => {
    for (let k = 0; k < steps; k++) await t.step();
  });
  let total = 0;
  let matMul = 0;
  let flops = 0;
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    total += ms;
    if (k.name !== 'BatchMatMul') continue;
    matMul += ms;
    // 2 M N K: the output is M x N, and A holds M x K entries whether or not it is transposed.
    const [a] = k.inputShapes as number[][];
    const [out] = k.outputShapes as number[][];
    const [m, n] = out!.slice(-2) as [number, number];
    flops += 2 * m * n * (a!.reduce((x, y) => x * y, 1) / m);
  }
  const matMulCalls = info.kernels.filter((k) => k.name === 'BatchMatMul').length;
  return { matMulShare: matMul / total, otherKernels: (info.kernels.length - matMulCalls) / steps, matMulRate: flops / (matMul / 1e3) };
}

/** What one tfjs kernel call costs with nothing to compute (a scalar add), in microseconds. */
function dispatchMicros(): number {
  const [a, b] = [tf.scalar(1), tf.scalar(2)];
  const calls = 2000;
  const run = (): void => tf.tidy(() => {
    for (let k = 0; k < calls; k++) tf.add(a, b);
  });
  run();
  const { perCall } = interleaved([run], { samples: 5, minSampleSeconds: 0.1 });
  tf.dispose([a, b]);
  return (perCall[0]!.median / calls) * 1e6;
}

/** FLOP/s of one plain 512 x 784 x 512 product: the backend's matMul limit here. */
async function plainMatMulRate(): Promise<number> {
  const [a, b] = [tf.randomNormal([512, 784]), tf.randomNormal([784, 512])];
  // Reading back one number waits for the product; reading all of it would time a 1 MB copy as well.
  const run = async (): Promise<void> => {
    const sum = tf.tidy(() => tf.sum(tf.matMul(a, b)));
    await sum.data();
    sum.dispose();
  };
  const { perCall } = await interleavedAsync([run], { samples: 5, minSampleSeconds: 0.2 });
  tf.dispose([a, b]);
  return (2 * 512 * 784 * 512) / perCall[0]!.median;
}

/**
 * What the training loop's asynchronous read costs over a synchronous one, in
 * microseconds per read of a step's two numbers: await data() minus
 * dataSync(), in alternating rounds. Undefined on webgpu, which cannot read
 * synchronously under Node.
 */
async function asyncReadMicros(backend: string): Promise<number | undefined> {
  if (backend === 'webgpu') return undefined;
  const both = tf.tensor1d([0.5, 3]);
  const { perCall } = await interleavedAsync(
    [async () => void both.dataSync(), async () => void (await both.data())],
    { samples: 9, minSampleSeconds: 0.1, warmupSeconds: 0.1 },
  );
  both.dispose();
  return (perCall[1]!.median - perCall[0]!.median) * 1e6;
}

const PYTHON_MLP = `
import sys, time
import numpy as np
S, M, H, C, LR = 200, 784, 128, 10, 0.1
rng = np.random.default_rng(0)
X = rng.random((S, M), dtype=np.float32)
T = np.eye(C, dtype=np.float32)[np.arange(S) % C]
if sys.argv[1] == 'numpy':
    W1 = (rng.standard_normal((H, M)) * np.sqrt(2 / M)).astype(np.float32); b1 = np.zeros(H, np.float32)
    W2 = (rng.standard_normal((C, H)) * np.sqrt(2 / H)).astype(np.float32); b2 = np.zeros(C, np.float32)
    def step():
        Z = X @ W1.T + b1; A = np.maximum(Z, 0); L = A @ W2.T + b2
        E = np.exp(L - L.max(1, keepdims=True)); Y = E / E.sum(1, keepdims=True)
        dL = (Y - T) / S; dA = dL @ W2; dZ = dA * (Z > 0)
        for p, g in ((W2, dL.T @ A), (b2, dL.sum(0)), (W1, dZ.T @ X), (b1, dZ.sum(0))): p -= LR * g
else:
    import torch
    net = torch.nn.Sequential(torch.nn.Linear(M, H), torch.nn.ReLU(), torch.nn.Linear(H, C))
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    x, y = torch.from_numpy(X), torch.from_numpy(T.argmax(1))
    def step():
        opt.zero_grad(); torch.nn.functional.cross_entropy(net(x), y).backward(); opt.step()
for _ in range(10): step()
n, t0 = 300, time.perf_counter()
for _ in range(n): step()
print(n * S / (time.perf_counter() - t0))
`;

/** Samples/s of the default MLP in NumPy or PyTorch, or undefined when python3 lacks it. */
function pythonRate(library: 'numpy' | 'torch'): number | undefined {
  try {
    return Number(execFileSync('python3', ['-c', PYTHON_MLP, library], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 120_000 }).trim());
  } catch {
    return undefined;
  }
}

export async function benchEngine(log: (line: string) => void): Promise<string> {
  const backend = await selectBackend();
  const library = new DerivationLibrary();
  const models: readonly { name: string; config: TrainConfig; samples: number }[] = [
    { name: 'MLP 784-128-10, batch 200, SGD', config: configFor('mlp', {}), samples: 7 },
    { name: 'CNN 16-32 conv, batch 64, Adam', config: configFor('cnn', {}), samples: 3 },
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  let mlpRatio = NaN;
  let mlpBudget = '';
  let mlpStepMs = NaN;
  for (const { name, config, samples } of models) {
    log(`  ${name}: derived vs autodiff ...`);
    const [derived, autodiff] = [await trainer(config, 'derived', library), await trainer(config, 'autodiff', library)];
    const { perCall, vsFirst } = await interleavedAsync([derived.step, autodiff.step], { samples, minSampleSeconds: 0.5, warmupSeconds: 0.5 });
    const [pd, pa] = [await profile(derived, 3), await profile(autodiff, 3)];
    const perSecond = perCall.map((s) => config.batch / s.median);
    const speedup = 1 / vsFirst[1]!.median;
    if (config.model === 'mlp') {
      mlpRatio = speedup;
      // What a derived step GOAL x faster than autodiff's would leave beside its matrix products.
      const [derivedMs, autodiffMs] = perCall.map((t) => t.median * 1e3) as [number, number];
      const matMulMs = pd.matMulShare * derivedMs;
      mlpStepMs = derivedMs;
      mlpBudget = `at ${ratio(GOAL)} the derived step would take ${(autodiffMs / GOAL).toFixed(2)} ms, of which its matrix products take ${matMulMs.toFixed(2)} ms: ${(autodiffMs / GOAL - matMulMs).toFixed(2)} ms for its ${Math.round(pd.otherKernels)} other kernel calls, which cost ${dispatchMicros().toFixed(1)} µs each before any work`;
    }
    rows.push([name, 'derived', count(perSecond[0]!), ratio(speedup), `${(100 * pd.matMulShare).toFixed(0)}%`, `${(pd.matMulRate / 1e9).toFixed(1)}`]);
    rows.push(['', 'autodiff', count(perSecond[1]!), ratio(1), `${(100 * pa.matMulShare).toFixed(0)}%`, `${(pa.matMulRate / 1e9).toFixed(1)}`]);
    derived.dispose();
    autodiff.dispose();
  }
  log('  plain matMul rate, NumPy and PyTorch ...');
  notes.push(`plain matMul (512 x 784 x 512) on ${backend.name}: ${((await plainMatMulRate()) / 1e9).toFixed(1)} GFLOP/s, the limit for the matMul columns`);
  for (const lib of ['numpy', 'torch'] as const) {
    const r = pythonRate(lib);
    notes.push(r === undefined ? `${lib}: not installed for python3, no figure` : `${lib} (python3, its own threads), same MLP and batch: ${count(r)} samples/s`);
  }
  notes.push(`goal: derived >= ${GOAL}x autodiff for the MLP (no tape): ${mlpRatio >= GOAL ? 'met' : 'NOT met'} (${ratio(mlpRatio)})`);
  notes.push(`budget: ${mlpBudget}`);
  const readMicros = await asyncReadMicros(backend.name);
  notes.push(
    readMicros === undefined
      ? `asynchronous reads: ${backend.name} has no synchronous read to compare with`
      : `asynchronous reads: await data() costs ${readMicros.toFixed(1)} µs more than dataSync() per read of a step's loss and accuracy, ${((100 * readMicros) / (mlpStepMs * 1e3)).toFixed(3)}% of the MLP's derived step`,
  );
  return table(
    `Engine training throughput on ${backend.description}, median of rounds alternating derived and autodiff`,
    [{ header: 'model', align: 'left' }, { header: 'gradients', align: 'left' }, { header: 'samples/s' }, { header: 'vs autodiff' }, { header: 'time in matMul' }, { header: 'matMul GFLOP/s' }],
    rows,
    notes,
  );
}
