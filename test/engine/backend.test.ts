// What a run says about its backend: tfjs-node-gpu on the CPU is a warning,
// and the backends passed over are named with their reasons.
import { describe, expect, it } from 'vitest';
import { formatStart } from '../../src/cli/train-format.js';
import { tensorflowBackend, type Backend } from '../../src/engine/backend/select.js';
import type { StartInfo } from '../../src/engine/train.js';

const start = (backend: Backend): StartInfo => ({
  runId: 'r',
  backend,
  model: 'mlp: linear 784 -> 10',
  gradients: 'derived',
  derivations: ['linear-backward'],
  data: 'mnist',
  trainCount: 8000,
  testCount: 2000,
  totalSteps: 400,
  fromStep: 0,
});

describe('the backend a run prints', () => {
  it('warns when tfjs-node-gpu is installed but libtensorflow found no CUDA GPU', () => {
    const backend = tensorflowBackend('@tensorflow/tfjs-node-gpu', false);
    expect(backend.description).toBe('tensorflow (@tensorflow/tfjs-node-gpu, libtensorflow on the CPU)');
    expect(formatStart(start(backend)).split('\n')[1]).toMatch(/^warning: @tensorflow\/tfjs-node-gpu is installed but libtensorflow found no CUDA GPU: training on the CPU/);
  });

  it.each([
    ['@tensorflow/tfjs-node-gpu', true, 'libtensorflow with CUDA'],
    ['@tensorflow/tfjs-node', false, 'libtensorflow on the CPU'],
  ] as const)('does not warn for %s when on GPU is %s', (pkg, onGpu, device) => {
    const backend = tensorflowBackend(pkg, onGpu);
    expect(backend.description).toContain(device);
    expect(backend.warning).toBeUndefined();
    expect(formatStart(start(backend))).not.toMatch(/^warning/m);
  });

  it('names each backend passed over, with its reason, under the one in use', () => {
    const lines = formatStart(start({ name: 'wasm', description: 'wasm (XNNPACK)', passedOver: ['tensorflow: not installed', 'webgpu: no WebGPU adapter'] })).split('\n');
    expect(lines.slice(0, 3)).toEqual(['backend: wasm (XNNPACK)', '         not tensorflow: not installed', '         not webgpu: no WebGPU adapter']);
  });
});
