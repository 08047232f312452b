/** Where a piece of text sits in its file: 1-based line and column. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/**
 * Bad input: a file that cannot be read, parsed or checked. The CLI prints it
 * as one line `file:line:col: message` and exits 2; it never carries a stack
 * trace to the user.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly location: Location,
  ) {
    super(message);
    this.name = 'InputError';
  }

  format(): string {
    const { file, line, col } = this.location;
    return `${file}:${line}:${col}: ${this.message}`;
  }
}

/** Sizes or an expression that exhaust this machine's memory or stack: the input's doing, not a bug. */
const EXHAUSTION = /invalid (typed )?array length|array buffer allocation failed|maximum call stack size exceeded|out of memory|^aborted\(/i;

export const isExhaustion = (err: unknown): err is Error => err instanceof Error && EXHAUSTION.test(err.message);

export const tooLargeMessage = (err: Error): string => `too large for this machine (${err.message}): use smaller sizes, layers or expressions`;

/** The InputError an error stands for in `file` (exhaustion is placed at its start), or undefined for a bug. */
export function asInputError(err: unknown, file: string): InputError | undefined {
  if (err instanceof InputError) return err;
  return isExhaustion(err) ? new InputError(tooLargeMessage(err), { file, line: 1, col: 1 }) : undefined;
}

/**
 * A piece of source text (one expression) with the location of its first
 * character, so that an error at offset k inside it can name its line and column.
 */
export class SourceText {
  constructor(
    readonly text: string,
    readonly start: Location,
    /** Where each offset of `text` is, when the text does not lie in its file as written (a multi-line YAML scalar). */
    private readonly locate?: (offset: number) => Location,
  ) {}

  static detached(text: string, file = '<input>'): SourceText {
    return new SourceText(text, { file, line: 1, col: 1 });
  }

  at(offset: number): Location {
    if (this.locate !== undefined) return this.locate(offset);
    const before = this.text.slice(0, Math.max(0, Math.min(offset, this.text.length)));
    const lines = before.split('\n');
    if (lines.length === 1) return { ...this.start, col: this.start.col + before.length };
    return { file: this.start.file, line: this.start.line + lines.length - 1, col: lines.at(-1)!.length + 1 };
  }

  /** Location of the first whole-word occurrence of `token`, or the start. */
  find(token: string): Location {
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`).exec(this.text);
    return this.at(match?.index ?? 0);
  }

  error(message: string, token?: string): InputError {
    return new InputError(message, token === undefined ? this.start : this.find(token));
  }
}
