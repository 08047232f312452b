import type { ModelKind } from '../engine/choices.js';
import { configFor } from '../engine/config.js';
import { runSweep, type SweepRun } from '../engine/sweep.js';
import { SWEEP_PARAMETERS, SWEEP_VALUES, type SweepParameter, type SweepValue } from '../engine/sweep-values.js';
import { fromCli } from './train-command.js';
import { consoleObserver } from './train-format.js';
import type { SweepCliOptions } from './commands/sweep.js';
import { EXIT, misuse } from './common.js';
import { ignoredOption } from './training-conflicts.js';
import { runGuarded } from './training-errors.js';

export async function runSweepCommand(parameter: string, opts: SweepCliOptions): Promise<number> {
  if (!(SWEEP_PARAMETERS as readonly string[]).includes(parameter)) return misuse('sweep', `parameter must be one of ${SWEEP_PARAMETERS.join(', ')}, not ${parameter}`);
  const ignored = ignoredOption(opts.model as ModelKind, opts);
  if (ignored !== undefined) return misuse('sweep', ignored);
  const swept = parameter as SweepParameter;
  const values = opts.values === undefined ? SWEEP_VALUES[swept] : parseValues(swept, opts.values);
  if (typeof values === 'string') return misuse('sweep', values);
  const base = configFor(opts.model as 'mlp' | 'cnn', fromCli(opts));
  const json = opts.json === true;
  let observer: ReturnType<typeof consoleObserver> | undefined;
  return runGuarded(async (signal) => {
    const sweep = await runSweep(base, swept, values, {
      runsDir: opts.runsDir,
      signal,
      lrGiven: opts.lr !== undefined,
      observe: (value, index, count) => {
        observer?.stop();
        if (!json) process.stdout.write(`\n== ${parameter} = ${value} (run ${index + 1} of ${count})\n`);
        return (observer = consoleObserver({ quiet: json, label: `${parameter} ${value} ` }));
      },
    });
    observer?.stop();
    process.stdout.write(json ? `${JSON.stringify(sweepJson(sweep.name, swept, base.model, sweep.runs))}\n` : formatTable(swept, sweep.runs));
    const last = sweep.runs.at(-1)?.outcome.status;
    return last === 'interrupted' ? EXIT.interrupted : last === 'gradcheck-failed' ? EXIT.wrong : EXIT.ok;
  }, () => observer?.stop());
}

function parseValues(parameter: SweepParameter, text: string): SweepValue[] | string {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const allowed = SWEEP_VALUES[parameter];
  if (typeof allowed[0] === 'string') {
    const bad = items.find((v) => !allowed.includes(v));
    return bad === undefined ? items : `--values: ${bad} is not one of ${allowed.join(', ')}`;
  }
  const numbers = items.map(Number);
  const integer = parameter === 'batch';
  const bad = items.find((_, k) => !(numbers[k]! > 0) || (integer && !Number.isInteger(numbers[k])));
  return bad === undefined && items.length > 0 ? numbers : `--values: ${bad ?? 'nothing'} is not a positive ${integer ? 'integer' : 'number'}`;
}

function sweepJson(name: string, parameter: SweepParameter, model: string, runs: readonly SweepRun[]): Record<string, unknown> {
  return {
    sweep: name,
    parameter,
    model,
    runs: runs.map(({ value, outcome }) => ({ value, status: outcome.status, ...(outcome.status === 'completed' ? outcome.summary : { logFile: outcome.logFile }) })),
  };
}

function formatTable(parameter: SweepParameter, runs: readonly SweepRun[]): string {
  const lines = [`\n${parameter.padEnd(14)}  test acc  train acc  loss      samples/s`];
  for (const { value, outcome } of runs) {
    if (outcome.status !== 'completed') {
      lines.push(`${String(value).padEnd(14)}  ${outcome.status}`);
      continue;
    }
    const s = outcome.summary;
    const pct = (x: number): string => `${(100 * x).toFixed(2)}%`.padStart(8);
    lines.push(`${String(value).padEnd(14)}  ${pct(s.testAccuracy)}  ${pct(s.trainAccuracy).padStart(9)}  ${(Number.isFinite(s.loss) ? s.loss.toFixed(4) : String(s.loss)).padEnd(8)}  ${Math.round(s.samplesPerSecond)}`);
  }
  return `${lines.join('\n')}\n`;
}
