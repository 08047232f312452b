// Splits a Markdown or LaTeX answer into its front matter and its math: the
// YAML that says what LaTeX cannot (shapes, forward lines), and each formula
// with the offset where it starts in the file, so that every error and every
// step can name its line and column.
import { InputError, type Location } from '../notation/errors.js';

export interface MathBlock {
  /** The formula without its delimiters; an environment's body is wrapped in `aligned` when it has rows or columns. */
  readonly latex: string;
  /** File offset of latex[k] is offset + k - shift (the wrapper added at the front is `shift` characters long). */
  readonly offset: number;
  readonly shift: number;
  readonly display: boolean;
}

export interface AnswerDocument {
  /** The front matter's YAML with the lines before it left blank, so that its positions are the file's. */
  readonly frontMatter: string;
  readonly blocks: readonly MathBlock[];
  readonly locate: (offset: number) => Location;
}

const ENVIRONMENTS = ['equation', 'equation*', 'align', 'align*', 'aligned', 'eqnarray', 'eqnarray*', 'gather', 'gather*', 'multline', 'multline*', 'displaymath', 'math'];

export function locator(text: string, file: string): (offset: number) => Location {
  const starts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') starts.push(k + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, col: offset - starts[lo]! + 1 };
  };
}

/** Markdown: `---` YAML `---` at the top, then text with `$$...$$`, `\[...\]`, environments and inline `$...$`. */
export function readMarkdown(text: string, file: string): AnswerDocument {
  const locate = locator(text, file);
  const fm = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  if (fm === null) throw new InputError('expected a YAML front matter between --- lines at the top (shapes and forward lines)', locate(0));
  const frontMatter = `\n${fm[1]!}`;
  const bodyStart = fm[0].length;
  return { frontMatter, blocks: findMath(text, bodyStart, text.length, true, locate), locate };
}

/**
 * LaTeX: the front matter is the leading block of comment lines between `% ---`
 * lines (each line's `% ` removed); the math is what `\begin{document}` holds,
 * or the whole file without one.
 */
export function readTex(text: string, file: string): AnswerDocument {
  const locate = locator(text, file);
  const fm = /^%[ \t]*---[ \t]*\r?\n((?:%.*\r?\n)*?)%[ \t]*---[ \t]*(\r?\n|$)/.exec(text);
  if (fm === null) throw new InputError('expected a front matter of comment lines between "% ---" lines at the top (shapes and forward lines)', locate(0));
  // `% ` becomes two spaces, so that columns stay the file's.
  const frontMatter = `\n${fm[1]!.replace(/^%( ?)/gm, (_, space: string) => ` ${space}`)}`;
  const begin = text.indexOf('\\begin{document}');
  const end = text.indexOf('\\end{document}');
  const from = begin < 0 ? fm[0].length : begin + '\\begin{document}'.length;
  return { frontMatter, blocks: findMath(text, from, end < 0 ? text.length : end, false, locate), locate };
}

/** Formulas between from and to, skipping Markdown code (fences and backticks) and LaTeX comments. */
function findMath(text: string, from: number, to: number, markdown: boolean, locate: (offset: number) => Location): MathBlock[] {
  const blocks: MathBlock[] = [];
  let k = from;
  const closing = (open: number, delimiter: string, what: string): number => {
    const at = text.indexOf(delimiter, open);
    if (at < 0 || at >= to) throw new InputError(`${what} is never closed (expected ${delimiter})`, locate(open));
    return at;
  };
  const push = (start: number, end: number, display: boolean): void => {
    const inner = text.slice(start, end);
    const rows = display && /(^|[^\\])&|\\\\/.test(inner) && !/^\s*\\begin\{/.test(inner);
    const prefix = rows ? '\\begin{aligned}' : '';
    blocks.push({ latex: rows ? `${prefix}${inner}\\end{aligned}` : inner, offset: start, shift: prefix.length, display });
  };
  while (k < to) {
    const c = text[k]!;
    if (markdown && text.startsWith('```', k)) {
      const end = text.indexOf('```', k + 3);
      k = end < 0 ? to : end + 3;
    } else if (markdown && c === '`') {
      const end = text.indexOf('`', k + 1);
      k = end < 0 ? k + 1 : end + 1;
    } else if (!markdown && c === '%' && text[k - 1] !== '\\') {
      const end = text.indexOf('\n', k);
      k = end < 0 ? to : end;
    } else if (c === '\\' && (text[k + 1] === '$' || text[k + 1] === '%')) {
      k += 2;
    } else if (text.startsWith('$$', k)) {
      const end = closing(k + 2, '$$', 'display math $$');
      push(k + 2, end, true);
      k = end + 2;
    } else if (text.startsWith('\\[', k)) {
      const end = closing(k + 2, '\\]', 'display math \\[');
      push(k + 2, end, true);
      k = end + 2;
    } else if (text.startsWith('\\begin{', k)) {
      const name = /^\\begin\{([^}]*)\}/.exec(text.slice(k, k + 40))?.[1] ?? '';
      if (!ENVIRONMENTS.includes(name)) {
        k += 7;
        continue;
      }
      const open = k + `\\begin{${name}}`.length;
      const end = closing(open, `\\end{${name}}`, `\\begin{${name}}`);
      push(open, end, true);
      k = end + `\\end{${name}}`.length;
    } else if (c === '$') {
      const end = text.indexOf('$', k + 1);
      const newline = text.indexOf('\n\n', k + 1);
      if (end < 0 || end >= to || (newline >= 0 && newline < end)) throw new InputError('inline math $ is never closed in its paragraph', locate(k));
      push(k + 1, end, false);
      k = end + 1;
    } else {
      k++;
    }
  }
  return blocks;
}
