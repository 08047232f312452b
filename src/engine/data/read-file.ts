// Reads a data file whole, gunzipping `.gz`; every failure is one DataError line.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from './dataset.js';

/** The file at `path`, or at `path.gz` when only the compressed one is there. */
export function readDataFile(path: string): Uint8Array {
  const file = existsSync(path) ? path : existsSync(`${path}.gz`) ? `${path}.gz` : undefined;
  if (file === undefined) throw new DataError(`${path}: no such file`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
    if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
  } catch (err) {
    throw new DataError(`${file}: cannot be read: ${(err as Error).message}`);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
