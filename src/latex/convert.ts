// `deltagrad convert`: a LaTeX answer as the derivation file it was read as,
// each claim preceded by the author's LaTeX and where it is, so that a reader
// sees how every step was understood; or, as JSON, the same per step.
import { readFile } from 'node:fs/promises';
import { Document, isMap, isSeq } from 'yaml';
import { InputError } from '../notation/errors.js';
import { readLatexText, type LatexFile } from './reader.js';

export async function readLatexFile(file: string): Promise<LatexFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message, { file, line: 1, col: 1 });
  }
  return readLatexText(text, file);
}

/** The derivation file (YAML), every claim commented with the LaTeX it was read from. */
export function convertedYaml(read: LatexFile): string {
  const data = Object.fromEntries(Object.entries(read.data).filter(([, v]) => v !== undefined));
  const doc = new Document(data);
  doc.commentBefore = ` Read from ${read.file} by deltagrad convert.${read.notes.map((n) => `\n not judged: ${n}`).join('')}`;
  read.gradientsRead.forEach((g, k) => {
    const entry = doc.getIn(['gradients', k], true);
    if (!isMap(entry)) return;
    const steps = entry.get('steps', true);
    const claimNodes = [...(isSeq(steps) ? steps.items : []), entry.get('result', true)];
    g.claims.forEach((c, s) => {
      const node = claimNodes[s] as { commentBefore?: string } | undefined;
      if (node !== undefined) node.commentBefore = ` ${c.at.line}:${c.at.col}  ${c.latex.replace(/\s+/g, ' ').trim()}`;
    });
  });
  return doc.toString({ lineWidth: 0 });
}

/** Per gradient, per claim: the author's LaTeX, its line and column, and the expression it was read as. */
export function convertedJson(read: LatexFile): object {
  return {
    file: read.file,
    name: read.data.name,
    forward: read.data.forward,
    gradients: read.gradientsRead.map((g) => ({
      wrt: g.wrt,
      line: g.at.line,
      column: g.at.col,
      steps: g.claims.map((c) => ({ latex: c.latex, line: c.at.line, column: c.at.col, expression: c.expression })),
    })),
    notJudged: read.notes,
  };
}
