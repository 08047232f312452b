// LaTeX to HTML with KaTeX, on the server. Each formula is rendered with
// throwOnError, because an unknown macro otherwise renders red without the
// katex-error class; a formula that fails shows as a marked error in place.
import katex from 'katex';
import { html, type Html, trusted } from './html.js';

/** Typeset formulas by source: a derived step often repeats the claimed one, and KaTeX is most of the page's time. */
const rendered = new Map<string, Html>();
/** A few pages' worth; a long-lived process that renders many pages starts afresh past it. */
const CACHE_LIMIT = 5000;

export function renderTex(tex: string, display = false): Html {
  const key = `${display ? 'display' : 'inline'} ${tex}`;
  let out = rendered.get(key);
  if (out === undefined) {
    if (rendered.size >= CACHE_LIMIT) rendered.clear();
    rendered.set(key, (out = typeset(tex, display)));
  }
  return out;
}

/**
 * Past this many characters a display formula is likely wider than its
 * column. A line can break only between top-level terms (the page's style lets
 * display formulas wrap), and \left( ... \right) makes one unbreakable group:
 * a long formula's parentheses get a fixed size instead, so that its lines can
 * break inside them.
 */
const LONG_FORMULA = 160;

const breakable = (tex: string): string =>
  tex.length <= LONG_FORMULA ? tex : tex.replaceAll('\\left(', '\\bigl(').replaceAll('\\right)', '\\bigr)');

function typeset(tex: string, display: boolean): Html {
  let refused: string | undefined;
  try {
    const out = katex.renderToString(display ? breakable(tex) : tex, {
      displayMode: display,
      throwOnError: true,
      // Trusts nothing, as `trust: false` does, but notes what it refused: KaTeX
      // would otherwise draw a refused \href or \url in red, silently.
      trust: (context) => {
        refused ??= context.command;
        return false;
      },
      strict: 'ignore',
    });
    if (refused !== undefined) throw new Error(`${refused} is not allowed in a report`);
    return trusted(out);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return html`<code class="katex-error" title="${message}">${tex}</code>`;
  }
}
