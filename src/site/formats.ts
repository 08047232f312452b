// The loader of each format: text to a checked file. A new format (Markdown
// with LaTeX) is one entry here, one in format-names.ts and its highlighting
// in the page's LANGUAGES (src/site/browser/main.ts).
import { parseDerivationText, type FilePurpose, type LoadedFile } from '../derivation/load.js';
import type { FormatName } from './format-names.js';

export type Loader = (text: string, file: string, purpose: FilePurpose) => LoadedFile;

export const LOADERS: Readonly<Record<FormatName, Loader>> = {
  yaml: parseDerivationText,
};
