// Which tfjs backend runs the engine: `tensorflow` (libtensorflow through
// @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node: optional dependencies
// whose install downloads a native library), then `wasm`, then `cpu`; or the
// one asked for. The choice is global to the process, as tfjs's backend is.
import * as tf from '@tensorflow/tfjs';
import { BACKENDS, type BackendName } from '../choices.js';
import { patchWasmConvGradient } from './wasm-conv-gradient.js';
import { patchWasmMatMul } from './wasm-matmul.js';


export interface Backend {
  readonly name: BackendName;
  /** One line for the user: the package and what it runs on. */
  readonly description: string;
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
    const reason = await activate(name);
    if (typeof reason !== 'string') return (selected = reason);
    reasons.push(`${name}: ${reason}`);
  }
  throw new BackendUnavailableError(`backend ${wanted ?? 'any'} is not available (${reasons.join('; ')})`);
}

/** Switches tfjs to the backend; a reason string when it cannot. */
async function activate(name: BackendName): Promise<Backend | string> {
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
        if (await tf.setBackend('tensorflow')) return { name, description: `tensorflow (${pkg}, libtensorflow${pkg.endsWith('gpu') ? ' with CUDA' : ' on the CPU'})` };
      }
      return `neither ${NODE_PACKAGES.join(' nor ')} is installed (see README, Training)`;
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
