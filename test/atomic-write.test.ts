import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/atomic-write.js';
import { UsageError } from '../src/usage-error.js';

describe('writeFileAtomic', () => {
  it('creates the folder, replaces the file and leaves nothing else', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'deltagrad-atomic-')), 'a', 'b');
    await writeFileAtomic(join(dir, 'page.html'), 'first');
    await writeFileAtomic(join(dir, 'page.html'), 'second');
    expect(readFileSync(join(dir, 'page.html'), 'utf8')).toBe('second');
    expect(readdirSync(dir)).toEqual(['page.html']);
  });

  it('on failure throws, keeps what was there and removes its temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deltagrad-atomic-'));
    mkdirSync(join(dir, 'page.html'));
    writeFileSync(join(dir, 'page.html', 'inside'), 'kept');
    await expect(writeFileAtomic(join(dir, 'page.html'), 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['page.html']);
    expect(readFileSync(join(dir, 'page.html', 'inside'), 'utf8')).toBe('kept');
  });
});

describe('writeFileAtomic and what it writes to', () => {
  const fresh = (): string => mkdtempSync(join(tmpdir(), 'deltagrad-atomic-'));

  it('writes through a symbolic link (and a chain of them) to its target, keeping the links', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'target.html'), 'old');
    symlinkSync('target.html', join(dir, 'link.html'));
    symlinkSync('link.html', join(dir, 'link2.html'));
    await writeFileAtomic(join(dir, 'link2.html'), 'new');
    expect(lstatSync(join(dir, 'link.html')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'link2.html')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.html'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['link.html', 'link2.html', 'target.html']);
  });

  it('creates the target of a dangling link', async () => {
    const dir = fresh();
    symlinkSync('made.html', join(dir, 'link.html'));
    await writeFileAtomic(join(dir, 'link.html'), 'made');
    expect(readFileSync(join(dir, 'made.html'), 'utf8')).toBe('made');
    expect(lstatSync(join(dir, 'link.html')).isSymbolicLink()).toBe(true);
  });

  // A named pipe stands for the devices (/dev/full): a test that old code could run must not risk replacing /dev/null.
  it('refuses a pipe, a folder and a link to a folder with a UsageError, leaving them as they were', async () => {
    const dir = fresh();
    const pipe = join(dir, 'pipe');
    execFileSync('mkfifo', [pipe]);
    symlinkSync(dir, join(dir, 'to-dir'));
    await expect(writeFileAtomic(pipe, 'x')).rejects.toThrow(new UsageError(`${pipe}: a pipe, not a regular file: give the path of a file to write`));
    expect(statSync(pipe).isFIFO()).toBe(true);
    await expect(writeFileAtomic(dir, 'x')).rejects.toThrow(`${dir}: a folder, not a regular file`);
    await expect(writeFileAtomic(join(dir, 'to-dir'), 'x')).rejects.toThrow('to-dir: a folder, not a regular file');
    expect(readdirSync(dir).sort()).toEqual(['pipe', 'to-dir']);
  });

  it('refuses a loop of links', async () => {
    const dir = fresh();
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    await expect(writeFileAtomic(join(dir, 'a'), 'x')).rejects.toThrow('too many symbolic links');
  });

  it("removes the temporary files of earlier writes whose process is gone, not a running one's", async () => {
    const dir = fresh();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(dir, `.page.html.${dead}.tmp`), 'orphan');
    writeFileSync(join(dir, `.page.html.${process.ppid}.tmp`), 'in progress');
    await writeFileAtomic(join(dir, 'page.html'), 'page');
    expect(readdirSync(dir).sort()).toEqual([`.page.html.${process.ppid}.tmp`, 'page.html']);
  });
});
