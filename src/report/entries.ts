// What the page shows for each target: verify's checked target (the
// derivation for its formulas, the verdicts, derive's steps) and the file
// as the page names it. Nothing here computes a verdict.
import type { CheckedTarget } from '../verify/verify.js';
import { displayPath } from './format.js';

export interface ReportEntry extends CheckedTarget {
  /** The file as the page names it. */
  readonly shownFile: string;
}

/** The entry for a checked target; `show` names its file on the page (a path relative to the working folder by default). */
export const reportEntry = (checked: CheckedTarget, show: (file: string) => string = displayPath): ReportEntry => ({ ...checked, shownFile: show(checked.report.file) });

/** The title to show, or the name where the file has none that could be read. */
export const titleOf = (e: ReportEntry): string => e.report.title ?? e.report.name;
