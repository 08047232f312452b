// Reads a derivation file: YAML (or JSON) with positions, validated by the
// schema, every error pointing at its file, line and column.
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { InputError, SourceText, type Location } from '../notation/errors.js';
import { isLatexFile, readLatexText } from '../latex/reader.js';
import { derivationSchema, deriveInputSchema, type DerivationData } from './schema.js';

export interface LoadedFile {
  readonly file: string;
  readonly data: DerivationData;
  /** The source text of the value at a path, e.g. ['forward', 0]. */
  readonly text: (path: readonly (string | number)[]) => SourceText;
}

/** Which fields a file must have: verify's (claims required) or derive's (forward and shapes). */
export type FilePurpose = 'verify' | 'derive';

export async function loadDerivationFile(file: string, purpose: FilePurpose = 'verify'): Promise<LoadedFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new InputError(reason, { file, line: 1, col: 1 });
  }
  // A Markdown or LaTeX answer is read into the same model (src/latex).
  return isLatexFile(file) ? readLatexText(text, file) : parseDerivationText(text, file, purpose);
}

export function parseDerivationText(text: string, file: string, purpose: FilePurpose = 'verify'): LoadedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Location => {
    const pos = lines.linePos(offset);
    return { file, line: pos.line, col: pos.col };
  };
  const [first] = doc.errors;
  if (first !== undefined) {
    throw new InputError(`YAML: ${first.message.split('\n')[0]}`, at(first.pos[0]));
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // An alias to an unknown anchor (or too many aliases) fails here, not in doc.errors.
    let offset = 0;
    visit(doc, {
      Alias(_, alias) {
        if (alias.resolve(doc) !== undefined) return undefined;
        offset = alias.range?.[0] ?? 0;
        return visit.BREAK;
      },
    });
    throw new InputError(`YAML: ${(err as Error).message}`, at(offset));
  }
  const parsed = (purpose === 'verify' ? derivationSchema : deriveInputSchema).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    // An unknown field points at its own key, not at the start of the map that holds it.
    const node = (issue.code === 'unrecognized_keys' ? keyNode(doc, path, issue.keys[0]) : undefined) ?? nearestNode(doc, path);
    const field = path.length > 0 ? path.join('.') : 'the file';
    // `{X: uniform(-1, 2)}` is split at its comma by YAML's flow syntax.
    const split = path.some((p) => typeof p === 'string' && /^[^(]*\)|\([^)]*$/.test(p));
    const hint = split ? ' (a comma inside {...} splits the entry: quote the value or use block style)' : '';
    throw new InputError(`${field}: ${issue.message}${hint}`, at(node?.range?.[0] ?? 0));
  }
  const sourceText = (path: readonly (string | number)[]): SourceText => {
    const node = doc.getIn(path, true) as Node | undefined;
    if (!isScalar(node) || node.range === undefined || node.range === null) {
      return new SourceText(String(doc.getIn(path) ?? ''), at(0));
    }
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    // An expression is one line to its parser: a literal block's line breaks read as spaces (offsets unchanged).
    const value = String(node.value).replaceAll('\n', ' ');
    const source = text.slice(node.range[0], node.range[1]);
    if (!source.includes('\n')) return new SourceText(value, at(node.range[0] + (quoted ? 1 : 0)));
    const offsets = valueOffsets(value, source, node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL');
    const locate = (k: number): Location => at(node.range![0] + offsets[Math.max(0, Math.min(k, offsets.length - 1))]!);
    return new SourceText(value, locate(0), locate);
  };
  return { file, data: parsed.data, text: sourceText };
}

/**
 * The offset in `source` (a scalar as written, over several lines) of each
 * character of its `value`, one past the end included: the value's characters
 * are found in order, skipping what YAML removes (a block scalar's header,
 * indentation, line breaks it folds, quotes and escapes).
 */
function valueOffsets(value: string, source: string, block: boolean): number[] {
  const skippable = new Set([' ', '\t', '\r', '\n', '\\', '"', "'"]);
  let p = block ? source.indexOf('\n') + 1 : 0;
  const offsets: number[] = [];
  for (let k = 0; k < value.length; k++) {
    const c = value[k]!;
    while (p < source.length && source[p] !== c && skippable.has(source[p]!)) p++;
    offsets.push(p);
    if (source[p] === c) p++;
  }
  offsets.push(p);
  return offsets;
}

/** The key node of field `key` of the map at `path`, if there is one. */
function keyNode(doc: Document, path: readonly (string | number)[], key: string | undefined): Node | undefined {
  const map = doc.getIn(path, true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return isScalar(pair?.key) ? pair.key : undefined;
}

/** The deepest node along `path` that exists (a missing field points at its parent). */
function nearestNode(doc: Document, path: readonly (string | number)[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (node !== undefined && node !== null && typeof node === 'object' && 'range' in node) return node;
  }
  return undefined;
}
