// The audit on a handful of subjects, in its worker thread: two gradients
// tfjs 4.22 gets wrong (mirrorPad reflect, avgPool 'same') and two it gets
// right, each a verdict with a reproducer; a blocking subject is a result.
import { describe, expect, it } from 'vitest';
import { runAudit, selectSubjects } from '../../src/audit/audit.js';
import { CATALOGUE } from '../../src/audit/catalogue.js';

const pick = (...ops: string[]): number[] => ops.map((op) => {
  const i = CATALOGUE.findIndex((s) => s.op === op);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
});

describe('deltagrad audit tfjs', () => {
  it('finds the known-wrong gradients, passes the right ones, and prints a reproducer with both values', async () => {
    const indices = pick('x => tf.relu(x)', 'x => tf.sigmoid(x)', "x => tf.mirrorPad(x, [[1, 1]], 'reflect')", "x => tf.avgPool(x, 3, 1, 'same')");
    const report = await runAudit('cpu', indices, { seed: 1, runs: 8, timeLimit: 10_000 });
    expect(report).toMatchObject({ backend: 'cpu', tfjsVersion: '4.22.0', ok: false });
    expect(report.subjects.map((s) => [s.op, s.verdict])).toEqual([
      ['x => tf.relu(x)', 'ok'],
      ['x => tf.sigmoid(x)', 'ok'],
      ["x => tf.mirrorPad(x, [[1, 1]], 'reflect')", 'wrong'],
      ["x => tf.avgPool(x, 3, 1, 'same')", 'wrong'],
    ]);
    const [relu, , mirror, pool] = report.subjects;
    expect(relu!.reproducer).toBeNull();
    expect(mirror!.kernels).toEqual(['MirrorPad']);
    expect(mirror!.reproducer!.split('\n')[0]).toBe("const f = x => tf.mirrorPad(x, [[1, 1]], 'reflect');");
    expect(mirror!.reproducer).toMatch(/\/\/ x0: tfjs gives \[.*\]\n\/\/ +finite differences \[.*\]$/);
    // Shrunk to a 1x1 image: the forward averages one entry, the backward divides by the window, 9.
    expect(pool!.reproducer).toContain('const x0 = tf.tensor([[[[0]]]]);');
    expect(pool!.reproducer).toMatch(/tfjs gives \[\[\[\[0\.1111\]\]\]\]\n\/\/ +finite differences \[\[\[\[1\]\]\]\]$/);
    expect(pool!.maxRelErr).toBeGreaterThan(0.5);
    expect(report.coverage.uncovered).toEqual([]);
    expect(report.coverage.registered).toContain('MirrorPad');
  }, 120_000);

  it('records a subject whose tfjs call never returns as hanging, with the case, and carries on', async () => {
    const indices = pick('x => tf.image.resizeNearestNeighbor(x, [3, 5], true)', 'x => tf.sigmoid(x)');
    const report = await runAudit('cpu', indices, { seed: 1, runs: 4, timeLimit: 1000 });
    const [hung, after] = report.subjects;
    expect(hung!.verdict).toBe('hangs');
    expect(hung!.reproducer).toMatch(/^const f = x => tf.image.resizeNearestNeighbor\(x, \[3, 5\], true\);\nconst x0 = tf.tensor\(.*\);\ntf.grads/);
    expect(after!.verdict).toBe('ok');
  }, 120_000);

  it('selects subjects by kernel or code', () => {
    expect(selectSubjects(/^MirrorPad$/).map((i) => CATALOGUE[i]!.kernels[0])).toEqual(['MirrorPad', 'MirrorPad']);
    expect(selectSubjects(/halfPixel|, false, true\)/).length).toBe(2);
  });
});
