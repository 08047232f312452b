// The page's state in its URL, so that a link opens the same derivation: the
// text, its file name and format, the view and the seed, after the '#' (never
// sent to a server).
import { isFormatName, type FormatName } from '../format-names.js';
import type { View } from '../check.js';

export interface PageState {
  readonly file: string;
  readonly format: FormatName;
  readonly text: string;
  readonly view: View;
  readonly seed: number;
}

export function encodeState(s: PageState): string {
  return `#${new URLSearchParams({ file: s.file, format: s.format, view: s.view, seed: String(s.seed), text: s.text }).toString()}`;
}

/** The state in a URL's hash, or undefined where it holds none that can be read. */
export function decodeState(hash: string): PageState | undefined {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const [file, format, view, seed, text] = ['file', 'format', 'view', 'seed', 'text'].map((k) => p.get(k));
  if (file == null || format == null || text == null || !isFormatName(format)) return undefined;
  const n = Number(seed);
  return { file, format, text, view: view === 'derive' ? 'derive' : 'verify', seed: Number.isSafeInteger(n) && n >= 0 ? n : randomSeed() };
}

/** A seed as the CLI draws one. */
export const randomSeed = (): number => Math.floor(Math.random() * 2 ** 31);
