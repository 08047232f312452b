// The progress line of a long verify run: silent during the first second,
// then cases, sizes and elapsed time on the terminal stream.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caseProgress } from '../../src/cli/case-progress.js';

/** A terminal-like stream that keeps what is written. */
function terminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120, rows: 40, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

afterEach(() => vi.useRealTimers());

describe('the progress line', () => {
  it('stays silent for a run shorter than a second', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const t = terminal();
    const p = caseProgress(t.stream, 'softmax-backward', 3);
    p.onCase(1, new Map([['S', 3]]));
    vi.advanceTimersByTime(500);
    p.onCase(2, new Map([['S', 4]]));
    p.stop();
    expect(t.text()).toBe('');
  });

  it('shows cases done, the current sizes and the time elapsed after a second', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const t = terminal();
    const p = caseProgress(t.stream, 'softmax-backward', 3);
    p.onCase(1, new Map([['S', 3]]));
    vi.advanceTimersByTime(1500);
    p.onCase(2, new Map([['S', 1000], ['C', 1000]]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.text()).toMatch(/softmax-backward .* case 2\/3 \| sizes S=1000,C=1000 \| 1\.5 s/);
    p.stop();
  });
});
