// Human-readable output of verify reports. Formatting only: no computation.
import { labelText } from '../verify/point.js';
import { EXIT } from './common.js';
import type { Counterexample, DerivationReport, GradientReport } from '../verify/verify.js';

const useColor = (stream: NodeJS.WriteStream): boolean => stream.isTTY === true && !('NO_COLOR' in process.env);

export interface Style {
  readonly ok: (s: string) => string;
  readonly bad: (s: string) => string;
  readonly dim: (s: string) => string;
}

export function styleFor(stream: NodeJS.WriteStream): Style {
  if (!useColor(stream)) return { ok: (s) => s, bad: (s) => s, dim: (s) => s };
  const wrap = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
  return { ok: wrap(32), bad: wrap(31), dim: wrap(2) };
}


const sci = (x: number): string => (Number.isFinite(x) ? x.toExponential(1) : String(x));

export function formatReport(r: DerivationReport, claimText: (r: DerivationReport, g: GradientReport) => string | undefined, s: Style): string {
  if (r.error !== null) return `${s.bad('✗')} ${r.name}  ${s.bad('malformed')}\n    ${r.error}\n`;
  const lines = [`${r.ok ? s.ok('✓') : s.bad('✗')} ${r.name}  ${s.dim(r.title ?? '')}`];
  for (const g of r.gradients) {
    const skipped = g.skipped.map(({ label, reason }) => s.dim(`        ${labelText(label)} skipped: ${reason}`));
    if (g.undefinedPoints > 0) skipped.push(s.dim(`        ${g.undefinedPoints} of ${g.undefinedPoints + g.cases} points skipped: forward undefined`));
    if (g.jumps !== undefined) skipped.push(s.dim(`        ${g.jumps} ${g.jumps === 1 ? 'entry' : 'entries'} at a jump of the forward not judged: no slope there`));
    if (g.ok) {
      const mode = g.mode === 'fast' ? ' (fast mode: random projections)' : '';
      lines.push(`    d${g.wrt}  ${s.ok('✓')} ${g.cases} case${g.cases === 1 ? '' : 's'}${mode}, max rel err ${sci(g.maxRelErr)}`, ...skipped);
      continue;
    }
    lines.push(`    d${g.wrt}  ${s.bad('✗')} ${labelText(g.failedStep!)} is wrong${g.mode === 'fast' ? ' (fast mode)' : ''}: ${g.reason}`);
    const text = claimText(r, g);
    if (text !== undefined) lines.push(`        ${text}`);
    if (g.counterexample !== null) lines.push(...formatCounterexample(g.counterexample, s).map((l) => `        ${l}`));
    lines.push(...skipped);
  }
  for (const e of r.expectations) {
    if (e.ok) {
      lines.push(`    ${e.text}  ${s.ok('✓')} ${e.cases} cases, max rel err ${sci(e.maxRelErr)}, quadrature error <= ${sci(e.errorBound)}`);
      continue;
    }
    const c = e.counterexample;
    lines.push(`    ${e.text}  ${s.bad('✗')}`);
    if (c !== null) {
      const params = Object.entries(c.parameters).map(([k, v]) => `${k}=${v}`).join(', ');
      lines.push(`        at ${params}: quadrature gives ${c.value} (error <= ${sci(c.error)}), the claim ${c.claimed}`);
    }
    lines.push(s.dim(`        replay with --seed ${e.seed}`));
  }
  for (const note of r.notes ?? []) lines.push(s.dim(`    not judged: ${note}`));
  return `${lines.join('\n')}\n`;
}

function formatCounterexample(c: Counterexample, s: Style): string[] {
  const sizes = Object.entries(c.sizes).map(([k, v]) => `${k}=${v}`).join(', ');
  const out = [s.dim(`counterexample${c.shrinks > 0 ? ` (shrunk ${c.shrinks} times)` : ''}: ${sizes}`)];
  for (const [name, value] of Object.entries(c.inputs)) out.push(`  ${name} = ${compact(value)}`);
  // Several outputs: each upstream gradient by name.
  const upstreams = typeof c.upstream === 'object' && !Array.isArray(c.upstream) ? Object.entries(c.upstream as object) : [['upstream', c.upstream]];
  for (const [name, value] of upstreams) out.push(`  ${name} = ${compact(value)}`);
  out.push(s.dim(`replay with --seed ${c.seed}`));
  return out;
}

/** Tensors of more entries than this print as their shape and first entries (--json has them all). */
const PRINTED_ENTRIES = 32;

function compact(value: unknown): string {
  const entries = [value].flat(Infinity) as number[];
  const round = (v: number): number => Number(v.toPrecision(4));
  if (entries.length <= PRINTED_ENTRIES) return JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' ? round(v) : v));
  const shape: number[] = [];
  for (let v: unknown = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const head = entries.slice(0, 8).map(round).join(', ');
  return `${shape.join('x')} tensor [${head}, ...] (${entries.length.toLocaleString('en-US')} entries; --json prints them all)`;
}

export function formatSummary(reports: readonly DerivationReport[], seconds: number, s: Style): string {
  const malformed = reports.filter((r) => r.error !== null).length;
  const wrong = reports.filter((r) => r.error === null && !r.ok).length;
  const verified = reports.length - malformed - wrong;
  const parts = [s.ok(`${verified} verified`)];
  if (wrong > 0) parts.push(s.bad(`${wrong} wrong`));
  if (malformed > 0) parts.push(s.bad(`${malformed} malformed`));
  return `${parts.join(', ')} (${reports.length} derivation${reports.length === 1 ? '' : 's'}, ${seconds.toFixed(2)} s)\n`;
}

/** The worst exit code over several derivations. */
export function exitCodeOf(reports: readonly DerivationReport[]): number {
  return Math.max(EXIT.ok, ...reports.map((r) => (r.error !== null ? EXIT.misuse : r.ok ? EXIT.ok : EXIT.wrong)));
}
