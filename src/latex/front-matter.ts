// The front matter of a LaTeX answer: a derivation file without gradients,
// whose forward lines may be LaTeX, and the names a formula may use with
// their LaTeX spellings.
import { parseDocument } from 'yaml';
import { plainName } from '../notation/ast.js';
import { InputError, SourceText, type Location } from '../notation/errors.js';
import { isFunctionName } from '../notation/functions.js';
import { nameToLatex } from '../notation/latex.js';
import { exprToString } from '../notation/print.js';
import { scalarLoss, type Derivation } from '../derivation/derivation.js';
import { parseDerivationText, type LoadedFile } from '../derivation/load.js';
import type { AnswerDocument } from './document.js';
import { FormulaReader, type Names } from './expression.js';
import { headKey } from './functions.js';
import { listOf, nameKey, parseTex, startOf, TexSyntaxError } from './katex-tree.js';

/** The front matter as a derivation file without gradients; LaTeX forward lines (`$...$`) turned into index notation. */
export function loadFrontMatter(doc: AnswerDocument, file: string): LoadedFile {
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
    outputs: [],
    loss: undefined,
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
    if (key !== undefined && isFunctionName(name)) out.set(key, name);
  }
  return out;
}

export function namesOf(front: LoadedFile, d: Derivation): Names {
  const upstreams = new Set(d.outputs.map((o) => o.upstream));
  const tensors = [...d.tensors.keys()].filter((t) => !upstreams.has(t));
  return {
    spellings: spellingTable(front, [...tensors, ...d.constants.keys(), ...d.dimensions.keys()]),
    ranks: new Map(tensors.map((t) => [t, d.tensors.get(t)!.length])),
    constants: new Set(d.constants.keys()),
    dimensions: new Set(d.dimensions.keys()),
    functions: functionSpellings(front),
    juxtaposition: front.data.juxtaposition ?? 'matrix',
    outputs: d.outputs.map((o) => o.tensor),
    loss: scalarLoss(d),
  };
}
