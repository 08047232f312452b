// Writes a file whole or not at all: a temporary file beside it, renamed over
// it, so a reader never sees half a page and a failed run leaves the old one.
// A symbolic link is written through (its target is replaced, the link kept);
// anything that is not a regular file (a folder, a device such as /dev/full)
// is refused rather than replaced.
import type { Stats } from 'node:fs';
import { lstat, mkdir, readdir, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** How many links to follow before calling it a loop (as the kernel's ELOOP does). */
const MAX_LINKS = 40;

export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  const target = await regularTarget(path);
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  await removeOrphans(dir, basename(target));
  const temp = join(dir, tempName(basename(target), process.pid));
  try {
    await writeFile(temp, contents, { flag: 'wx' });
    await rename(temp, target);
  } catch (err) {
    // EEXIST: the name is another writer's, not ours to remove.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') await rm(temp, { force: true });
    throw err;
  }
}

const tempName = (base: string, pid: number): string => `.${base}.${pid}.tmp`;

/** The file a write to `path` lands in: links followed; a UsageError when it exists and is not a regular file. */
async function regularTarget(path: string): Promise<string> {
  let target = resolve(path);
  for (let links = 0; ; links++) {
    const info = await lstat(target).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (info === undefined || info.isFile()) return target;
    if (!info.isSymbolicLink()) throw new UsageError(`${path}: ${kindOf(info)}, not a regular file: give the path of a file to write`);
    if (links === MAX_LINKS) throw new UsageError(`${path}: too many symbolic links`);
    target = resolve(dirname(target), await readlink(target));
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isFIFO()) return 'a pipe';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

/** Temporary files of earlier writes to the same file whose process is gone (killed mid-write). */
async function removeOrphans(dir: string, base: string): Promise<void> {
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.tmp$`);
  for (const name of await readdir(dir)) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) await rm(join(dir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
