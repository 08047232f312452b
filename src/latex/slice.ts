// The derivation a LaTeX answer is read as: the front matter's forward lines
// cut to what the claims are about (after a hidden tensor, up to a Jacobian's
// tensor), every input declared, one gradient per chain that binds.
import { InputError, SourceText, type Location } from '../notation/errors.js';
import { buildDerivation, type Derivation } from '../derivation/derivation.js';
import type { LoadedFile } from '../derivation/load.js';
import { checkRanges, type Found } from './claims.js';
import type { AnswerDocument } from './document.js';
import type { LatexFile } from './reader.js';

export const formatAt = (l: Location): string => `${l.file}:${l.line}:${l.col}`;

/** The derivation: the front matter, sliced to the forward lines the claims are about, with one gradient per chain. */
export function assemble(front: LoadedFile, full: Derivation, found: readonly Found[], notes: string[], doc: AnswerDocument): LatexFile {
  const forward = front.data.forward ?? [];
  const defined = full.forward.map((l) => (l.form === 'index' ? l.eq.tensor : l.tensor));
  // Forward lines after the hidden tensor a gradient is taken with respect to, up to a Jacobian's tensor.
  const sliceOf = (f: Found): [number, number] => [defined.indexOf(f.wrt) + 1, f.of === undefined ? forward.length : defined.indexOf(f.of) + 1];
  const kept = found.filter((f) => {
    const [a, b] = sliceOf(f);
    const [a0, b0] = sliceOf(found[0]!);
    if (a === a0 && b === b0 && b > a) return true;
    notes.push(`${formatAt(f.at)}: ${b <= a ? `${f.of} does not depend on ${f.wrt} through the forward lines` : `this gradient needs other forward lines than the first one read (${formatAt(found[0]!.at)}): put it in a file of its own`}`);
    return false;
  });
  if (kept.length === 0) {
    const first = notes.find((n) => !n.includes(': skipped: '));
    if (first !== undefined) throw noteError(first);
    throw new InputError('no chain of equalities starts with a gradient of the loss (e.g. \\frac{\\partial L}{\\partial W_{ij}} = ...)', doc.locate(0));
  }
  const [from, to] = sliceOf(kept[0]!);
  // A gradient that does not bind (a free index not on the left, an unknown tensor) is listed, and the others are still judged.
  const judged = kept.filter((f) => {
    try {
      const d = buildDerivation(sliced(front, full, [f], from, to));
      const g = d.gradients[0]!;
      [...g.steps, g.result].forEach((claim, k) => checkRanges(f.claims[k]!, claim?.form === 'index' ? claim.eq : undefined, d));
      return true;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      notes.push(err.format());
      return false;
    }
  });
  if (judged.length === 0) throw noteError(notes.at(-1)!);
  const loaded = sliced(front, full, judged, from, to);
  return { ...loaded, notes, gradientsRead: judged.map((f) => ({ wrt: f.wrt, at: f.at, claims: f.claims.map((c) => c.step) })) };
}

/** The front matter with forward lines from..to, their inputs declared, and one gradient per chain found. */
function sliced(front: LoadedFile, full: Derivation, found: readonly Found[], from: number, to: number): LoadedFile {
  const defined = full.forward.map((l) => (l.form === 'index' ? l.eq.tensor : l.tensor));
  const used = new Set<string>();
  full.forward.slice(from, to).forEach((l) => (l.form === 'index' ? collectTensors(l.eq.rhs, used) : undefined));
  const inputs = [...full.tensors.keys()].filter((t) => used.has(t) && !defined.slice(from, to).includes(t));
  const shapes: Record<string, (string | number)[]> = Object.fromEntries(inputs.map((t) => [t, [...full.tensors.get(t)!]]));
  for (const f of found) if (!(f.wrt in shapes)) shapes[f.wrt] = [...full.tensors.get(f.wrt)!];
  // Shapes declared for tensors the kept lines define (their dimensions may appear nowhere else).
  for (const t of defined.slice(from, to)) if (front.data.shapes?.[t] !== undefined) shapes[t] = front.data.shapes[t];
  const domains = Object.fromEntries(Object.entries(front.data.domains ?? {}).filter(([t]) => t in shapes));
  // The outputs the kept lines define; a Jacobian's tensor, which ends the lines, is their one output.
  const outputs = found.some((f) => f.of !== undefined) ? [] : (front.data.outputs ?? []).filter((t) => defined.slice(from, to).includes(t));
  const data = {
    ...front.data,
    shapes,
    domains: Object.keys(domains).length > 0 ? domains : undefined,
    forward: (front.data.forward ?? []).slice(from, to),
    outputs: outputs.length > 0 ? outputs : undefined,
    gradients: found.map((f) => ({ wrt: f.wrt, steps: f.claims.length > 1 ? f.claims.slice(0, -1).map((c) => c.text) : undefined, result: f.claims.at(-1)!.text })),
  };
  const located = (t: string, at: Location): SourceText => new SourceText(t, at, () => at);
  const text = (path: readonly (string | number)[]): SourceText => {
    if (path[0] === 'gradients' && typeof path[1] === 'number') {
      const f = found[path[1]]!;
      if (path[2] === 'wrt') return located(f.wrt, f.at);
      const c = path[2] === 'result' ? f.claims.at(-1)! : f.claims[path[3] as number]!;
      return located(c.text, c.step.at);
    }
    if (path[0] === 'forward' && typeof path[1] === 'number') return front.text(['forward', path[1] + from]);
    // A tensor declared here because the forward lines were cut points at the first forward line kept.
    if (path[0] === 'shapes' && typeof path[1] === 'string' && front.data.shapes?.[path[1]] === undefined) return front.text(['forward', from]);
    return front.text(path);
  };
  return { file: front.file, data: data as LoadedFile['data'], text };
}

function collectTensors(e: { kind: string }, out: Set<string>): void {
  const node = e as { kind: string; tensor?: string; [key: string]: unknown };
  if (node.kind === 'access') out.add(node.tensor!);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) value.forEach((v) => (v !== null && typeof v === 'object' && 'kind' in v ? collectTensors(v, out) : undefined));
    else if (value !== null && typeof value === 'object' && 'kind' in value) collectTensors(value as { kind: string }, out);
  }
}

function noteError(note: string): InputError {
  const m = /^(.*):(\d+):(\d+): ([\s\S]*)$/.exec(note)!;
  return new InputError(m[4]!, { file: m[1]!, line: Number(m[2]), col: Number(m[3]) });
}

