// A derivation file turned into checked, bound equations: every name known,
// every rank right, every index range inferred. Everything wrong with the file
// itself is an InputError here; a claim over wrong ranges is kept, marked with
// its conflict, and judged wrong later.
import type { Equation, IndexEquation, MatrixEquation } from '../notation/ast.js';
import { bindEquation, type BoundEquation, type Scope } from '../notation/bind.js';
import { SourceText } from '../notation/errors.js';
import { parseEquation } from '../notation/parse.js';
import { parseDim, type Dim } from '../notation/shapes.js';
import { domainShapeError, parseDomain, type Domain } from '../numeric/domains.js';
import { DEFAULT_TOLERANCE, type Tolerance } from '../numeric/compare.js';
import { isMatrixFunction } from '../numeric/matrix.js';
import { buildExpectations, type ExpectationSpec } from './expectation.js';
import type { LoadedFile } from './load.js';

/** Each line and claim keeps the tree parsed from its text (`parsed`), so nothing downstream parses it again. */
export type ForwardLine =
  | { readonly form: 'index'; readonly eq: BoundEquation; readonly parsed: IndexEquation; readonly src: SourceText }
  | { readonly form: 'matrix'; readonly tensor: string; readonly expression: string; readonly parsed: MatrixEquation; readonly src: SourceText };

export type Claim =
  | { readonly form: 'index'; readonly eq: BoundEquation; readonly parsed: IndexEquation; readonly src: SourceText }
  | { readonly form: 'matrix'; readonly expression: string; readonly parsed: MatrixEquation; readonly src: SourceText };

export interface GradientSpec {
  readonly wrt: string;
  /** `d` + wrt: the name the claims define. */
  readonly gradName: string;
  readonly steps: readonly Claim[];
  readonly result: Claim | undefined;
  readonly matrix: Claim | undefined;
}

/** A tensor the forward returns. */
export interface Output {
  readonly tensor: string;
  /** `d` + tensor: its upstream gradient. */
  readonly upstream: string;
  /** Whether the upstream gradient is drawn at random: always but for a lone scalar output, whose upstream gradient is 1. */
  readonly drawn: boolean;
}

export interface Derivation {
  readonly file: string;
  readonly name: string;
  readonly title: string;
  readonly source: string | undefined;
  /** Dimension symbols with the size range the property test draws from. */
  readonly dimensions: ReadonlyMap<string, readonly [number, number]>;
  /** Every tensor with its dimensions: inputs, defined tensors, the upstream gradient. */
  readonly tensors: ReadonlyMap<string, readonly Dim[]>;
  readonly inputs: ReadonlyMap<string, Domain>;
  readonly constants: ReadonlyMap<string, number>;
  readonly forward: readonly ForwardLine[];
  /** The tensors the forward returns (`outputs:`, or the last forward line); the inputs' gradients sum the paths through each. */
  readonly outputs: readonly Output[];
  readonly gradients: readonly GradientSpec[];
  readonly expectations: readonly ExpectationSpec[];
  readonly tolerance: Tolerance;
}

const DEFAULT_SIZES: readonly [number, number] = [1, 4];
const BUILTIN_CONSTANTS: ReadonlyMap<string, number> = new Map([['pi', Math.PI], ['inf', Infinity]]);

export function buildDerivation(loaded: LoadedFile): Derivation {
  const { data, text, file } = loaded;

  const dimensions = new Map<string, readonly [number, number]>();
  const declared = new Map<string, Dim[]>();
  for (const [tensor, dims] of Object.entries(data.shapes ?? {})) {
    declared.set(
      tensor,
      dims.map((d, k) => {
        const { dim, symbols } = parseDim(d, text(['shapes', tensor, k]));
        symbols.forEach((s) => dimensions.set(s, DEFAULT_SIZES));
        return dim;
      }),
    );
  }
  for (const [symbol, range] of Object.entries(data.sizes ?? {})) {
    if (!dimensions.has(symbol)) throw text(['sizes', symbol]).error(`sizes: ${symbol} is not a dimension used in shapes`);
    const [low, high] = typeof range === 'number' ? [range, range] : range;
    if (low > high) throw text(['sizes', symbol, 0]).error(`sizes: ${symbol} has an empty range [${low}, ${high}]`);
    dimensions.set(symbol, [low, high]);
  }

  const constants = new Map(BUILTIN_CONSTANTS);
  for (const [name, value] of Object.entries(data.constants ?? {})) constants.set(name, value);

  const parsedForward = (data.forward ?? []).map((_, k) => {
    const src = text(['forward', k]);
    return { eq: parseEquation(src), src };
  });
  const defined = new Set(parsedForward.map(({ eq }) => eq.form === 'index' ? eq.lhs.tensor : eq.lhs));
  const inputNames = [...declared.keys()].filter((t) => !defined.has(t));

  const inputs = new Map<string, Domain>();
  for (const name of inputNames) inputs.set(name, { kind: 'normal' });
  for (const [name, spec] of Object.entries(data.domains ?? {})) {
    const src = text(['domains', name]);
    if (!inputs.has(name)) throw src.error(`domains: ${name} is not an input tensor (declare it in shapes)`);
    const domain = parseDomain(spec);
    if (typeof domain === 'string') throw src.error(`domains: ${domain}`);
    const shapeError = domainShapeError(domain, declared.get(name)!);
    if (shapeError !== undefined) throw src.error(`domains: ${shapeError}`);
    if (domain.kind === 'index' && !dimensions.has(domain.dim)) throw src.error(`domains: index(${domain.dim}) names no dimension used in shapes`);
    inputs.set(name, domain);
  }
  const indexTensors = indexTensorsOf(inputs);

  const tensors = new Map<string, readonly Dim[]>(inputNames.map((n) => [n, declared.get(n)!]));
  const scope = (): Scope => ({ tensors, dimensions: new Set(dimensions.keys()), constants, inputs: new Set(inputNames), indexTensors });
  const forward: ForwardLine[] = parsedForward.map(({ eq, src }) => {
    const tensor = eq.form === 'index' ? eq.lhs.tensor : eq.lhs;
    if (tensors.has(tensor)) throw src.error(`${tensor} is defined twice (as an input or by an earlier line)`, tensor);
    if (eq.form === 'matrix') {
      checkMatrixNames(eq, scope(), src);
      tensors.set(tensor, declared.get(tensor) ?? []);
      return { form: 'matrix', tensor, expression: eq.rhs, parsed: eq, src };
    }
    const bound = bindEquation(eq, scope(), declared.get(tensor), src);
    if (bound.conflict !== undefined) throw src.error(bound.conflict.message, bound.conflict.index);
    tensors.set(tensor, declared.get(tensor) ?? bound.slots.slice(0, bound.rank).map((s) => s.dim!));
    return { form: 'index', eq: bound, parsed: eq, src };
  });

  const outputs = buildOutputs(loaded, forward, tensors);
  for (const { tensor, upstream } of outputs) tensors.set(upstream, tensors.get(tensor)!);

  const gradients = (data.gradients ?? []).map((g, k): GradientSpec => {
    const wrtSrc = text(['gradients', k, 'wrt']);
    if (indexTensors.has(g.wrt)) throw wrtSrc.error(`${g.wrt} holds indices (index(${indexTensors.get(g.wrt)})): it is not differentiated`);
    if (!inputs.has(g.wrt)) {
      throw wrtSrc.error(
        tensors.has(g.wrt) ? `${g.wrt} is defined by a forward line; gradients are taken with respect to inputs` : `unknown tensor ${g.wrt} in wrt`,
      );
    }
    const gradName = `d${g.wrt}`;
    if (tensors.has(gradName)) throw wrtSrc.error(`the gradient ${gradName} clashes with the tensor ${gradName}`);
    const claim = (path: (string | number)[], form: 'index' | 'matrix'): Claim =>
      buildClaim(text(['gradients', k, ...path]), form, gradName, tensors.get(g.wrt)!, scope());
    return {
      wrt: g.wrt,
      gradName,
      steps: (g.steps ?? []).map((_, s) => claim(['steps', s], 'index')),
      result: g.result === undefined ? undefined : claim(['result'], 'index'),
      matrix: g.matrix === undefined ? undefined : claim(['matrix'], 'matrix'),
    };
  });

  return {
    file,
    name: data.name,
    title: data.title,
    source: data.source,
    dimensions,
    tensors,
    inputs,
    constants,
    forward,
    outputs,
    gradients,
    expectations: buildExpectations(loaded, constants),
    tolerance: { ...DEFAULT_TOLERANCE, ...data.tolerance },
  };
}

/** The output that is itself the loss, when the derivation has one output and it is a scalar (its upstream gradient is 1). */
export const scalarLoss = (d: Derivation): string | undefined => (d.outputs.length === 1 && !d.outputs[0]!.drawn ? d.outputs[0]!.tensor : undefined);

/** The outputs the file names, or else its last forward line; each must be defined by a forward line and leave its upstream name free. */
function buildOutputs({ data, text }: LoadedFile, forward: readonly ForwardLine[], tensors: ReadonlyMap<string, readonly Dim[]>): Output[] {
  const defined = forward.map((line) => (line.form === 'index' ? line.eq.tensor : line.tensor));
  if (defined.length === 0) return [];
  const named = data.outputs ?? [defined.at(-1)!];
  return named.map((tensor, k): Output => {
    const src = data.outputs === undefined ? text(['forward', defined.length - 1]) : text(['outputs', k]);
    if (!defined.includes(tensor)) throw src.error(tensors.has(tensor) ? `outputs: ${tensor} is an input; an output is defined by a forward line` : `outputs: unknown tensor ${tensor}`);
    if (named.indexOf(tensor) !== k) throw src.error(`outputs: ${tensor} is named twice`);
    const upstream = `d${tensor}`;
    if (tensors.has(upstream)) throw src.error(`${upstream} names the upstream gradient of ${tensor}; rename the tensor ${upstream}`);
    return { tensor, upstream, drawn: named.length > 1 || tensors.get(tensor)!.length > 0 };
  });
}

/**
 * A gradient whose claims are given as text (derive's output), checked against
 * the derivation like a file's claims; an error means the text is malformed.
 */
/** The file name of claims that derive wrote, not the user. */
export const DERIVED = '<derived>';

export function gradientFromText(d: Derivation, wrt: string, claims: { steps: readonly string[]; result?: string; matrix?: string }): GradientSpec {
  const scope: Scope = { tensors: d.tensors, dimensions: new Set(d.dimensions.keys()), constants: d.constants, inputs: new Set(d.inputs.keys()), indexTensors: indexTensorsOf(d.inputs) };
  const gradName = `d${wrt}`;
  const claim = (text: string, form: 'index' | 'matrix'): Claim => buildClaim(SourceText.detached(text, DERIVED), form, gradName, d.tensors.get(wrt)!, scope);
  return {
    wrt,
    gradName,
    steps: claims.steps.map((t) => claim(t, 'index')),
    result: claims.result === undefined ? undefined : claim(claims.result, 'index'),
    matrix: claims.matrix === undefined ? undefined : claim(claims.matrix, 'matrix'),
  };
}

/** The inputs that hold indices, with the dimension they index. */
function indexTensorsOf(inputs: ReadonlyMap<string, Domain>): Map<string, Dim> {
  return new Map([...inputs].flatMap(([name, domain]) => (domain.kind === 'index' ? [[name, domain.dim] as const] : [])));
}

function buildClaim(src: SourceText, form: 'index' | 'matrix', gradName: string, dims: readonly Dim[], scope: Scope): Claim {
  const eq: Equation = parseEquation(src);
  const lhs = eq.form === 'index' ? eq.lhs.tensor : eq.lhs;
  if (lhs !== gradName) throw src.error(`this claim defines ${lhs}, but the gradient is ${gradName}`, lhs);
  if (form === 'matrix') {
    if (eq.form === 'index') throw src.error('matrix: expected matrix notation (e.g. dW = dY\' * X), found index notation');
    checkMatrixNames(eq, scope, src);
    return { form: 'matrix', expression: eq.rhs, parsed: eq, src };
  }
  if (eq.form === 'matrix') throw src.error(`expected index notation, e.g. ${gradName}[i,j] = ...; put matrix notation under matrix:`);
  return { form: 'index', eq: bindEquation(eq as IndexEquation, scope, dims, src), parsed: eq as IndexEquation, src };
}

function checkMatrixNames(eq: MatrixEquation, scope: Scope, src: SourceText): void {
  for (const name of eq.names) {
    if (!scope.tensors.has(name) && !scope.dimensions.has(name) && !scope.constants.has(name)) {
      throw src.error(`unknown name ${name} in matrix notation`, name);
    }
  }
  const unknown = eq.functions.find((fn) => !isMatrixFunction(fn));
  if (unknown !== undefined) throw src.error(`unknown function ${unknown} in matrix notation`, unknown);
}
