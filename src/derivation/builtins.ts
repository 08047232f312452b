// The built-in derivation library: derivations/NAME.yaml, found from this
// module's location (works from src/ under tests and from the dist/ bundle).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../notation/errors.js';

let cached: string | undefined;

export function builtinsDir(): string {
  if (cached !== undefined) return cached;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'derivations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return (cached = candidate);
    if (dirname(dir) === dir) throw new Error('the built-in derivations folder is missing from this installation');
  }
}

export function builtinNames(): string[] {
  return readdirSync(builtinsDir())
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** A target is a file when it looks like a path or exists; otherwise a built-in name. */
export function resolveTarget(target: string): string {
  const looksLikePath = /[\\/]/.test(target) || /\.(ya?ml|json)$/.test(target);
  if (looksLikePath || (existsSync(target) && statSync(target).isFile())) return target;
  const file = join(builtinsDir(), `${target}.yaml`);
  if (existsSync(file)) return file;
  throw new InputError(`no built-in derivation named ${target} and no such file (deltagrad list shows the built-ins)`, { file: target, line: 1, col: 1 });
}
