// Timing helpers. No timed assertions: figures are medians of repeated samples,
// printed beside a baseline measured in the same run, because the machines are
// shared and noisy.

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(xs: readonly number[]): Summary {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Wall time of one call, in seconds. */
export function timeOnce(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1e3;
}

export interface RepeatOptions {
  /** How many samples to take the median of. */
  readonly samples: number;
  /** Each sample repeats the call until it lasts at least this long, so the clock's resolution does not matter. */
  readonly minSampleSeconds: number;
  /** Calls made first and thrown away, to let the JIT settle; at least one. */
  readonly warmupSeconds?: number;
}

/** Time per call (seconds), summarised over `samples` samples of calibrated length. */
export function repeat(fn: () => void, opts: RepeatOptions): Summary & { readonly callsPerSample: number } {
  const first = timeOnce(fn);
  let spent = first;
  while (spent < (opts.warmupSeconds ?? 0)) spent += timeOnce(fn);
  const callsPerSample = Math.max(1, Math.ceil(opts.minSampleSeconds / Math.max(first, 1e-9)));
  const perCall: number[] = [];
  for (let s = 0; s < opts.samples; s++) {
    const t = timeOnce(() => {
      for (let c = 0; c < callsPerSample; c++) fn();
    });
    perCall.push(t / callsPerSample);
  }
  return { ...summarize(perCall), callsPerSample };
}

/**
 * Times several functions in alternating rounds (one calibrated sample of
 * each per round), so that a burst of load on a shared machine lands on all of
 * them alike. `vsFirst[i]` summarises, over the rounds, time(first) / time(i):
 * the speed of function i relative to the first, the baseline.
 */
export function interleaved(fns: readonly (() => void)[], opts: RepeatOptions): Interleaved {
  const calls = fns.map((fn) => {
    const first = timeOnce(fn);
    let spent = first;
    while (spent < (opts.warmupSeconds ?? 0)) spent += timeOnce(fn);
    return callsPerSample(first, opts);
  });
  const rounds = Array.from({ length: opts.samples }, () =>
    fns.map((fn, i) => {
      const n = calls[i]!;
      return timeOnce(() => {
        for (let c = 0; c < n; c++) fn();
      }) / n;
    }),
  );
  return summarizeRounds(rounds);
}

/** interleaved() for calls that return promises: each call is awaited before the next starts. */
export async function interleavedAsync(fns: readonly (() => Promise<void>)[], opts: RepeatOptions): Promise<Interleaved> {
  const timeCalls = async (fn: () => Promise<void>, n: number): Promise<number> => {
    const t0 = performance.now();
    for (let c = 0; c < n; c++) await fn();
    return (performance.now() - t0) / 1e3 / n;
  };
  const calls: number[] = [];
  for (const fn of fns) {
    const first = await timeCalls(fn, 1);
    for (let spent = first; spent < (opts.warmupSeconds ?? 0); ) spent += await timeCalls(fn, 1);
    calls.push(callsPerSample(first, opts));
  }
  const rounds: number[][] = [];
  for (let s = 0; s < opts.samples; s++) {
    const round: number[] = [];
    for (const [i, fn] of fns.entries()) round.push(await timeCalls(fn, calls[i]!));
    rounds.push(round);
  }
  return summarizeRounds(rounds);
}

export interface Interleaved {
  readonly perCall: readonly Summary[];
  readonly vsFirst: readonly Summary[];
}

const callsPerSample = (first: number, opts: RepeatOptions): number => Math.max(1, Math.ceil(opts.minSampleSeconds / Math.max(first, 1e-9)));

/** Rounds of seconds per call, one entry per function: each function's times, and its speed relative to the first's in the same round. */
function summarizeRounds(rounds: readonly (readonly number[])[]): Interleaved {
  const column = (f: (round: readonly number[]) => number): Summary => summarize(rounds.map(f));
  return {
    perCall: rounds[0]!.map((_, i) => column((r) => r[i]!)),
    vsFirst: rounds[0]!.map((_, i) => column((r) => r[0]! / r[i]!)),
  };
}
