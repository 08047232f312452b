import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/report/atomic-write.js';

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
