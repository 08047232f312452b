// Data flows one way: a file is read into a derivation, calculus and numeric
// work on it, verify judges it, the engine and report use the verdicts, the
// CLI and the page show them. So a folder may import only from the folders below it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Lowest first; a folder may import from its own layer and the layers before it. */
const LAYERS: readonly (readonly string[])[] = [
  // Files at the top of src/ are named by file: these two are leaves every layer may use.
  ['usage-error.ts', 'atomic-write.ts'],
  ['notation'],
  ['numeric'],
  // A Markdown or LaTeX answer is read into the derivation model, which the reader builds on.
  ['derivation', 'latex'],
  ['calculus'],
  ['verify', 'gradcheck'],
  ['engine'],
  // The audit of a framework's gradients runs gradcheck on the engine's backends.
  ['audit'],
  ['report'],
  // The two front ends: the command line and the browser page.
  ['cli', 'site'],
  // The library's entry may import anything.
  ['index.ts'],
];

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The relative module paths a file imports or re-exports, statically or dynamically. */
function importedPaths(text: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  return [...text.matchAll(pattern)].map((m) => m[1]!);
}

/** The top folder under src/ that a file belongs to, or its own name for a file at the top of src/. */
function folderOf(file: string): string {
  // An import names the compiled file (x.js) of the source file (x.ts).
  return relative(SRC, file).split(/[\\/]/)[0]!.replace(/\.js$/, '.ts');
}

function layerOf(folder: string): number {
  const k = LAYERS.findIndex((layer) => layer.includes(folder));
  if (k < 0) throw new Error(`src/${folder} is not in LAYERS (test/layout/layers.test.ts): place it in the flow`);
  return k;
}

/** The imports in one file's text that run against the flow. */
function violations(file: string, text: string): string[] {
  const from = layerOf(folderOf(file));
  return importedPaths(text).filter((path) => layerOf(folderOf(resolve(dirname(file), path))) > from);
}

describe('the import layers', () => {
  it('finds imports in the forms the code uses', () => {
    const text = "import { a } from '../x/a.js';\nexport { b } from './b.js';\nimport type { C } from \"../../y/c.js\";\nconst m = await import('../z/m.js');\nimport fc from 'fast-check';";
    expect(importedPaths(text)).toEqual(['../x/a.js', './b.js', '../../y/c.js', '../z/m.js']);
  });

  it('rejects an import from a higher folder and accepts one from a lower or the same folder', () => {
    const file = join(SRC, 'calculus/derive.ts');
    expect(violations(file, "import { verifyTarget } from '../verify/verify.js';")).toEqual(['../verify/verify.js']);
    expect(violations(file, "import type { Derivation } from '../derivation/derivation.js';\nimport { a } from './algebra.js';")).toEqual([]);
    expect(violations(join(SRC, 'verify/verify.ts'), "import { UsageError } from '../usage-error.js';")).toEqual([]);
    expect(violations(join(SRC, 'usage-error.ts'), "import { InputError } from './notation/errors.js';")).toEqual(['./notation/errors.js']);
    expect(() => violations(join(SRC, 'nowhere/x.ts'), '')).toThrow(/not in LAYERS/);
  });

  it('every file under src/ imports only from its own layer or lower ones', () => {
    const found = sourceFiles(SRC).flatMap((file) => violations(file, readFileSync(file, 'utf8')).map((path) => `${relative(SRC, file)} imports ${path}`));
    expect(found).toEqual([]);
  });
});
