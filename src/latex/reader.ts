// A Markdown (or LaTeX) answer -> the derivation model the YAML loader
// produces (LoadedFile): the front matter gives shapes and forward lines, each
// chain of equalities whose first member is a gradient of the loss (or a
// Jacobian entry) gives a gradient whose steps are its further members, in
// index notation, each located at the member's line and column.
import type { Expr } from '../notation/ast.js';
import { InputError, type Location } from '../notation/errors.js';
import { buildDerivation } from '../derivation/derivation.js';
import type { LoadedFile } from '../derivation/load.js';
import { chainsOf } from './chains.js';
import { readChain, type Found, type ReadStep } from './claims.js';
import { readMarkdown, readTex } from './document.js';
import { FormulaReader, type Names } from './expression.js';
import { loadFrontMatter, namesOf } from './front-matter.js';
import { parseTex, TexSyntaxError } from './katex-tree.js';
import { assemble, formatAt } from './slice.js';

export type { ReadStep };

export interface ReadGradient {
  readonly wrt: string;
  readonly at: Location;
  /** Every member after the first that is not a restatement: the steps, the last one the result. */
  readonly claims: readonly ReadStep[];
}

export interface LatexFile extends LoadedFile {
  readonly gradientsRead: readonly ReadGradient[];
  /** Formulas that could not be read (`file:line:col: message`) and chains not about a gradient (with the reason). */
  readonly notes: readonly string[];
}

export const isLatexFile = (file: string): boolean => /\.(md|markdown|tex)$/i.test(file);

export function readLatexText(text: string, file: string): LatexFile {
  const doc = /\.tex$/i.test(file) ? readTex(text, file) : readMarkdown(text, file);
  const front = loadFrontMatter(doc, file);
  // Domains may be given for hidden tensors, which become inputs where the forward lines are cut.
  const defined = new Set((front.data.forward ?? []).map((line) => /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(line)?.[1]));
  const inputDomains = Object.fromEntries(Object.entries(front.data.domains ?? {}).filter(([t]) => !defined.has(t)));
  const full = buildDerivation({ ...front, data: { ...front.data, domains: inputDomains } });
  const names = namesOf(front, full);
  const notes: string[] = [];
  const found: Found[] = [];
  for (const block of doc.blocks) {
    const locate = (k: number): Location => doc.locate(block.offset + k - block.shift);
    const parsed = chainsOf(block);
    if ('error' in parsed) {
      notes.push(new InputError(`cannot read this formula: ${parsed.error.message}`, locate(parsed.error.position ?? 0)).format());
      continue;
    }
    for (const chain of parsed.chains) {
      if (chain.length < 2) continue;
      try {
        const claim = readChain(chain, block, names, locate);
        if (typeof claim === 'string') {
          if (block.display) notes.push(`${formatAt(locate(chain[0]!.start))}: skipped: ${claim}`);
        } else found.push(claim);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        notes.push(err.format());
      }
    }
  }
  return assemble(front, full, found, notes, doc);
}

/** One LaTeX expression (no `=`) in index notation, e.g. what toLatex prints; errors located in `file` at line 1. */
export function readLatexExpression(latex: string, names: Names, file = '<latex>'): Expr {
  const locate = (k: number): Location => ({ file, line: 1, col: k + 1 });
  let nodes;
  try {
    nodes = parseTex(latex);
  } catch (err) {
    if (err instanceof TexSyntaxError) throw new InputError(err.message, locate(err.position ?? 0));
    throw err;
  }
  const reader = new FormulaReader(names, locate, latex);
  reader.avoid(nodes);
  return reader.asScalar(reader.read(nodes, 0), 0);
}


