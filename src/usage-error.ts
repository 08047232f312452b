/**
 * Misuse that has no place in a file: an option out of range (rtol -1,
 * runs 0), an output path that is a directory or a device. The CLI prints
 * its message as one line and exits 2; the library throws it.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
