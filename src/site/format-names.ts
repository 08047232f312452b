// The formats a derivation can be typed in, by name and file extension; the
// loaders are in formats.ts, which the page's main thread does not bundle.
export const FORMAT_EXTENSIONS = {
  yaml: ['yaml', 'yml'],
  markdown: ['md'],
  latex: ['tex'],
} as const satisfies Record<string, readonly string[]>;

export type FormatName = keyof typeof FORMAT_EXTENSIONS;

export const isFormatName = (name: string): name is FormatName => Object.hasOwn(FORMAT_EXTENSIONS, name);

/** The format of a file name, or undefined where no loader reads it. */
export function formatOfFile(file: string): FormatName | undefined {
  const extension = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase() ?? '';
  return (Object.keys(FORMAT_EXTENSIONS) as FormatName[]).find((f) => (FORMAT_EXTENSIONS[f] as readonly string[]).includes(extension));
}
