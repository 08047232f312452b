// Aligned plain-text tables and the number formats the benchmark prints.

export interface Column {
  readonly header: string;
  /** Numbers read best right-aligned (the default); names left-aligned. */
  readonly align?: 'left' | 'right';
}

/** A titled table: header, a rule, the rows, then optional notes, columns two spaces apart. */
export function table(title: string, columns: readonly Column[], rows: readonly (readonly string[])[], notes: readonly string[] = []): string {
  const widths = columns.map((c, k) => Math.max(c.header.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    columns
      .map((c, k) => {
        const cell = cells[k] ?? '';
        return c.align === 'left' ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!);
      })
      .join('  ')
      .trimEnd();
  const out = [title, '', line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows) out.push(line(r));
  if (notes.length > 0) out.push('', ...notes);
  return `${out.join('\n')}\n`;
}

/** Seconds as s, ms, µs or ns with three significant digits. */
export function seconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  const abs = Math.abs(s);
  if (abs >= 1) return `${s.toPrecision(3)} s`;
  if (abs >= 1e-3) return `${(s * 1e3).toPrecision(3)} ms`;
  if (abs >= 1e-6) return `${(s * 1e6).toPrecision(3)} µs`;
  return `${(s * 1e9).toPrecision(3)} ns`;
}

/** A count with thousands separators: 2,000,001. */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A rate with an SI prefix: 1.23 G/s. */
export function rate(perSecond: number): string {
  const prefixes: [number, string][] = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [scale, p] of prefixes) if (perSecond >= scale) return `${(perSecond / scale).toPrecision(3)} ${p}/s`;
  return `${perSecond.toPrecision(3)} /s`;
}

/** A ratio: 23.4x. */
export const ratio = (r: number): string => `${r >= 100 ? count(r) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}x`;

/** A relative error: 3.1e-10. */
export const relErr = (e: number): string => (e === 0 ? '0' : e.toExponential(1));
