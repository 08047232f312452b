// The webgpu backend: @tensorflow/tfjs-backend-webgpu on Dawn's WebGPU for
// Node (the `webgpu` package, whose prebuilt dawn.node loads the machine's
// Vulkan driver at run time). Both are optional dependencies.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Which device runs the webgpu backend, as Dawn reports it. */
export interface Adapter {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  /** Dawn's description: the driver and its version. */
  readonly driver: string;
  /** A CPU presenting itself as a GPU (Mesa's lavapipe, llvmpipe). */
  readonly software: boolean;
}

interface DawnModule {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
}

const DAWN: string = 'webgpu';
// Variable specifiers: the packages are optional, and neither TypeScript nor the bundler should look for them.
const BACKEND_PACKAGE: string = '@tensorflow/tfjs-backend-webgpu';

// Dawn writes its Vulkan warnings ("found no drivers", limits it reduced) straight
// to the process's stderr, so the first look for an adapter runs in a child
// process whose stderr is dropped: a run that does not use webgpu stays quiet.
const PROBE = `
const { create } = await import(process.argv[1]);
const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
const i = adapter?.info;
process.stdout.write(JSON.stringify(i ? { vendor: i.vendor, architecture: i.architecture, device: i.device, driver: i.description, software: i.isFallbackAdapter === true || i.architecture === 'software' } : null));
process.exit(0);
`;

let found: Promise<Adapter | string> | undefined;

/** The adapter tfjs will get (it asks for the high-performance one too), or why there is none. Asked once per process. */
export function findAdapter(): Promise<Adapter | string> {
  found ??= probe();
  return found;
}

function probe(): Promise<Adapter | string> {
  let dawn: string;
  try {
    dawn = pathToFileURL(createRequire(import.meta.url).resolve(DAWN)).href;
  } catch {
    return Promise.resolve(`the ${DAWN} package (Dawn for Node) is not installed (see README, Training)`);
  }
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', PROBE, dawn], { timeout: 60_000 }, (err, stdout) => {
      if (err !== null) return resolve(`Dawn failed while looking for an adapter (${err.message.split('\n')[0]})`);
      const adapter = JSON.parse(stdout) as Adapter | null;
      resolve(adapter ?? 'no WebGPU adapter: Dawn found no Vulkan driver (install the GPU driver with its Vulkan support; see README, Training)');
    });
  });
}

let loaded: Promise<string | undefined> | undefined;

/**
 * Registers the tfjs webgpu backend, once per process; a reason when it cannot
 * be loaded. Once only: a second Dawn instance in navigator.gpu would let the
 * first, whose device the backend keeps using, be collected (a segfault).
 */
export function loadWebgpuBackend(): Promise<string | undefined> {
  loaded ??= load();
  return loaded;
}

// Node has no navigator.gpu, and the backend registers itself only where it
// finds one, so Dawn's entry point and WebGPU globals are installed first.
async function load(): Promise<string | undefined> {
  try {
    const dawn = (await import(DAWN)) as DawnModule;
    Object.assign(globalThis, dawn.globals);
    // Node 21 and later define navigator (without gpu) as a getter: replace it, keeping what it had.
    const navigator = (globalThis as { navigator?: object }).navigator;
    Object.defineProperty(globalThis, 'navigator', { value: { ...navigator, gpu: dawn.create([]) }, configurable: true, writable: true });
    await import(BACKEND_PACKAGE);
    return undefined;
  } catch (err) {
    return `${BACKEND_PACKAGE} cannot be loaded: ${(err as Error).message}`;
  }
}

export const describeAdapter = (a: Adapter): string =>
  `${[a.vendor, a.architecture, a.device].filter((s) => s !== '').join(' ')}, driver ${a.driver}${a.software ? '; a software device (the CPU), not a GPU' : ''}`;
