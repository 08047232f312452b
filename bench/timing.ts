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
export function interleaved(
  fns: readonly (() => void)[],
  opts: RepeatOptions,
): { readonly perCall: readonly Summary[]; readonly vsFirst: readonly Summary[] } {
  const calls = fns.map((fn) => {
    const first = timeOnce(fn);
    let spent = first;
    while (spent < (opts.warmupSeconds ?? 0)) spent += timeOnce(fn);
    return Math.max(1, Math.ceil(opts.minSampleSeconds / Math.max(first, 1e-9)));
  });
  const perCall: number[][] = fns.map(() => []);
  const speed: number[][] = fns.map(() => []);
  for (let s = 0; s < opts.samples; s++) {
    const round = fns.map((fn, i) => {
      const n = calls[i]!;
      return timeOnce(() => {
        for (let c = 0; c < n; c++) fn();
      }) / n;
    });
    round.forEach((t, i) => {
      perCall[i]!.push(t);
      speed[i]!.push(round[0]! / t);
    });
  }
  return { perCall: perCall.map(summarize), vsFirst: speed.map(summarize) };
}
