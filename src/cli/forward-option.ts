// `derive --forward "A; B" --shapes "X:[S,M]" --domains "X:positive"` as a
// derivation. Every error points into the option the user typed
// (`--forward:1:15` is column 15 of --forward's value), never into a document
// built from it.
import { InputError, SourceText, type Location } from '../notation/errors.js';
import { buildDerivation, type Derivation } from '../derivation/derivation.js';
import type { LoadedFile } from '../derivation/load.js';
import { deriveInputSchema } from '../derivation/schema.js';

export interface ForwardOptions {
  readonly forward: string;
  readonly shapes?: string;
  readonly domains?: string;
}

/** A piece of an option's value and where it starts in that value. */
interface Piece<T> {
  readonly value: T;
  readonly offset: number;
}

const NAME = '([A-Za-z_][A-Za-z0-9_]*)';
const LISTS = {
  '--shapes': { pattern: new RegExp(`\\s*${NAME}\\s*:\\s*\\[([^\\]]*)\\]\\s*(,|$)`, 'y'), form: 'NAME:[DIM,...]' },
  '--domains': { pattern: new RegExp(`\\s*${NAME}\\s*:\\s*([A-Za-z-]+\\s*(\\([^)]*\\))?)\\s*(,|$)`, 'y'), form: 'NAME:DOMAIN (positive, uniform(-1, 1), ...)' },
} as const;

/** `X:[S,M],W:[N,M]` (or `x:positive,y:uniform(-1, 1)`) as its entries, each with its offset. */
function namedList(option: keyof typeof LISTS, text: string): Map<string, Piece<string>> {
  const { pattern, form } = LISTS[option];
  const entries = new Map<string, Piece<string>>();
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    const name = match.index + match[0].search(/\S/);
    if (entries.has(match[1]!)) throw new InputError(`${match[1]} is given twice`, { file: option, line: 1, col: name + 1 });
    // The value's own offset, so that an error inside it (a dimension of a shape) points at its token.
    entries.set(match[1]!, { value: match[2]!, offset: match.index + match[0].indexOf(match[2]!, match[0].indexOf(':')) });
  }
  if (pattern.lastIndex < text.length) {
    throw new InputError(`cannot read "${text.slice(pattern.lastIndex)}"; write ${form} separated by commas`, { file: option, line: 1, col: pattern.lastIndex + 1 });
  }
  return entries;
}

/** The forward lines of `A; B` with their offsets. */
function forwardLines(text: string): Piece<string>[] {
  const lines: Piece<string>[] = [];
  let offset = 0;
  for (const part of text.split(';')) {
    const lead = part.length - part.trimStart().length;
    if (part.trim() !== '') lines.push({ value: part.trim(), offset: offset + lead });
    offset += part.length + 1;
  }
  return lines;
}

export function derivationFromOptions(opts: ForwardOptions): Derivation {
  const at = (file: string, offset = 0): Location => ({ file, line: 1, col: offset + 1 });
  if (opts.shapes === undefined) throw new InputError('--forward needs --shapes, e.g. "X:[S,M],W:[N,M],b:[N]"', at('--shapes'));
  const forward = forwardLines(opts.forward);
  const shapes = namedList('--shapes', opts.shapes);
  const domains = namedList('--domains', opts.domains ?? '');
  const data = {
    name: 'command-line',
    title: forward.map((l) => l.value).join('; '),
    shapes: Object.fromEntries([...shapes].map(([name, { value }]) => [name, value.split(',').map((x) => x.trim()).filter((x) => x !== '')])),
    ...(domains.size > 0 && { domains: Object.fromEntries([...domains].map(([name, { value }]) => [name, value])) }),
    forward: forward.map((l) => l.value),
  };
  const pieceAt = (path: readonly (string | number)[]): SourceText => {
    const [field, key] = path;
    if (field === 'forward' && typeof key === 'number' && forward[key] !== undefined) return new SourceText(forward[key].value, at('--forward', forward[key].offset));
    const lists: Record<string, [string, Map<string, Piece<string>>]> = { shapes: ['--shapes', shapes], domains: ['--domains', domains] };
    const list = lists[field as string];
    const piece = list?.[1].get(String(key));
    if (list !== undefined && piece !== undefined) return new SourceText(piece.value, at(list[0], piece.offset));
    return new SourceText(opts.forward, at('--forward'));
  };
  const parsed = deriveInputSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    throw new InputError(`${path.join('.') || 'the options'}: ${issue.message}`, pieceAt(path).start);
  }
  const loaded: LoadedFile = { file: '--forward', data: parsed.data, text: pieceAt };
  return buildDerivation(loaded);
}
