// What the page shows for each target: the checked derivation (for its
// formulas) beside the verifier's verdicts. Verification is the verify
// module's; this only loads, calls it and keeps both.
import { asInputError, type InputError } from '../notation/errors.js';
import { resolveTarget } from '../derivation/builtins.js';
import { buildDerivation, type Derivation, type GradientSpec } from '../derivation/derivation.js';
import { loadDerivationFile, type LoadedFile } from '../derivation/load.js';
import { nameOf, verifyDerivation, withNotes, type DerivationReport, type VerifyOptions } from '../verify/verify.js';
import { displayPath } from './format.js';

/** One step of a symbolic derivation: the rule applied and the whole equation it gives (`dW[i,j] = ...`). */
export interface DerivedStep {
  readonly rule: string;
  readonly expr: string;
}

/** The symbolic engine's steps for one gradient, or undefined where it derives none. */
export type DeriveSteps = (d: Derivation, g: GradientSpec) => readonly DerivedStep[] | undefined;

export interface ReportEntry {
  /** The name or file as the user gave it (what replays it). */
  readonly target: string;
  /** The file as the page names it. */
  readonly shownFile: string;
  /** Both set unless the file could not be read or checked. */
  readonly loaded: LoadedFile | undefined;
  readonly derivation: Derivation | undefined;
  readonly report: DerivationReport;
  /** Why the file could not be read or checked, with its line and column. */
  readonly inputError: InputError | undefined;
  /** Derived steps per gradient (by wrt), when a derive function was given. */
  readonly derived: ReadonlyMap<string, readonly DerivedStep[]>;
}

export async function collectEntry(target: string, options: VerifyOptions, derive?: DeriveSteps): Promise<ReportEntry> {
  return entryFrom(target, () => loadDerivationFile(resolveTarget(target)), displayPath, options, derive);
}

/** The entry for a derivation that `load` reads (a file, or text typed in the browser); `show` names its file on the page. */
export async function entryFrom(
  target: string,
  load: () => LoadedFile | Promise<LoadedFile>,
  show: (file: string) => string,
  options: VerifyOptions,
  derive?: DeriveSteps,
): Promise<ReportEntry> {
  let loaded: LoadedFile | undefined;
  let derivation: Derivation | undefined;
  try {
    loaded = await load();
    const d = (derivation = buildDerivation(loaded));
    const report = withNotes(verifyDerivation(d, options), loaded);
    const derived = new Map(d.gradients.flatMap((g) => {
      const steps = derive?.(d, g);
      return steps === undefined ? [] : [[g.wrt, steps] as const];
    }));
    return { target, shownFile: show(loaded.file), loaded, derivation: d, report, inputError: undefined, derived };
  } catch (caught) {
    const err = asInputError(caught, loaded?.file ?? target);
    if (err === undefined) throw caught;
    const report = { name: loaded?.data.name ?? nameOf(target), file: loaded?.file ?? target, title: loaded?.data.title ?? null, ok: false, error: err.format(), gradients: [], expectations: [] };
    return { target, shownFile: show(report.file), loaded, derivation, report, inputError: err, derived: new Map() };
  }
}

/** The title to show, or the name where the file has none that could be read. */
export const titleOf = (e: ReportEntry): string => e.report.title ?? e.report.name;
