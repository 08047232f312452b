// `deltagrad train` and `deltagrad sweep` as users run them: the built bin,
// small synthetic data, run records in a temporary folder.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/engine/run-log.js';
import { assertBuilt, runCli, runMain } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir, writeMnistIdx } from '../engine/synthetic.js';

const data = writeMnistIdx(tempDir(), { train: 64, test: 24, side: 8 });
const small = ['--data', data, '--epochs', '1', '--batch', '16'];
const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
const records = (file: string): RunRecord[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunRecord);

beforeAll(() => assertBuilt());

describe.concurrent('deltagrad train', () => {
  it('trains an MLP and prints one JSON object with the results as its last line', async () => {
    const runs = tempDir();
    const r = await runCli(['train', 'mlp', ...small, '--hidden', '8', '--json', '--runs-dir', runs]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('looks like you are running TensorFlow.js in Node.js');
    const out = lastJson(r.stdout);
    for (const key of ['backend', 'model', 'gradients', 'epochs', 'testAccuracy', 'trainAccuracy', 'loss', 'samplesPerSecond', 'gradCheckMaxRelErr']) expect(out).toHaveProperty(key);
    expect(out).toMatchObject({ status: 'completed', model: 'mlp', gradients: 'derived', epochs: 1, gradCheckMaxRelErr: null });
    const log = records(out.logFile as string);
    expect(log.map((x) => x.type)).toEqual(['start', 'eval', 'end']);
    expect(log[0]).toMatchObject({ type: 'start', backend: out.backend, model: 'mlp', gradients: 'derived', config: { hidden: [8], batch: 16 } });
  });

  it('checks a CNN against tf.grad on the default backend and prints the backend and per-class accuracy', async () => {
    const runs = tempDir();
    const r = await runCli(['train', 'cnn', ...small, '--channels', '2', '--check-grads', '2', '--runs-dir', runs]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^backend: (tensorflow|webgpu|wasm|cpu) \(/);
    // A backend below the first says why each one above it was not used.
    if (!r.stdout.startsWith('backend: tensorflow')) expect(r.stdout).toMatch(/^ {9}not tensorflow: /m);
    expect(r.stdout).toMatch(/derived gradients from linear-backward, softmax-cross-entropy-backward, relu-backward, conv2d-same-backward, maxpool-backward/);
    const checks = [...r.stdout.matchAll(/grad check at step (\d+): max rel err (\S+) \(\S+\) ok/g)];
    expect(checks.map((m) => Number(m[1]))).toEqual([0, 2]);
    for (const m of checks) expect(Number(m[2])).toBeLessThan(1e-4);
    expect(r.stdout).toMatch(/class\s+accuracy\n\s+0\s+\d+\.\d\d%/);
  });

  it('exits 1 when --check-grads finds a wrong derivation', async () => {
    const derivations = tempDir();
    const text = readFileSync(join(ROOT, 'derivations', 'relu-backward.yaml'), 'utf8');
    writeFileSync(join(derivations, 'relu-backward.yaml'), text.replace('matrix: dX = dY .* step(X)', 'matrix: dX = dY .* step(-X)'));
    const r = await runCli(['train', 'mlp', ...small, '--derivations', derivations, '--check-grads', '5', '--json', '--runs-dir', tempDir()]);
    expect(r.code).toBe(1);
    const out = lastJson(r.stdout);
    expect(out).toMatchObject({ status: 'gradcheck-failed', step: 0 });
    // ReLU's gradient reaches only the layer below it: the first linear layer's W and b.
    expect(out.worstParameter).toMatch(/^0\.(W|b)$/);
    expect((out.perParameter as Record<string, number>)["2.W'"]).toBeLessThan(1e-4);
  });

  it('says which file is truncated, with exit 2', async () => {
    const dir = writeMnistIdx(tempDir());
    truncateSync(join(dir, 'train-labels-idx1-ubyte'), 20);
    const r = await runCli(['train', 'mlp', '--data', dir, '--runs-dir', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error: ${join(dir, 'train-labels-idx1-ubyte')}: truncated: [64] needs 64 bytes of data, the file has 12`);
  });

  it('stops cleanly on Ctrl-C with a checkpoint that --resume finishes from', async () => {
    const runs = tempDir();
    const args = ['bin/deltagrad.js', 'train', 'mlp', '--data', data, '--epochs', '60', '--batch', '4', '--hidden', '8', '--backend', 'cpu', '--runs-dir', runs];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Interrupt once, when the first epoch has been evaluated (and checkpointed): a second Ctrl-C quits at once.
      if (!interrupted && /epoch\s+1\.00/.test(stdout)) interrupted = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    const checkpoint = /continue with: deltagrad train --resume (\S+)/.exec(stdout)?.[1];
    expect(checkpoint).toBeDefined();
    expect(existsSync(checkpoint!)).toBe(true);
    const r = await runCli(['train', '--resume', checkpoint!, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ status: 'completed', epochs: 60, steps: 60 * 16 });
    expect(existsSync(checkpoint!)).toBe(false);
  });
});

describe('deltagrad train --resume after a SIGKILL', () => {
  it('leaves no temporary file and repeats no record, wherever the kill landed', async () => {
    const runs = tempDir();
    const args = ['bin/deltagrad.js', 'train', 'mlp', '--data', data, '--epochs', '4', '--batch', '4', '--hidden', '8', '--backend', 'cpu', '--eval-every', '1', '--runs-dir', runs];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Every step logs an evaluation and rewrites the checkpoint: the kill lands between, or inside, those writes.
      if (!killed && (stdout.match(/^epoch/gm)?.length ?? 0) >= 5) killed = child.kill('SIGKILL');
    });
    await new Promise((resolve) => child.on('close', resolve));
    expect(killed).toBe(true);
    const checkpoint = readdirSync(runs).find((f) => f.endsWith('.ckpt.json'))!;
    const r = await runCli(['train', '--resume', join(runs, checkpoint), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const log = records(lastJson(r.stdout).logFile as string);
    expect(log.filter((x) => x.type === 'start')).toHaveLength(1);
    expect(log.flatMap((x) => (x.type === 'eval' ? [x.step] : []))).toEqual(Array.from({ length: 64 }, (_, k) => k + 1));
    expect(readdirSync(runs).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe.concurrent('deltagrad sweep', () => {
  it('trains once per value and reports each run, tagged with the sweep', async () => {
    const runs = tempDir();
    const r = await runCli(['sweep', 'batch', '--values', '16,32', ...small.slice(0, 4), '--hidden', '8', '--json', '--runs-dir', runs]);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout) as { parameter: string; runs: { value: number; status: string; logFile: string; testAccuracy: number }[] };
    expect(out.parameter).toBe('batch');
    expect(out.runs.map((x) => [x.value, x.status])).toEqual([[16, 'completed'], [32, 'completed']]);
    const start = records(out.runs[1]!.logFile)[0]!;
    expect(start).toMatchObject({ type: 'start', config: { batch: 32 }, sweep: { parameter: 'batch', value: 32 } });
  });


  it('explains in one line that the webgpu backend has no adapter when Vulkan has no driver', async () => {
    // The Vulkan loader reads only the driver manifests named here: none.
    const noDriver = { VK_ICD_FILENAMES: '/nonexistent.json', VK_DRIVER_FILES: '/nonexistent.json' };
    const r = await runCli(['train', 'mlp', ...small, '--backend', 'webgpu', '--runs-dir', tempDir()], noDriver);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: backend webgpu is not available \(webgpu: (no WebGPU adapter: Dawn found no Vulkan driver|the webgpu package \(Dawn for Node\) is not installed)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('command-line misuse, in process (more in test/cli/misuse.test.ts)', () => {
  it.skipIf(canLoad('@tensorflow/tfjs-node') || canLoad('@tensorflow/tfjs-node-gpu'))('explains that the tensorflow backend is not installed', async () => {
    const r = await runMain(['train', 'mlp', ...small, '--backend', 'tensorflow', '--runs-dir', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/backend tensorflow is not available \(tensorflow: neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node is installed/);
  });

});

function canLoad(name: string): boolean {
  try {
    createRequire(join(ROOT, 'package.json')).resolve(name);
    return true;
  } catch {
    return false;
  }
}
