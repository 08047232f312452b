// The derivations the page offers to open: bundled ones (the built-ins and
// the course's fixtures) and, when `deltagrad serve` hosts the page, the
// user's files from the folder it was given.
import { SERVED_EXAMPLES, type ServedFile } from '../served.js';

export interface Example {
  /** Where it comes from: "built-in", "course fixtures", "your files". */
  readonly group: string;
  /** The file name: the editor's document name and the download's. */
  readonly file: string;
  readonly text: string;
}

export async function servedExamples(): Promise<readonly Example[]> {
  if (!/^https?:$/.test(location.protocol)) return [];
  try {
    // Absent when the page is opened from disk or hosted elsewhere.
    const response = await fetch(SERVED_EXAMPLES);
    if (!response.ok) return [];
    const files = (await response.json()) as ServedFile[];
    return files.map(({ file, text }) => ({ group: 'your files', file: String(file), text: String(text) }));
  } catch {
    return [];
  }
}
