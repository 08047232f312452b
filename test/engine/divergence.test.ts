// A loss that becomes NaN or infinite: training stops with exit 4 and keeps
// its last good checkpoint, the log says so in records the report reads, and
// a resumed run never repeats what was logged after its checkpoint.
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepChart } from '../../src/report/training-charts.js';
import { trainingSection } from '../../src/report/training-html.js';
import { readTrainingRuns } from '../../src/report/training-runs.js';
import { runMain } from '../helpers/cli.js';
import { tempDir, writeMnistIdx } from './synthetic.js';

const data = writeMnistIdx(tempDir(), { train: 64, test: 24, side: 8 });
const args = (runs: string, ...more: string[]): string[] => ['train', 'mlp', '--data', data, '--hidden', '4', '--batch', '16', '--backend', 'cpu', '--eval-every', '1', '--runs-dir', runs, '--json', ...more];
const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
const lines = (file: string): Record<string, unknown>[] => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('a diverging run', () => {
  it('stops with exit 4, keeps the checkpoint of its last evaluation, and the report shows it diverged', async () => {
    const runs = tempDir();
    const r = await runMain(args(runs, '--epochs', '2', '--lr', '1e30'));
    expect(r.code, r.stderr).toBe(4);
    const out = lastJson(r.stdout);
    expect(out).toMatchObject({ status: 'diverged', step: 1, loss: 'NaN' });
    const checkpoint = JSON.parse(readFileSync(out.checkpoint as string, 'utf8')) as { position: { step: number } };
    expect(checkpoint.position.step).toBe(1);
    expect(lines(out.logFile as string).map((x) => [x.type, x.step, x.type === 'diverged' ? x.loss : undefined])).toEqual([
      ['start', undefined, undefined],
      ['eval', 1, undefined],
      ['diverged', 1, 'NaN'],
    ]);
    const results = await readTrainingRuns(runs);
    expect(results.skipped).toEqual([]);
    expect(results.runs[0]!.diverged).toEqual({ type: 'diverged', step: 1, loss: NaN });
    expect((await trainingSection(results, runs)).value).toContain('<td colspan="6" class="diverged">diverged at step 1: loss NaN</td>');
    // In a sweep, the diverged value is named, not plotted at the accuracy it had before it diverged.
    const run = results.runs[0]!;
    const member = (value: number, diverged: boolean) => ({ ...run, start: { ...run.start, sweep: { name: 'lr', parameter: 'lr', value } }, diverged: diverged ? run.diverged : undefined });
    const chart = sweepChart([member(0.1, false), member(1e30, true)], 'lr') as unknown as { title: string; data: { values: { value: number }[] } };
    expect(chart.title).toBe('Final accuracy against lr (diverged: lr = 1e+30)');
    expect(chart.data.values.map((v) => v.value)).toEqual([0.1, 0.1]);
  });

  it('trains on with --continue-on-divergence, and the report reads the NaN losses it logged', async () => {
    const runs = tempDir();
    const r = await runMain(args(runs, '--epochs', '1', '--lr', '1e30', '--continue-on-divergence'));
    expect(r.code, r.stderr).toBe(0);
    const results = await readTrainingRuns(runs);
    expect(results.skipped).toEqual([]);
    const losses = results.runs[0]!.evals.map((e) => e.loss);
    expect(losses).toHaveLength(4);
    expect(losses.slice(1).every(Number.isNaN)).toBe(true);
    expect(results.runs[0]!.diverged).toBeUndefined();
  });

  it('resumed from its checkpoint, drops what was logged after it (the diverged record, a half-written line)', async () => {
    const runs = tempDir();
    const first = lastJson((await runMain(args(runs, '--epochs', '2', '--lr', '1e30'))).stdout);
    const file = first.checkpoint as string;
    // Its weights after a step at lr 1e30 are finite but huge: restart them at zero, at a sane rate.
    const checkpoint = JSON.parse(readFileSync(file, 'utf8')) as { config: { lr: number }; variables: Record<string, { data: string }> };
    checkpoint.config.lr = 0.1;
    for (const v of Object.values(checkpoint.variables)) v.data = Buffer.alloc(Buffer.from(v.data, 'base64').length).toString('base64');
    writeFileSync(file, JSON.stringify(checkpoint));
    // As a run killed (SIGKILL) in mid-write leaves its log.
    appendFileSync(first.logFile as string, '{"type":"eval","st');
    const r = await runMain(['train', '--resume', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const log = lines(first.logFile as string);
    expect(log.map((x) => x.type)).toEqual(['start', ...Array<string>(8).fill('eval'), 'end']);
    expect(log.filter((x) => x.type === 'eval').map((x) => x.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(readdirSync(runs).filter((f) => f.endsWith('.tmp') || f.endsWith('.ckpt.json'))).toEqual([]);
  });
});
