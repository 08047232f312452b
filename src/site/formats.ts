// The loader of each format: text to a checked file. A new format is one
// entry here, one in format-names.ts and its highlighting in the page's
// LANGUAGES (src/site/browser/main.ts).
import { readLatexText } from '../latex/reader.js';
import { parseDerivationText, type FilePurpose, type LoadedFile } from '../derivation/load.js';
import type { FormatName } from './format-names.js';

export type Loader = (text: string, file: string, purpose: FilePurpose) => LoadedFile;

export const LOADERS: Readonly<Record<FormatName, Loader>> = {
  yaml: parseDerivationText,
  // An answer written in Markdown or LaTeX is read into the same model (src/latex), as the CLI reads it.
  markdown: (text, file) => readLatexText(text, file),
  latex: (text, file) => readLatexText(text, file),
};
