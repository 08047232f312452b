// What `deltagrad serve` offers the page besides its files: the user's
// derivations, listed at this address as [{ file, text }].
export const SERVED_EXAMPLES = 'examples.json';

export interface ServedFile {
  readonly file: string;
  readonly text: string;
}
