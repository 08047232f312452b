import { describe, expect, it } from 'vitest';
import { LruMap } from '../../src/numeric/lru.js';

describe('LruMap', () => {
  it('keeps at most its limit, forgetting the least recently used entry', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1); // a is now the most recent
    m.set('c', 3);
    expect(m.size).toBe(2);
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toBe(1);
    expect(m.get('c')).toBe(3);
  });

  it('replacing a key keeps one entry for it', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('a', 2);
    m.set('b', 3);
    expect(m.size).toBe(2);
    expect(m.get('a')).toBe(2);
  });
});
