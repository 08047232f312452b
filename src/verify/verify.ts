// `verify` for one derivation file: load, check, then judge each gradient by
// the property test. Returns the entry of verify's JSON document for that
// file, or (checkTarget) every stage's result for the report and the page.
import { asInputError, type InputError } from '../notation/errors.js';
import { dimSize } from '../notation/shapes.js';
import { sizeOf, toNested } from '../numeric/tensor.js';
import { agreement, derive, isDerived, type DeriveStep } from '../calculus/derive.js';
import { buildDerivation, type Derivation, type GradientSpec } from '../derivation/derivation.js';
import { checkExpectation, type ExpectationOutcome } from './expectation.js';
import { resolveTarget } from '../derivation/builtins.js';
import { loadDerivationFile, type LoadedFile } from '../derivation/load.js';
import { claimsOf, Instances, skipReason, type CheckMode, type ClaimLabel, type ClaimOutcome } from './point.js';
import { checkOptions } from './options.js';
import { checkProperty, type PropertyOptions } from './property.js';
import { UsageError } from '../usage-error.js';

export interface VerifyOptions extends PropertyOptions {
  /** Overrides the file's tolerance. */
  readonly rtol?: number;
  readonly atol?: number;
}

export const DEFAULT_RUNS = 100;

export interface Counterexample {
  readonly sizes: Record<string, number>;
  readonly inputs: Record<string, unknown>;
  /** The upstream gradient: 1 for a lone scalar output, the output's shape otherwise; with several outputs, an object with each upstream gradient by name (`{dvar: .., dmean: ..}`). */
  readonly upstream: unknown;
  /** The entry of the gradient where the failing claim differs most. */
  readonly index: readonly number[] | null;
  readonly claimed: number | null;
  readonly actual: number | null;
  /** Replays the property run: `deltagrad verify NAME --seed SEED`. */
  readonly seed: number;
  readonly shrinks: number;
}

export interface GradientReport {
  readonly wrt: string;
  readonly ok: boolean;
  readonly failedStep: ClaimLabel | null;
  readonly reason: string | null;
  /** The wrong claim's text and its `file:line:col`. */
  readonly failedClaim: { readonly text: string; readonly at: string } | null;
  readonly maxRelErr: number;
  readonly cases: number;
  /** Points drawn where the forward was undefined or had a pole within the step, skipped and replaced by others. */
  readonly undefinedPoints: number;
  /** Entries at jumps of the forward (full mode, over all cases), not judged: present only when there were any. */
  readonly jumps?: number;
  readonly seed: number;
  /** full: every entry against finite differences; fast: the projection on a random direction. */
  readonly mode: CheckMode;
  /** Claims not evaluated in this mode, with the reason. */
  readonly skipped: readonly { readonly label: ClaimLabel; readonly reason: string }[];
  readonly counterexample: Counterexample | null;
  /** Does `derive` reach the claimed result's canonical form? Numbers decide; this explains. */
  readonly symbolic: 'equal' | 'numeric-only' | 'not-derived';
  /** Why not derived, when symbolic is 'not-derived'. */
  readonly symbolicReason: string | null;
  /** Each claim at the counterexample (when one fails) or its worst error over all cases. */
  readonly claims: readonly ClaimOutcome[];
}

export interface DerivationReport {
  readonly name: string;
  readonly file: string;
  readonly title: string | null;
  readonly ok: boolean;
  /** Set when the file is malformed (exit 2): `file:line:col: message`. */
  readonly error: string | null;
  readonly gradients: readonly GradientReport[];
  readonly expectations: readonly ExpectationOutcome[];
  /** A LaTeX answer's formulas that were not read or not judged, one line each with file:line:col. */
  readonly notes?: readonly string[];
}

/** The report with the formulas a LaTeX answer left unread or unjudged, where the file is one. */
export const withNotes = (report: DerivationReport, loaded: LoadedFile): DerivationReport =>
  'notes' in loaded ? { ...report, notes: loaded.notes as readonly string[] } : report;

/** One target as verify sees it: the file as read, the derivation built from it, the verdicts and, when asked for, derive's steps. */
export interface CheckedTarget {
  /** The name or file as the user gave it (what replays it). */
  readonly target: string;
  /** Both set unless the file could not be read or checked. */
  readonly loaded: LoadedFile | undefined;
  readonly derivation: Derivation | undefined;
  readonly report: DerivationReport;
  /** Why the file could not be read or checked, with its line and column. */
  readonly inputError: InputError | undefined;
  /** derive's steps per gradient (by wrt), for the gradients it derives. */
  readonly derived: ReadonlyMap<string, readonly DeriveStep[]>;
}

export interface CheckTargetOptions extends VerifyOptions {
  /** Derive each gradient symbolically too, keeping the steps (the report shows them beside the claimed ones). */
  readonly derivedSteps?: boolean;
  /** Reads the derivation: by default the built-in or file that `target` names (the browser page passes its editor's text). */
  readonly load?: () => LoadedFile | Promise<LoadedFile>;
}

/** Verifies a built-in name or a file; malformed input becomes a report with `error` set (exit 2). */
export async function verifyTarget(target: string, options: VerifyOptions): Promise<DerivationReport> {
  return (await checkTarget(target, options)).report;
}

/** Loads, builds and verifies one target, keeping each stage's result for whoever shows them. */
export async function checkTarget(target: string, options: CheckTargetOptions): Promise<CheckedTarget> {
  const { derivedSteps = false, load = () => loadDerivationFile(resolveTarget(target)), ...verifyOptions } = options;
  let loaded: LoadedFile | undefined;
  let derivation: Derivation | undefined;
  try {
    loaded = await load();
    const d = (derivation = buildDerivation(loaded));
    const report = withNotes(verifyDerivation(d, verifyOptions), loaded);
    return { target, loaded, derivation, report, inputError: undefined, derived: derivedSteps ? stepsOf(d) : new Map() };
  } catch (caught) {
    const [name, file] = loaded === undefined ? [nameOf(target), target] : [loaded.data.name, loaded.file];
    const err = asInputError(caught, file);
    if (err === undefined) throw caught;
    const report = { name, file, title: loaded?.data.title ?? null, ok: false, error: err.format(), gradients: [], expectations: [] };
    return { target, loaded, derivation, report, inputError: err, derived: new Map() };
  }
}

/** derive's steps for each gradient it derives. */
function stepsOf(d: Derivation): Map<string, readonly DeriveStep[]> {
  return new Map(d.gradients.flatMap((g) => {
    const [derived] = derive(d, [g.wrt]).gradients;
    return derived !== undefined && isDerived(derived) ? [[g.wrt, derived.steps] as const] : [];
  }));
}

/** Throws InputError when a claim or the forward definition is undefined on the declared domains, UsageError for options that would check nothing. */
export function verifyDerivation(d: Derivation, options: VerifyOptions): DerivationReport {
  checkOptions(options);
  const tolerance = { rtol: options.rtol ?? d.tolerance.rtol, atol: options.atol ?? d.tolerance.atol };
  const derivation = { ...d, tolerance };
  const instances = new Instances(derivation);
  const gradients = d.gradients.map((g): GradientReport => {
    if (claimsOf(g).length === 0) throw new UsageError(`${d.name}: d${g.wrt} has no claim to check (steps, result or matrix)`);
    const run = checkProperty(derivation, g, options, instances);
    const skipped = claimsOf(g).flatMap(({ label, claim }) => {
      const reason = skipReason(claim, run.mode);
      return reason === undefined ? [] : [{ label, reason }];
    });
    if (skipped.length === claimsOf(g).length) throw new UsageError(`${d.name}: every claim of d${g.wrt} is skipped in ${run.mode} mode (${skipped[0]!.reason}), so nothing would be checked: use --mode full`);
    const base = {
      wrt: g.wrt,
      cases: run.cases,
      undefinedPoints: run.undefinedPoints,
      ...(run.jumps > 0 ? { jumps: run.jumps } : {}),
      seed: run.seed,
      mode: run.mode,
      skipped,
      ...symbolicAgreement(d, g),
    };
    if (run.counterexample === undefined) {
      return { ...base, ok: true, failedStep: null, reason: null, failedClaim: null, maxRelErr: run.maxRelErr, counterexample: null, claims: [] };
    }
    const { point, verdict } = run.counterexample;
    const failed = verdict.failed!;
    const { src } = claimsOf(g).find((c) => c.label === failed.label)!.claim;
    return {
      ...base,
      ok: false,
      failedStep: failed.label,
      reason: failed.reason ?? null,
      failedClaim: { text: src.text, at: `${src.start.file}:${src.start.line}:${src.start.col}` },
      maxRelErr: failed.maxRelErr,
      claims: verdict.outcomes,
      counterexample: {
        sizes: Object.fromEntries(point.sizes),
        inputs: Object.fromEntries([...point.inputs].map(([name, data]) => [name, toNested({ shape: shapeOf(d, name, point.sizes), data })])),
        upstream: upstreamValue(d, point.upstream, point.sizes),
        index: failed.index ?? null,
        claimed: failed.claimed ?? null,
        actual: failed.actual ?? null,
        seed: run.seed,
        shrinks: run.shrinks,
      },
    };
  });
  const expectations = d.expectations.map((e) => checkExpectation(e, tolerance, options));
  const ok = gradients.every((g) => g.ok) && expectations.every((e) => e.ok);
  return { name: d.name, file: d.file, title: d.title, ok, error: null, gradients, expectations };
}

function symbolicAgreement(d: Derivation, g: GradientSpec): Pick<GradientReport, 'symbolic' | 'symbolicReason'> {
  const claim = g.result;
  if (claim === undefined || claim.form !== 'index') return { symbolic: 'not-derived', symbolicReason: 'no result in index notation to compare' };
  if (claim.eq.conflict !== undefined) return { symbolic: 'not-derived', symbolicReason: claim.eq.conflict.message };
  const a = agreement(d, g.wrt, claim);
  return { symbolic: a.symbolic, symbolicReason: a.symbolic === 'not-derived' ? a.reason : null };
}

/** Each drawn upstream gradient's name and value in a counterexample (none for a lone scalar output, whose upstream gradient is 1). */
export function drawnUpstreams(d: Derivation, c: Counterexample): { readonly output: string; readonly upstream: string; readonly value: unknown }[] {
  const drawn = d.outputs.filter((o) => o.drawn);
  const byName = d.outputs.length > 1 ? (c.upstream as Record<string, unknown>) : undefined;
  return drawn.map((o) => ({ output: o.tensor, upstream: o.upstream, value: byName === undefined ? c.upstream : byName[o.upstream] }));
}

/** The drawn upstream gradients, one after another, as Counterexample.upstream shows them. */
function upstreamValue(d: Derivation, flat: Float64Array, sizes: ReadonlyMap<string, number>): unknown {
  let from = 0;
  const drawn = d.outputs.filter((o) => o.drawn).map((o) => {
    const shape = shapeOf(d, o.upstream, sizes);
    return [o.upstream, toNested({ shape, data: flat.subarray(from, (from += sizeOf(shape))) })] as const;
  });
  if (d.outputs.length > 1) return Object.fromEntries(drawn);
  return drawn[0]?.[1] ?? 1;
}

function shapeOf(d: Derivation, name: string, sizes: ReadonlyMap<string, number>): number[] {
  return d.tensors.get(name)!.map((dim) => dimSize(dim, sizes));
}

/** The name a file is known by when it cannot be read: its base name without the extension. */
export const nameOf = (file: string): string => file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/, '');
