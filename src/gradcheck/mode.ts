// auto mode: full mode (2 to 6 evaluations of f per entry: 4 are counted) while that is cheap,
// judged by the entries and by the time one evaluation of f takes; fast mode
// (a projection per input, whatever the size) otherwise. The reason is kept.
import { AUTO_FAST_ENTRIES } from '../numeric/projection.js';
import type { GradcheckMode } from './result.js';
import type { Subject } from './subject.js';

/** Full mode's evaluations may take this long before auto prefers a projection. */
export const AUTO_FULL_SECONDS = 2;
/** Counted for a curved f; a straight one takes 2. */
const EVALUATIONS_PER_ENTRY = 4;
/** The fastest of a few evaluations: one alone may catch a garbage collection and send a small f to fast mode. */
const TIMED_EVALUATIONS = 3;

export function chooseMode(subject: Subject): { mode: GradcheckMode; reason: string } {
  const entries = subject.wrt.reduce((n, i) => n + subject.data[i]!.length, 0);
  const each = Math.min(
    ...Array.from({ length: TIMED_EVALUATIONS }, () => {
      const start = performance.now();
      subject.phi();
      return (performance.now() - start) / 1000;
    }),
  );
  const evaluations = EVALUATIONS_PER_ENTRY * entries;
  const seconds = evaluations * each;
  const cost = `${entries} entries, about ${evaluations} evaluations of f at ${(each * 1000).toPrecision(2)} ms each (${seconds.toPrecision(2)} s)`;
  if (entries > AUTO_FAST_ENTRIES) return { mode: 'fast', reason: `auto: fast, as full mode would check ${cost}: more than ${AUTO_FAST_ENTRIES} entries` };
  if (seconds > AUTO_FULL_SECONDS) return { mode: 'fast', reason: `auto: fast, as full mode would check ${cost}: over ${AUTO_FULL_SECONDS} s` };
  return { mode: 'full', reason: `auto: full, ${cost}` };
}
