// KaTeX's stylesheet with its woff2 fonts inlined as data URLs, so that the
// page needs no file or host besides itself. The woff and ttf fallbacks are
// dropped: every browser that renders KaTeX reads woff2.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function katexCss(): string {
  if (cached !== undefined) return cached;
  const dist = dirname(createRequire(import.meta.url).resolve('katex/dist/katex.min.css'));
  const css = readFileSync(join(dist, 'katex.min.css'), 'utf8');
  cached = css.replace(/src:([^;}]*)/g, (_, sources: string) => {
    const woff2 = /url\(([^)]+\.woff2)\)/.exec(sources)?.[1];
    if (woff2 === undefined) throw new Error(`KaTeX stylesheet: a font without woff2: ${sources}`);
    const data = readFileSync(join(dist, woff2)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  return cached;
}
