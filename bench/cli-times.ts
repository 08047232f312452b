// Section 1: wall time of the CLI, spawned as a user would run it, against a
// bare `node -e 0` measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, seconds, ratio, table } from './format.js';
import { summarize, type Summary } from './timing.js';

interface CliCase {
  readonly label: string;
  readonly args: readonly string[];
  readonly runs: number;
  /** Seconds; undefined for the baseline. */
  readonly target?: number;
  readonly later?: boolean;
  /** One uncounted run first, to warm the file cache (not needed once the commands before it ran). */
  readonly warmup: boolean;
}

/** The built-ins from before the language grew its functions, masks, reductions and index tensors: their time must not grow with it. */
const FIRST_ROUND = [
  'batchnorm-backward', 'bilinear-gradient', 'broadcast-backward', 'conv2d-backward', 'conv2d-same-backward', 'cross-entropy-backward',
  'division-backward', 'dot-gradient', 'dropout-backward', 'elementwise-backward', 'gram-backward', 'linear-backward', 'matmul-backward',
  'maxpool-backward', 'norm-gradient', 'normalize-backward', 'quadratic-form-gradient', 'relu-backward', 'relu-second-moment',
  'sigmoid-backward', 'softmax-backward', 'softmax-cross-entropy-backward', 'trace-gradient', 'trace-product-gradient',
];
/** Every later built-in, timed apart. */
const LANGUAGE_BUILTINS = readdirSync(join(fileURLToPath(new URL('..', import.meta.url)), 'derivations'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .filter((n) => !FIRST_ROUND.includes(n));

const CASES: readonly CliCase[] = [
  { label: 'node -e 0 (bare start-up, baseline)', args: ['-e', '0'], runs: 5, warmup: true },
  { label: 'deltagrad --help', args: ['bin/deltagrad.js', '--help'], runs: 5, target: 0.3, warmup: true },
  { label: 'deltagrad verify linear-backward', args: ['bin/deltagrad.js', 'verify', 'linear-backward'], runs: 5, target: 2, warmup: true },
  { label: 'deltagrad verify --all', args: ['bin/deltagrad.js', 'verify', '--all'], runs: 3, target: 30, later: true, warmup: false },
  { label: 'deltagrad verify (the first round\'s built-ins)', args: ['bin/deltagrad.js', 'verify', ...FIRST_ROUND], runs: 3, later: true, warmup: false },
  { label: 'deltagrad verify (the language built-ins)', args: ['bin/deltagrad.js', 'verify', ...LANGUAGE_BUILTINS], runs: 3, later: true, warmup: false },
];

/** Builds dist/cli.js when it is missing; warns when src/ is newer than it. */
export function ensureBuilt(root: string, log: (line: string) => void): void {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    log('dist/cli.js is missing: running npm run build ...');
    const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
    return;
  }
  const built = statSync(cli).mtimeMs;
  const newer = listFiles(join(root, 'src')).filter((f) => statSync(f).mtimeMs > built);
  if (newer.length > 0) log(`warning: ${newer.length} file(s) in src/ are newer than dist/cli.js; the times are those of the last build (npm run build)`);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listFiles(join(dir, d.name)) : [join(dir, d.name)]));
}

interface Timed {
  readonly times: Summary;
  /** Over the rounds this command ran in: its time / the bare start-up's in the same round. */
  readonly vsBare: Summary;
  /** The distinct exit codes seen. */
  readonly exits: readonly string[];
  /** One line per run that did not exit 0: its last line of output. */
  readonly failures: readonly string[];
}

const lastLine = (text: string | null): string => (text ?? '').trim().split('\n').at(-1)?.trim() ?? '';

function spawnOnce(root: string, c: CliCase): { t: number; status: number | null; detail: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, c.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const t = (performance.now() - t0) / 1e3;
  return { t, status: r.status, detail: lastLine(r.stderr) || lastLine(r.stdout) };
}

/**
 * Runs the commands in rounds (each command once per round, while it has runs
 * left), so that load on a shared machine lands on all of them alike; the first
 * case is the baseline that the others are divided by, round by round.
 */
function timeCommands(root: string, cases: readonly CliCase[]): Timed[] {
  for (const c of cases) if (c.warmup) spawnOnce(root, c);
  const acc = cases.map(() => ({ times: [] as number[], vsBare: [] as number[], exits: new Set<string>(), failures: [] as string[] }));
  const rounds = Math.max(...cases.map((c) => c.runs));
  for (let round = 0; round < rounds; round++) {
    let bare = NaN;
    cases.forEach((c, i) => {
      if (round >= c.runs) return;
      const r = spawnOnce(root, c);
      if (i === 0) bare = r.t;
      const a = acc[i]!;
      a.times.push(r.t);
      a.vsBare.push(r.t / bare);
      a.exits.add(String(r.status));
      if (r.status !== 0) a.failures.push(`exit ${r.status}: ${r.detail}`);
    });
  }
  return acc.map((a) => ({ times: summarize(a.times), vsBare: summarize(a.vsBare), exits: [...a.exits], failures: a.failures }));
}

export function benchCli(root: string, log: (line: string) => void): string {
  ensureBuilt(root, log);
  const timed = timeCommands(root, CASES);
  const results = CASES.map((c, i) => ({ c, r: timed[i]! }));
  const rows = results.map(({ c, r }) => {
    const m = r.times.median;
    const verdict =
      c.target === undefined ? '' : `${m < c.target ? 'met' : 'NOT met'} (${Math.round((100 * m) / c.target)}% of target)`;
    return [
      c.label,
      seconds(m),
      `${seconds(r.times.min)} – ${seconds(r.times.max)}`,
      count(r.times.n),
      c.target === undefined ? '—' : `< ${c.target} s${c.later ? ' (later)' : ''}`,
      verdict,
      ratio(r.vsBare.median),
      r.exits.join(','),
    ];
  });
  const notes = [
    `Median wall time of spawned processes (node ${process.version}), run in rounds of one of each; the first three after one`,
    'uncounted warm-up run each. "x bare": median over the rounds of the time over the bare `node -e 0` start-up of the same',
    'round. verify draws a fresh seed per run.',
    'exit: the exit codes seen (0 all verified, 1 some derivation wrong, 2 malformed input); the times stand either way.',
    `the language built-ins (${LANGUAGE_BUILTINS.length}): ${LANGUAGE_BUILTINS.join(', ')}`,
    ...[...new Set(results.flatMap(({ c, r }) => r.failures.map((f) => `  ${c.label}: ${f}`)))],
  ];
  return table(
    '1. CLI wall time',
    [
      { header: 'command', align: 'left' },
      { header: 'median' },
      { header: 'min – max' },
      { header: 'runs' },
      { header: 'target', align: 'left' },
      { header: 'status', align: 'left' },
      { header: 'x bare' },
      { header: 'exit', align: 'left' },
    ],
    rows,
    notes,
  );
}
