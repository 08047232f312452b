// Which tfjs backend runs the engine: `tensorflow` (libtensorflow through
// @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node: optional dependencies
// whose install downloads a native library), then `webgpu` (when a hardware
// adapter is found), then `wasm`, then `cpu`; or the one asked for. The choice
// is global to the process, as tfjs's backend is.
import * as tf from '@tensorflow/tfjs';
import { BACKENDS, type BackendName } from '../choices.js';
import { patchWasmConvGradient } from './wasm-conv-gradient.js';
import { patchWasmMatMul } from './wasm-matmul.js';
import { describeAdapter, findAdapter, loadWebgpuBackend, type Adapter } from './webgpu.js';


export interface Backend {
  readonly name: BackendName;
  /** One line for the user: the package and what it runs on. */
  readonly description: string;
  /** The device of the webgpu backend. */
  readonly adapter?: Adapter;
  /** Something the user should know about the choice (printed before the run). */
  readonly warning?: string;
  /** Why each backend preferred to this one was not used, when none was asked for. */
  readonly passedOver?: readonly string[];
}

/** A backend that was asked for and cannot be had: bad usage, exit 2. */
export class BackendUnavailableError extends Error {}

const NODE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

let selected: Backend | undefined;

export async function selectBackend(wanted?: BackendName): Promise<Backend> {
  if (selected !== undefined && (wanted === undefined || wanted === selected.name)) return selected;
  // Production mode: no per-op debug checks, and no "install tfjs-node" banner on stderr.
  tf.env().set('PROD', true);
  const order = wanted === undefined ? BACKENDS : [wanted];
  const reasons: string[] = [];
  for (const name of order) {
    const reason = await activate(name, wanted !== undefined);
    if (typeof reason !== 'string') return (selected = reasons.length === 0 ? reason : { ...reason, passedOver: reasons });
    reasons.push(`${name}: ${reason}`);
  }
  throw new BackendUnavailableError(`backend ${wanted ?? 'any'} is not available (${reasons.join('; ')})`);
}

/** Switches tfjs to the backend; a reason string when it cannot. */
async function activate(name: BackendName, insisted: boolean): Promise<Backend | string> {
  switch (name) {
    case 'tensorflow': {
      for (const pkg of NODE_PACKAGES) {
        try {
          // A variable specifier: the packages are optional, and neither TypeScript nor the bundler should look for them.
          const specifier: string = pkg;
          await import(specifier);
        } catch {
          continue;
        }
        if (!(await tf.setBackend('tensorflow'))) continue;
        return tensorflowBackend(pkg, (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true);
      }
      return `neither ${NODE_PACKAGES.join(' nor ')} is installed (see README, Training)`;
    }
    case 'webgpu': {
      const adapter = await findAdapter();
      if (typeof adapter === 'string') return adapter;
      // A software adapter trains slower than wasm: used when asked for, never picked.
      if (adapter.software && !insisted) return `only a software adapter (${adapter.device}), slower than wasm; --backend webgpu uses it`;
      const failed = await loadWebgpuBackend();
      if (failed !== undefined) return failed;
      if (!(await tf.setBackend('webgpu'))) return 'the WebGPU device could not be created';
      return { name, adapter, description: `webgpu (@tensorflow/tfjs-backend-webgpu on Dawn): ${describeAdapter(adapter)}` };
    }
    case 'wasm': {
      try {
        await import('@tensorflow/tfjs-backend-wasm');
      } catch (err) {
        return `@tensorflow/tfjs-backend-wasm cannot be loaded: ${(err as Error).message}`;
      }
      patchWasmMatMul();
      patchWasmConvGradient();
      if (!(await tf.setBackend('wasm'))) return 'the WebAssembly module failed to initialise';
      return { name, description: 'wasm (@tensorflow/tfjs-backend-wasm, XNNPACK, one thread under Node)' };
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) return 'the cpu backend failed to initialise';
      return { name, description: 'cpu (@tensorflow/tfjs-backend-cpu, plain JavaScript)' };
  }
}

/** The tensorflow backend as loaded from `pkg`: tfjs-node-gpu falls back to the CPU, silently, when libtensorflow finds no usable CUDA device. */
export function tensorflowBackend(pkg: (typeof NODE_PACKAGES)[number], onGpu: boolean): Backend {
  return {
    name: 'tensorflow',
    description: `tensorflow (${pkg}, libtensorflow ${onGpu ? 'with CUDA' : 'on the CPU'})`,
    ...(pkg.endsWith('gpu') && !onGpu && { warning: `${pkg} is installed but libtensorflow found no CUDA GPU: training on the CPU (it needs CUDA 11.2 and cuDNN 8.1; see README, Training)` }),
  };
}
