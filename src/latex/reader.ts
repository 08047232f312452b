// A Markdown (or LaTeX) answer -> the derivation model the YAML loader
// produces (LoadedFile): the front matter gives shapes and forward lines, each
// chain of equalities whose first member is a gradient of the loss (or a
// Jacobian entry) gives a gradient whose steps are its further members, in
// index notation, each located at the member's line and column.
import { parseDocument } from 'yaml';
import type { AffineIndex, Expr } from '../notation/ast.js';
import { plainName } from '../notation/ast.js';
import { InputError, SourceText, type Location } from '../notation/errors.js';
import { nameToLatex } from '../notation/latex.js';
import { exprToString } from '../notation/print.js';
import type { BoundEquation } from '../notation/bind.js';
import { buildDerivation, type Derivation } from '../verify/derivation.js';
import { parseDerivationText, type LoadedFile } from '../verify/load.js';
import { chainsOf, type Chain, type Member } from './chains.js';
import { readMarkdown, readTex, type AnswerDocument, type MathBlock } from './document.js';
import { FormulaReader, type Names } from './expression.js';
import { headKey } from './functions.js';
import { listOf, nameKey, parseTex, startOf, TexSyntaxError } from './katex-tree.js';

/** One claim as read: the author's LaTeX, where it is, and the index-notation equation it was read as. */
export interface ReadStep {
  readonly latex: string;
  readonly at: Location;
  readonly expression: string;
}

export interface ReadGradient {
  readonly wrt: string;
  readonly at: Location;
  /** Every member after the first that is not a restatement: the steps, the last one the result. */
  readonly claims: readonly ReadStep[];
}

export interface LatexFile extends LoadedFile {
  readonly gradientsRead: readonly ReadGradient[];
  /** Formulas that could not be read (`file:line:col: message`) and chains not about a gradient (with the reason). */
  readonly notes: readonly string[];
}

export const isLatexFile = (file: string): boolean => /\.(md|markdown|tex)$/i.test(file);

export function readLatexText(text: string, file: string): LatexFile {
  const doc = /\.tex$/i.test(file) ? readTex(text, file) : readMarkdown(text, file);
  const front = loadFrontMatter(doc, file);
  // Domains may be given for hidden tensors, which become inputs where the forward lines are cut.
  const defined = new Set((front.data.forward ?? []).map((line) => /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(line)?.[1]));
  const inputDomains = Object.fromEntries(Object.entries(front.data.domains ?? {}).filter(([t]) => !defined.has(t)));
  const full = buildDerivation({ ...front, data: { ...front.data, domains: inputDomains } });
  const names = namesOf(front, full);
  const notes: string[] = [];
  const found: Found[] = [];
  for (const block of doc.blocks) {
    const locate = (k: number): Location => doc.locate(block.offset + k - block.shift);
    const parsed = chainsOf(block);
    if ('error' in parsed) {
      notes.push(new InputError(`cannot read this formula: ${parsed.error.message}`, locate(parsed.error.position ?? 0)).format());
      continue;
    }
    for (const chain of parsed.chains) {
      if (chain.length < 2) continue;
      try {
        const claim = readChain(chain, block, names, locate);
        if (typeof claim === 'string') {
          if (block.display) notes.push(`${formatAt(locate(chain[0]!.start))}: skipped: ${claim}`);
        } else found.push(claim);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        notes.push(err.format());
      }
    }
  }
  return assemble(front, full, found, notes, doc);
}

/** One LaTeX expression (no `=`) in index notation, e.g. what toLatex prints; errors located in `file` at line 1. */
export function readLatexExpression(latex: string, names: Names, file = '<latex>'): Expr {
  const locate = (k: number): Location => ({ file, line: 1, col: k + 1 });
  let nodes;
  try {
    nodes = parseTex(latex);
  } catch (err) {
    if (err instanceof TexSyntaxError) throw new InputError(err.message, locate(err.position ?? 0));
    throw err;
  }
  const reader = new FormulaReader(names, locate, latex);
  reader.avoid(nodes);
  return reader.asScalar(reader.read(nodes, 0), 0);
}

const formatAt = (l: Location): string => `${l.file}:${l.line}:${l.col}`;

/** The front matter as a derivation file without gradients; LaTeX forward lines (`$...$`) turned into index notation. */
function loadFrontMatter(doc: AnswerDocument, file: string): LoadedFile {
  let yaml = doc.frontMatter;
  const fields = frontMatterFields(yaml);
  const stem = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'answer';
  // name and title may be left out: the file's name stands for both.
  if (fields !== undefined && fields.name === undefined) yaml += `\nname: ${stem}`;
  if (fields !== undefined && fields.title === undefined) yaml += `\ntitle: ${JSON.stringify(String(fields.name ?? stem))}`;
  if (fields !== undefined && 'gradients' in fields) {
    const line = yaml.split('\n').findIndex((l) => l.startsWith('gradients'));
    throw new InputError('gradients come from the text of the answer, not from its front matter', { file, line: line + 1, col: 1 });
  }
  const loaded = parseDerivationText(yaml, file, 'derive');
  const forward = loaded.data.forward ?? [];
  if (!forward.some((line) => line.trim().startsWith('$'))) return loaded;
  const converted: string[] = [];
  const ranks = new Map(Object.entries(loaded.data.shapes ?? {}).map(([n, dims]) => [n, dims.length]));
  const texts = forward.map((line, k) => {
    const src = loaded.text(['forward', k]);
    const trimmed = line.trim();
    if (!trimmed.startsWith('$')) {
      converted.push(line);
      return src;
    }
    const equation = forwardLine(trimmed.replace(/^\$+|\$+$/g, ''), src, loaded, ranks);
    converted.push(equation.text);
    ranks.set(equation.tensor, equation.rank);
    return new SourceText(equation.text, src.start, () => src.start);
  });
  return {
    file,
    data: { ...loaded.data, forward: converted },
    text: (path) => (path[0] === 'forward' && typeof path[1] === 'number' ? texts[path[1]]! : loaded.text(path)),
  };
}

/** The front matter's fields when it is a map; anything else is left for the derivation file's loader to report. */
function frontMatterFields(yaml: string): Record<string, unknown> | undefined {
  try {
    const value = parseDocument(yaml).toJS() as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `Y_{sn} = \sum_m X_{sm} W_{nm} + b_n` as `Y[s,n] = sum(m, X[s,m] * W[n,m]) + b[n]`. */
function forwardLine(latex: string, src: SourceText, loaded: LoadedFile, ranks: Map<string, number>): { text: string; tensor: string; rank: number } {
  const offset = src.text.indexOf(latex);
  const locate = (k: number): Location => src.at(Math.max(0, offset) + k);
  const names: Names = {
    spellings: spellingTable(loaded, [...ranks.keys(), ...Object.keys(loaded.data.constants ?? {})]),
    ranks,
    constants: new Set(Object.keys(loaded.data.constants ?? {})),
    dimensions: new Set(),
    functions: functionSpellings(loaded),
    juxtaposition: loaded.data.juxtaposition ?? 'matrix',
    output: '',
    scalarOutput: false,
  };
  let nodes;
  try {
    nodes = parseTex(latex);
  } catch (err) {
    if (err instanceof TexSyntaxError) throw new InputError(`cannot read this forward line: ${err.message}`, locate(err.position ?? 0));
    throw err;
  }
  const eq = nodes.findIndex((n) => n.type === 'atom' && n.text === '=');
  if (eq < 0) throw new InputError('a forward line is an equation, e.g. $Y_{sn} = ...$', locate(0));
  const lhs = nodes.slice(0, eq);
  const head = lhs.length === 1 ? lhs[0]! : undefined;
  const base = head?.type === 'supsub' ? head.base! : head;
  const key = base === undefined ? undefined : nameKey(base);
  if (key === undefined) throw new InputError('the left side of a forward line is the name of the tensor it defines', locate(0));
  const tensor = loaded.data.symbols === undefined ? key : Object.entries(loaded.data.symbols).find(([, s]) => s === key)?.[0] ?? key;
  const reader = new FormulaReader(names, locate, latex);
  reader.avoid(nodes);
  const indices = head?.type === 'supsub' && head.sub ? reader.indexList((head.sub.type === 'ordgroup' ? head.sub.body : [head.sub]) as never, head) : [];
  const ix = indices.map((i) => plainName(i));
  if (ix.some((n) => n === undefined)) throw new InputError('the left side indexes the defined tensor with plain indices', locate(0));
  ranks.set(tensor, indices.length);
  const rhs = reader.asScalar(reader.read(nodes.slice(eq + 1), startOf(nodes[eq]!) ?? 0), 0);
  const left = ix.length === 0 ? tensor : `${tensor}[${ix.join(',')}]`;
  return { text: `${left} = ${exprToString(rhs)}`, tensor, rank: indices.length };
}

/** Spelling key -> name, for tensors, constants and dimensions: the front matter's symbols, else the default spelling. */
function spellingTable(front: LoadedFile, names: readonly string[]): Map<string, string> {
  const table = new Map<string, string>();
  // Spellings the front matter gives win over default ones (a tensor spelled M beside a dimension M).
  for (const name of names) {
    const key = front.data.symbols?.[name] === undefined ? undefined : spellingKey(front.data.symbols[name]!);
    if (key !== undefined) table.set(key, name);
  }
  for (const name of names) {
    const key = spellingKey(nameToLatex(name));
    if (key !== undefined && !table.has(key)) table.set(key, name);
  }
  return table;
}

/** The key a spelling such as `W^{(1)}` or `\tilde{x}` is looked up by (katex-tree.ts nameKey plus a layer label). */
function spellingKey(spelling: string): string | undefined {
  let nodes;
  try {
    nodes = parseTex(spelling);
  } catch {
    return undefined;
  }
  if (nodes.length !== 1) return undefined;
  const node = nodes[0]!;
  if (node.type !== 'supsub') return nameKey(node);
  const base = nameKey(node.base!);
  const sup = listOf(node.sup).map((n) => n.text ?? '').join('');
  return base === undefined ? undefined : `${base}^{${sup}}`;
}

/** `symbols` entries whose name is a function of the language: their spelling calls it (`sigmoid: 'f'`). */
function functionSpellings(front: LoadedFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, spelling] of Object.entries(front.data.symbols ?? {})) {
    let nodes;
    try {
      nodes = parseTex(spelling);
    } catch {
      continue;
    }
    const key = nodes.length === 1 ? headKey(nodes[0]!) : undefined;
    if (key !== undefined && isFunction(name)) out.set(key, name);
  }
  return out;
}

import { isFunctionName as isFunction } from '../notation/functions.js';

function namesOf(front: LoadedFile, d: Derivation): Names {
  const tensors = [...d.tensors.keys()].filter((t) => t !== d.upstream);
  return {
    spellings: spellingTable(front, [...tensors, ...d.constants.keys(), ...d.dimensions.keys()]),
    ranks: new Map(tensors.map((t) => [t, d.tensors.get(t)!.length])),
    constants: new Set(d.constants.keys()),
    dimensions: new Set(d.dimensions.keys()),
    functions: functionSpellings(front),
    juxtaposition: front.data.juxtaposition ?? 'matrix',
    output: d.output,
    scalarOutput: (d.tensors.get(d.output)?.length ?? 0) === 0,
  };
}

interface Found {
  readonly wrt: string;
  /** Set for a Jacobian block: the tensor differentiated, which the forward lines must end at. */
  readonly of: string | undefined;
  readonly at: Location;
  readonly claims: readonly Claimed[];
}

interface Claimed {
  readonly step: ReadStep;
  readonly text: string;
  /** What each bounded sum says its index runs over, checked once the claim is bound. */
  readonly bounds: readonly RangeClaim[];
}

/** `\sum_{k=1}^{n}`: k runs over dimension N; `\sum_{n=0}^{15}`: over a dimension fixed at 16. */
interface RangeClaim {
  readonly index: string;
  readonly dim: string | undefined;
  readonly size: number | undefined;
  readonly at: Location;
}

/** A chain as a gradient claim, or the reason it is not one. */
function readChain(chain: Chain, block: MathBlock, names: Names, locate: (k: number) => Location): Found | string {
  const reader = new FormulaReader(names, locate, block.latex);
  chain.forEach((member) => reader.avoid(member.nodes));
  const first = chain[0]!;
  const gradient = reader.gradientMember(first.nodes);
  const jacobian = gradient === undefined ? reader.jacobianMember(first.nodes) : undefined;
  if (gradient === undefined && jacobian === undefined) return 'its first member is not a gradient of the loss or a Jacobian entry';
  const wrt = gradient?.tensor ?? jacobian!.wrt.tensor;
  const rank = names.ranks.get(wrt) ?? 0;
  const lhsIndices = gradient !== undefined ? gradient.indices : jacobian!.wrt.indices;
  const lhs = lhsIndices ?? (rank === 0 ? [] : Array.from({ length: rank }, () => reader.freshIndex()));
  const lhsNames = lhs.map((ix) => plainName(ix));
  if (lhsNames.some((n) => n === undefined) || new Set(lhsNames).size !== lhsNames.length) {
    throw reader.fail('the gradient on the left is indexed by distinct plain indices, e.g. W_{ij}', first.start);
  }
  if (lhs.length !== rank) throw reader.fail(`${wrt} has rank ${rank} but is written with ${lhs.length} ind${lhs.length === 1 ? 'ex' : 'ices'}`, first.start);
  const head = lhs.length === 0 ? `d${wrt}` : `d${wrt}[${lhsNames.join(',')}]`;
  const claims: Claimed[] = [];
  for (const member of chain.slice(1)) {
    const boundsBefore = reader.bounds.length;
    const restated = reader.gradientMember(member.nodes);
    if (restated !== undefined && restated.tensor === wrt && jacobian === undefined) continue;
    const jac = jacobian !== undefined ? reader.jacobianMember(member.nodes) : undefined;
    if (jac !== undefined && jac.of.tensor === jacobian!.of.tensor && jac.wrt.tensor === wrt) continue;
    const value = reader.read(member.nodes, member.start);
    let expr: Expr;
    if (lhsIndices === undefined && rank > 0) {
      if (value.rows === 'one' && value.cols === 'one') throw reader.fail(`this member is a single number, but ${wrt}'s gradient is a ${rank === 1 ? 'vector' : 'matrix'}: index both sides or neither`, member.start);
      const [r, c] = rank === 1 && value.rows !== 'many' ? [ONE_INDEX, lhs[0]!] : [lhs[0]!, lhs[1] ?? ONE_INDEX];
      expr = value.at(r, c);
    } else {
      expr = reader.asScalar(value, member.start);
    }
    if (jacobian !== undefined) {
      const ofIx = jacobian.of.indices;
      const up: Expr = ofIx.length === 0 ? { kind: 'sym', name: `d${jacobian.of.tensor}` } : { kind: 'access', tensor: `d${jacobian.of.tensor}`, indices: ofIx };
      const summed = ofIx.map((ix) => plainName(ix));
      if (summed.some((n) => n === undefined)) throw reader.fail('the entry differentiated is indexed by plain indices, e.g. Y_{ij}', first.start);
      const product: Expr = { kind: 'binary', op: '*', left: up, right: expr };
      expr = summed.length === 0 ? product : { kind: 'sum', indices: summed as string[], body: product };
    }
    const text = `${head} = ${exprToString(expr)}`;
    const bounds = reader.bounds.slice(boundsBefore).map((b) => rangeClaim(b, names, locate));
    claims.push({ step: { latex: block.latex.slice(member.start, member.end).replace(/[\s.,;]+$/, ''), at: locate(member.start), expression: text }, text, bounds });
  }
  if (claims.length === 0) return 'it only restates the gradient';
  return { wrt, of: jacobian?.of.tensor, at: locate(first.start), claims };
}

const ONE_INDEX: AffineIndex = { terms: [{ name: '_', coef: 1 }], offset: 0 };

/** `\\sum_{k=1}^{n}`: the upper bound names a dimension (n for N) or is a number (then the dimension must be fixed at that size). */
function rangeClaim(bound: { index: string; upper: string; lower: number; start: number }, names: Names, locate: (k: number) => Location): RangeClaim {
  const at = locate(bound.start);
  if (/^[0-9]+$/.test(bound.upper)) return { index: bound.index, dim: undefined, size: Number(bound.upper) + 1 - bound.lower, at };
  const dims = [...names.dimensions];
  const dim = dims.find((d) => d === bound.upper) ?? dims.find((d) => d.toLowerCase() === bound.upper.toLowerCase());
  if (dim === undefined) throw new InputError(`the sum's upper bound ${bound.upper} is not a dimension (${dims.join(', ')})`, at);
  if (bound.lower !== 1) throw new InputError(`a sum up to the dimension ${dim} starts at 1`, at);
  return { index: bound.index, dim, size: undefined, at };
}

/** Each bounded sum's index runs over what its bounds say, in the bound claim. */
function checkRanges(claim: Claimed, eq: BoundEquation | undefined, d: Derivation): void {
  for (const range of claim.bounds) {
    for (const slot of eq?.slots.filter((s) => s.name === range.index && s.dim !== undefined) ?? []) {
      const sizes = d.dimensions.get(slot.dim!) ?? (/^[0-9]+$/.test(slot.dim!) ? [Number(slot.dim), Number(slot.dim)] : undefined);
      if (range.dim !== undefined && slot.dim !== range.dim) {
        throw new InputError(`the sum's bound says ${range.index} runs over ${range.dim}, but ${range.index} indexes a dimension ${slot.dim}`, range.at);
      }
      if (range.size !== undefined && !(sizes !== undefined && sizes[0] === range.size && sizes[1] === range.size)) {
        throw new InputError(`the sum's bounds give ${range.index} ${range.size} values, but its dimension ${slot.dim} is not fixed at ${range.size} (set sizes: {${slot.dim}: ${range.size}} in the front matter)`, range.at);
      }
    }
  }
}

/** The derivation: the front matter, sliced to the forward lines the claims are about, with one gradient per chain. */
function assemble(front: LoadedFile, full: Derivation, found: readonly Found[], notes: string[], doc: AnswerDocument): LatexFile {
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
  const data = {
    ...front.data,
    shapes,
    domains: Object.keys(domains).length > 0 ? domains : undefined,
    forward: (front.data.forward ?? []).slice(from, to),
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

export type { Member };
