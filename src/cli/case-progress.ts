// A progress line on a terminal for a verify run that takes more than a
// second: cases started, the sizes of the current one, time elapsed. The
// checks run synchronously, so the line is redrawn from the property test's
// per-case callback (cli-progress redraws within update when enough time has
// passed), never by a timer.
import cliProgress from 'cli-progress';

const SHOW_AFTER_MS = 1000;

export interface CaseProgress {
  readonly onCase: (started: number, sizes: ReadonlyMap<string, number>) => void;
  readonly stop: () => void;
}

/** `total`: cases per gradient times gradients, as far as known before the run. */
export function caseProgress(stream: NodeJS.WriteStream, name: string, total: number): CaseProgress {
  const since = performance.now();
  let bar: cliProgress.SingleBar | undefined;
  let done = 0;
  return {
    onCase: (_, sizes) => {
      done++;
      const payload = { name, sizes: [...sizes].map(([dim, size]) => `${dim}=${size}`).join(','), elapsed: ((performance.now() - since) / 1000).toFixed(1) };
      if (bar === undefined) {
        if (performance.now() - since < SHOW_AFTER_MS) return;
        bar = new cliProgress.SingleBar(
          { format: '{name} {bar} case {value}/{total} | sizes {sizes} | {elapsed} s', stream, clearOnComplete: true, hideCursor: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, payload);
      }
      bar.update(done, payload);
    },
    stop: () => bar?.stop(),
  };
}
