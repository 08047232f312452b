// The engine's backward passes: each is the `matrix:` closed form of a
// derivation in derivations/ (the verified built-ins, or files in a folder the
// user names), loaded and compiled once when a model is built.
import type * as tf from '@tensorflow/tfjs';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { builtinsDir } from '../derivation/builtins.js';
import { buildDerivation, type Derivation } from '../derivation/derivation.js';
import { loadDerivationFile } from '../derivation/load.js';
import { compileMatrixExpression, type CompiledExpression } from './compile.js';

export type Tensors = Readonly<Record<string, tf.Tensor>>;
/** A compiled gradient: the tensors its matrix form names (dY, X, W, ...) to the gradient. */
export type GradientFn = (tensors: Tensors) => tf.Tensor;

export interface DerivedBackward {
  readonly name: string;
  readonly file: string;
  readonly constants: ReadonlyMap<string, number>;
  /** The compiled matrix form of d<wrt>, or of its transpose for an input the engine stores transposed. */
  readonly gradient: (wrt: string, options?: { readonly transposed?: boolean }) => GradientFn;
}

/** A derivation the engine cannot run: no matrix form, or one without a tfjs mapping (bad input, exit 2). */
export class EngineCompileError extends Error {}

const PLAIN_SYMBOL = /^[A-Z][A-Za-z0-9_]*$/;

function compileBackward(d: Derivation): DerivedBackward {
  const compiled = new Map(d.gradients.filter((g) => g.matrix !== undefined).map((g) => [g.wrt, compileGradient(d, g.wrt)]));
  return {
    name: d.name,
    file: d.file,
    constants: d.constants,
    // A gradient without a matrix form fails here, naming what the engine needs.
    gradient: (wrt, options = {}) => (options.transposed ? undefined : compiled.get(wrt)) ?? compileGradient(d, wrt, options),
  };
}

/** The matrix form of d<wrt> (or its transpose) as a function of tfjs tensors, sizes read off their shapes. */
export function compileGradient(d: Derivation, wrt: string, { transposed = false } = {}): GradientFn {
  const g = d.gradients.find((x) => x.wrt === wrt);
  if (g?.matrix?.form !== 'matrix') throw new EngineCompileError(`${d.file}: ${d.name} has no matrix form for d${wrt}, which the engine needs`);
  let fn: CompiledExpression;
  try {
    fn = compileMatrixExpression(g.matrix.expression, d.constants, { transposed });
  } catch (err) {
    throw new EngineCompileError(`${d.file}: the matrix form of ${g.gradName} cannot run in the engine: ${(err as Error).message}`);
  }
  return (tensors) => fn(scopeFor(d, tensors));
}

/**
 * The tensors given, plus every dimension symbol read off their shapes
 * (S from dY's [S, N]). A tensor whose rank differs from its declaration
 * binds no sizes: an element-wise closed form holds at any rank.
 */
function scopeFor(d: Derivation, tensors: Tensors): Map<string, tf.Tensor | number> {
  const scope = new Map<string, tf.Tensor | number>(Object.entries(tensors));
  for (const [name, t] of Object.entries(tensors)) {
    const dims = d.tensors.get(name);
    if (dims === undefined || dims.length !== t.rank) continue;
    dims.forEach((dim, k) => {
      if (PLAIN_SYMBOL.test(dim)) scope.set(dim, t.shape[k]!);
    });
  }
  return scope;
}

/** Where derivations come from: a folder whose files override the built-ins of the same name. */
export class DerivationLibrary {
  private readonly loaded = new Map<string, Promise<DerivedBackward>>();

  constructor(private readonly overrides?: string) {}

  load(name: string): Promise<DerivedBackward> {
    let entry = this.loaded.get(name);
    if (entry === undefined) {
      entry = loadDerivationFile(this.fileOf(name)).then((file) => compileBackward(buildDerivation(file)));
      this.loaded.set(name, entry);
    }
    return entry;
  }

  async loadAll<const N extends string>(names: readonly N[]): Promise<Record<N, DerivedBackward>> {
    this.checkOverrides(names);
    const all = await Promise.all(names.map((n) => this.load(n)));
    return Object.fromEntries(names.map((n, k) => [n, all[k]!])) as Record<N, DerivedBackward>;
  }

  /** A folder that is missing, or replaces none of the model's derivations, would silently train on the built-ins. */
  private checkOverrides(names: readonly string[]): void {
    const dir = this.overrides;
    if (dir === undefined) return;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new EngineCompileError(`--derivations ${dir}: no such folder`);
    if (!names.some((name) => existsSync(join(dir, `${name}.yaml`)))) {
      throw new EngineCompileError(`--derivations ${dir}: holds none of the derivations this model uses (${names.map((n) => `${n}.yaml`).join(', ')}), so it would replace nothing`);
    }
  }

  private fileOf(name: string): string {
    const own = this.overrides === undefined ? undefined : join(this.overrides, `${name}.yaml`);
    return own !== undefined && existsSync(own) ? own : join(builtinsDir(), `${name}.yaml`);
  }
}
