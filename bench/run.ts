// npm run bench [-- cli evaluator fd report derive engine gradcheck gpu page scale latex]: prints figures and ratios against
// baselines measured in the same run. Nothing here asserts on time.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchCli } from './cli-times.js';
import { benchDerive } from './derive.js';
import { benchEngine } from './engine.js';
import { benchEvaluator } from './evaluator.js';
import { benchFiniteDiff } from './fd-cost.js';
import { seconds } from './format.js';
import { benchGpu } from './gpu.js';
import { benchGradcheck } from './gradcheck.js';
import { benchPage } from './page.js';
import { benchLatex } from './latex.js';
import { benchReport } from './report.js';
import { benchScale } from './scale.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const SECTIONS: readonly { readonly name: string; readonly run: () => string | Promise<string> }[] = [
  { name: 'cli', run: () => benchCli(ROOT, log) },
  { name: 'evaluator', run: benchEvaluator },
  { name: 'fd', run: () => benchFiniteDiff(log) },
  { name: 'report', run: () => benchReport(ROOT, log) },
  { name: 'derive', run: benchDerive },
  { name: 'engine', run: () => benchEngine(log) },
  { name: 'gradcheck', run: () => benchGradcheck(ROOT, log) },
  { name: 'gpu', run: () => benchGpu(log) },
  { name: 'page', run: () => benchPage(ROOT, log) },
  { name: 'scale', run: () => benchScale(ROOT, log) },
  { name: 'latex', run: () => benchLatex(ROOT) },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
if (unknown.length > 0) {
  log(`unknown section(s): ${unknown.join(', ')}; sections are ${SECTIONS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

const cpus = os.cpus();
process.stdout.write(
  `deltagrad benchmark — node ${process.version}, ${cpus[0]?.model.trim() ?? 'unknown CPU'} x ${cpus.length}, ${os.platform()} ${os.arch()}, ${new Date().toISOString()}\n\n`,
);
const started = performance.now();
for (const s of SECTIONS) {
  if (wanted.length > 0 && !wanted.includes(s.name)) continue;
  log(`running ${s.name} ...`);
  const t0 = performance.now();
  const text = await s.run();
  process.stdout.write(`${text}(section took ${seconds((performance.now() - t0) / 1e3)})\n\n`);
}
process.stdout.write(`total ${seconds((performance.now() - started) / 1e3)}\n`);
