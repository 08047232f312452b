// Expectation identities as a file states them: E[of] over one random variable
// equals a closed form (e.g. E[relu(f)^2] = sigma^2/2 for f ~ N(0, sigma^2)),
// for every drawn value of the parameters; bound here, checked in verify.
import type { Expr } from '../notation/ast.js';
import { bindEquation, type BoundEquation, type Scope } from '../notation/bind.js';
import type { SourceText } from '../notation/errors.js';
import { parseCall, parseExpr } from '../notation/parse.js';
import { parseDomain, type Domain } from '../numeric/domains.js';
import type { LoadedFile } from './load.js';

export interface ExpectationSpec {
  readonly text: string;
  readonly variable: string;
  readonly distribution: 'normal' | 'uniform';
  readonly parameters: ReadonlyMap<string, Domain>;
  readonly of: BoundEquation;
  readonly args: readonly BoundEquation[];
  readonly equals: BoundEquation;
  /** The trees as parsed, for printing the identity as written. */
  readonly parsed: { readonly of: Expr; readonly args: readonly Expr[]; readonly equals: Expr };
  readonly src: SourceText;
}

const DISTRIBUTIONS = ['normal', 'uniform'] as const;

export function buildExpectations(loaded: LoadedFile, constants: ReadonlyMap<string, number>): ExpectationSpec[] {
  const { data, text } = loaded;
  const parameters = new Map<string, Domain>();
  for (const [name, spec] of Object.entries(data.parameters ?? {})) {
    const domain = parseDomain(spec);
    if (typeof domain === 'string') throw text(['parameters', name]).error(`parameters: ${domain}`);
    parameters.set(name, domain);
  }
  return (data.expectations ?? []).map((e, k) => {
    const [variable, distributionText] = Object.entries(e.over)[0]!;
    if (parameters.has(variable)) throw text(['expectations', k, 'over', variable]).error(`${variable} is both a parameter and the random variable`);
    const tensors = new Map([...parameters.keys(), variable].map((n) => [n, []]));
    const scope: Scope = { tensors, dimensions: new Set(), constants, inputs: new Set() };
    const scalar = (src: SourceText, expr: Expr): BoundEquation =>
      bindEquation({ form: 'index', lhs: { tensor: 'E', indices: [] }, rhs: expr }, scope, [], src);
    const overSrc = text(['expectations', k, 'over', variable]);
    const call = parseCall(overSrc, DISTRIBUTIONS);
    if (call.args.length !== 2) throw overSrc.error(`${call.name} takes 2 arguments: ${call.name === 'normal' ? 'normal(mean, std)' : 'uniform(low, high)'}`);
    const ofSrc = text(['expectations', k, 'of']);
    const equalsSrc = text(['expectations', k, 'equals']);
    // Parsed and bound in the file's order, so that the first mistake is the one reported.
    const ofTree = parseExpr(ofSrc);
    const of = scalar(ofSrc, ofTree);
    const args = call.args.map((a) => scalar(overSrc, a));
    const equalsTree = parseExpr(equalsSrc);
    return {
      text: `E[${e.of}] = ${e.equals} for ${variable} ~ ${distributionText}`,
      variable,
      distribution: call.name as 'normal' | 'uniform',
      parameters,
      of,
      args,
      equals: scalar(equalsSrc, equalsTree),
      parsed: { of: ofTree, args: call.args, equals: equalsTree },
      src: ofSrc,
    };
  });
}
