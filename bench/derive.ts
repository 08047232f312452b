// Section 4: the symbolic engine. The time `derive` takes on every built-in
// derivation with forward lines (all its gradients, warm: the median of
// several calibrated samples after a warm-up), against a target of 50 ms each,
// and the number of terms of each gradient right after differentiating and in
// the result (DerivedGradient.terms).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { derive, isDerived } from '../src/calculus/derive.js';
import { builtinNames, builtinsDir } from '../src/derivation/builtins.js';
import { buildDerivation } from '../src/derivation/derivation.js';
import { parseDerivationText } from '../src/derivation/load.js';
import { count, seconds, table } from './format.js';
import { repeat } from './timing.js';

const TARGET_SECONDS = 0.05;

export function benchDerive(): string {
  const rows: string[][] = [];
  let over = 0;
  for (const name of builtinNames()) {
    const file = join(builtinsDir(), `${name}.yaml`);
    const d = buildDerivation(parseDerivationText(readFileSync(file, 'utf8'), file));
    if (d.forward.length === 0) continue;
    const result = derive(d);
    const time = repeat(() => derive(d), { samples: 7, minSampleSeconds: 0.05, warmupSeconds: 0.1 });
    const cpu = cpuPerCall(() => derive(d), time.callsPerSample * 3);
    if (time.median > TARGET_SECONDS) over++;
    const terms = result.gradients.map((g) => (isDerived(g) ? `d${g.wrt} ${count(g.terms.before)} -> ${count(g.terms.after)}` : `d${g.wrt} not derived`));
    rows.push([name, seconds(time.median), `${seconds(time.min)} .. ${seconds(time.max)}`, seconds(cpu), time.median <= TARGET_SECONDS ? 'yes' : 'NO', terms.join(', ')]);
  }
  return table(
    'derive: every built-in with forward lines, all its gradients, warm',
    [{ header: 'derivation', align: 'left' }, { header: 'median' }, { header: 'min .. max' }, { header: 'cpu' }, { header: '< 50 ms' }, { header: 'terms before -> after simplifying', align: 'left' }],
    rows,
    [
      `${rows.length - over} of ${rows.length} under the ${seconds(TARGET_SECONDS)} target (wall time, median of 7 samples, each at least 50 ms of repeated calls).`,
      'cpu: process CPU time per call over further calls; on a shared, loaded machine it shows the work itself where wall time also shows the wait.',
    ],
  );
}

/** Process CPU time (user + system) per call, in seconds, over `calls` calls. */
function cpuPerCall(fn: () => void, calls: number): number {
  const start = process.cpuUsage();
  for (let k = 0; k < calls; k++) fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6 / calls;
}
