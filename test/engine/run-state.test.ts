// The run's state between steps: the position moves batch by batch and wraps
// to the next epoch, the window of training figures empties at each
// evaluation, and what a checkpoint saves resumes to the same state.
import { describe, expect, it } from 'vitest';
import { RunState } from '../../src/engine/run-state.js';

const step = { loss: 0.5, correct: 3, samples: 4, seconds: 0.01 };

describe('RunState', () => {
  it('moves to the next batch after each step, and to the next epoch after its last', () => {
    const state = RunState.start('run.jsonl', 3);
    const positions = [];
    for (let k = 0; k < 4; k++) {
      state.stepTaken(step);
      positions.push(state.at);
    }
    expect(positions).toEqual([
      { epoch: 0, batch: 1, step: 1 },
      { epoch: 0, batch: 2, step: 2 },
      { epoch: 1, batch: 0, step: 3 },
      { epoch: 1, batch: 1, step: 4 },
    ]);
  });

  it('sums the window since the last evaluation and starts it anew when taken', () => {
    const state = RunState.start('run.jsonl', 10);
    state.stepTaken(step);
    state.stepTaken({ ...step, loss: 1.5, correct: 1 });
    expect(state.takeWindow()).toEqual({ lossSum: 2, batches: 2, correct: 4, seen: 8 });
    expect(state.takeWindow()).toEqual({ lossSum: 0, batches: 0, correct: 0, seen: 0 });
    expect(state.samples).toBe(8);
  });

  it('keeps the worst gradient check', () => {
    const state = RunState.start('run.jsonl', 10);
    expect(state.gradCheckMaxRelErr).toBeNull();
    state.gradChecked(1e-6);
    state.gradChecked(1e-8);
    expect(state.gradCheckMaxRelErr).toBe(1e-6);
  });

  it('resumes from what it saved: the same position and totals, its time going on from the saved time', () => {
    const state = RunState.start('run.jsonl', 3);
    state.stepTaken(step);
    state.gradChecked(1e-7);
    const saved = state.saved(123);
    expect(saved.progress).toMatchObject({ logFile: 'run.jsonl', logBytes: 123, samples: 4, gradCheckMaxRelErr: 1e-7, window: { batches: 1 } });
    const resumed = RunState.resume({ ...saved, progress: { ...saved.progress, elapsedSeconds: 100 } }, 3);
    expect(resumed.at).toEqual(state.at);
    expect(resumed.elapsed()).toBeGreaterThanOrEqual(100);
    expect(resumed.saved(123).progress.window).toEqual(saved.progress.window);
  });
});
