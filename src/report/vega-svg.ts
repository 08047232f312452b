// A Vega-Lite specification drawn as SVG on the server, by Vega's headless
// view (the SVG renderer needs no canvas), ready to inline in the page.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { trusted, type Html } from './html.js';

export async function renderChart(spec: TopLevelSpec): Promise<Html> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // Inside HTML the SVG namespace is implied; dropping the declarations leaves no URL in the page.
    return trusted(svg.replace(/ xmlns(:xlink)?="[^"]*"/g, ''));
  } finally {
    view.finalize();
  }
}
