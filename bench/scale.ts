// Section: verify at the sizes layers train at, fast mode, beside PyTorch's
// fast-mode gradcheck (float64) where python3 can import torch, in the same
// run; deltagrad's peak memory (max RSS) per check; and `verify --all` at the
// default random sizes, beside a reference build when DELTAGRAD_REFERENCE
// names its dist/cli.js (e.g. main's), a module exporting main.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt } from './cli-times.js';
import { ratio, seconds, table } from './format.js';

interface Check {
  readonly name: string;
  readonly sizes: string;
  /** The derivation file, when it is not a built-in. */
  readonly file?: string;
}

const CHECKS: readonly Check[] = [
  { name: 'linear-backward', sizes: 'S=256,M=784,N=128' },
  { name: 'conv2d-same-backward', sizes: 'B=64,H=28,W=28,C=1,O=16' },
  { name: 'softmax-backward', sizes: 'S=1000,C=1000' },
  { name: 'batchnorm-backward', sizes: 'S=4096,M=1024' },
  { name: 'mlp-backward', sizes: 'S=256,M=784,H=128,N=10', file: path.join(import.meta.dirname, 'mlp-backward.yaml') },
];

/** Runs the CLI's main in a child that reports its own peak memory; wall time measured here. */
function runCli(cli: string, args: readonly string[]): { seconds: number; cpu: number; maxRssMb: number; code: number | null } {
  const script = `const m = await import(${JSON.stringify(cli)}); await m.main(['node', 'deltagrad', ...JSON.parse(process.argv[1])]); const u = process.resourceUsage(); process.stderr.write('maxrss ' + u.maxRSS + ' cpu ' + (u.userCPUTime + u.systemCPUTime) + '\\n');`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const time = (performance.now() - t0) / 1e3;
  const [, rss, cpu] = /maxrss (\d+) cpu (\d+)/.exec(r.stderr) ?? [];
  return { seconds: time, cpu: Number(cpu ?? NaN) / 1e6, maxRssMb: Number(rss ?? NaN) / 1024, code: r.status };
}

function torchTimes(names: readonly string[], log: (line: string) => void): Map<string, { wall: number; cpu: number }> | string {
  log('  PyTorch gradcheck (fast mode) ...');
  // Debian's python3-torch installs for the system interpreter, which another python3 on PATH may hide.
  const python = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const r = spawnSync(python, [path.join(import.meta.dirname, 'scale_torch.py'), ...names], { encoding: 'utf8' });
  if (r.status !== 0) return /No module named 'torch'/.test(r.stderr) ? 'PyTorch is not installed (Debian: apt-get install python3-torch)' : `PyTorch failed: ${r.stderr.trim().split('\n').at(-1)}`;
  return new Map(
    r.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' '))
      .map(([name, wall, cpu]) => [name!, { wall: Number(wall), cpu: Number(cpu) }]),
  );
}

export function benchScale(root: string, log: (line: string) => void): string {
  ensureBuilt(root, log);
  const cli = path.join(root, 'dist', 'cli.js');
  const starts = [0, 1, 2].map(() => runCli(cli, ['list', '--json']));
  const startup = Math.min(...starts.map((r) => r.seconds));
  const startupCpu = Math.min(...starts.map((r) => r.cpu));
  const torch = torchTimes(CHECKS.map((c) => c.name), log);
  const rows = CHECKS.map((c) => {
    log(`  verify ${c.name} --sizes ${c.sizes} --mode fast ...`);
    const r = runCli(cli, ['verify', c.file ?? c.name, '--sizes', c.sizes, '--mode', 'fast', '--seed', '1', '--force']);
    const work = r.seconds - startup;
    const workCpu = r.cpu - startupCpu;
    const theirs = typeof torch === 'string' ? undefined : torch.get(c.name);
    return [
      `${c.name} ${c.sizes}`,
      r.code === 0 ? 'verified' : `exit ${r.code}`,
      seconds(r.seconds),
      seconds(work),
      seconds(workCpu),
      `${r.maxRssMb.toFixed(0)} MB`,
      theirs === undefined ? '-' : `${seconds(theirs.wall)} (${seconds(theirs.cpu)} CPU)`,
      theirs === undefined ? '-' : ratio(work / theirs.wall),
      theirs === undefined ? '-' : ratio(workCpu / theirs.cpu),
    ];
  });
  const all = [['this build', cli] as const, ...(process.env.DELTAGRAD_REFERENCE ? [['reference', path.resolve(process.env.DELTAGRAD_REFERENCE)] as const] : [])].map(([label, script]) => {
    log(`  verify --all --seed 1 (${label}) ...`);
    const r = runCli(script, ['verify', '--all', '--seed', '1']);
    return [label, seconds(r.seconds), seconds(r.cpu), `${r.maxRssMb.toFixed(0)} MB`, r.code === 0 ? 'verified' : `exit ${r.code}`];
  });
  return (
    table(
      'verify at training sizes, fast mode (deltagrad: wall time of the CLI, and minus Node start-up and module loading; PyTorch: gradcheck after import torch)',
      [{ header: 'check', align: 'left' }, { header: 'verdict', align: 'left' }, { header: 'wall' }, { header: 'work' }, { header: 'work, CPU' }, { header: 'peak memory' }, { header: 'PyTorch' }, { header: 'work / PyTorch' }, { header: 'CPU / PyTorch' }],
      rows,
      [
        `start-up (deltagrad list --json, best of 3): ${seconds(startup)} wall, ${seconds(startupCpu)} CPU; work = the run minus start-up`,
        'CPU: user + system time of the process, what the run costs on a machine shared with other work (wall time then counts the waiting)', ...(typeof torch === 'string' ? [torch] : [])],
    ) +
    '\n' +
    table('verify --all at the default random sizes', [{ header: 'build', align: 'left' }, { header: 'wall' }, { header: 'CPU' }, { header: 'peak memory' }, { header: 'verdict', align: 'left' }], all)
  );
}
