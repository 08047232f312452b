// Making and reading a generated page in tests: its sections, classes and references.
import { buildReport, type BuiltReport, type ReportOptions } from '../../src/report/report.js';
import { checkTarget, type CheckTargetOptions } from '../../src/verify/verify.js';

/** The page for these targets, each checked by verify first as `deltagrad report` does. */
export async function reportOf(targets: readonly string[], options: ReportOptions & Pick<CheckTargetOptions, 'derivedSteps'>): Promise<BuiltReport> {
  const checked = [];
  for (const target of targets) checked.push(await checkTarget(target, { runs: options.runs, seed: options.seed, derivedSteps: options.derivedSteps }));
  return buildReport(checked, options);
}

/** Every element whose class list contains `name`. */
export const withClass = (page: string, name: string): string[] =>
  [...page.matchAll(/<[a-z][a-z0-9]*\b[^>]*\bclass="([^"]*)"[^>]*>/g)].filter((m) => m[1]!.split(/\s+/).includes(name)).map((m) => m[0]);

/** Every src/href attribute value and CSS url(...) target that is not a data: URL or a fragment (#id). */
export function externalReferences(page: string): string[] {
  const attributes = [...page.matchAll(/\s(?:src|href|xlink:href|action|srcset|poster)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)].map((m) => m[1]!.replace(/^["']|["']$/g, ''));
  const urls = [...page.matchAll(/url\(\s*("[^"]*"|'[^']*'|[^)]*)\s*\)/gi)].map((m) => m[1]!.replace(/^["']|["']$/g, ''));
  const imports = [...page.matchAll(/@import\s+([^;]+)/gi)].map((m) => m[1]!);
  return [...attributes, ...urls, ...imports].filter((v) => !v.startsWith('data:') && !v.startsWith('#'));
}

/** The page with namespace declarations removed (xmlns names a namespace, it is not fetched). */
export const withoutNamespaces = (page: string): string => page.replace(/\sxmlns(?::[a-z]+)?="[^"]*"/g, '');

/** The <section> of the derivation named `name` (its meta line shows <code>name</code>). */
export function sectionOf(page: string, name: string): string {
  const sections = page.split(/(?=<section )/).filter((s) => s.startsWith('<section class="derivation'));
  const found = sections.find((s) => s.includes(`<p class="meta"><code>${name}</code>`));
  if (found === undefined) throw new Error(`no section for ${name}`);
  return found.slice(0, found.indexOf('</section>') + '</section>'.length);
}
