// One chain of equalities as a gradient claim: its first member says which
// gradient (or Jacobian entry), each further member is read into index
// notation as a claim about it, with the bounds its sums were written with.
import type { AffineIndex, Expr } from '../notation/ast.js';
import { plainName } from '../notation/ast.js';
import type { BoundEquation } from '../notation/bind.js';
import { InputError, type Location } from '../notation/errors.js';
import { exprToString } from '../notation/print.js';
import type { Derivation } from '../derivation/derivation.js';
import type { Chain } from './chains.js';
import type { MathBlock } from './document.js';
import { FormulaReader, type Names } from './expression.js';

/** One claim as read: the author's LaTeX, where it is, and the index-notation equation it was read as. */
export interface ReadStep {
  readonly latex: string;
  readonly at: Location;
  readonly expression: string;
}

export interface Found {
  readonly wrt: string;
  /** Set for a Jacobian block: the tensor differentiated, which the forward lines must end at. */
  readonly of: string | undefined;
  readonly at: Location;
  readonly claims: readonly Claimed[];
}

export interface Claimed {
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
export function readChain(chain: Chain, block: MathBlock, names: Names, locate: (k: number) => Location): Found | string {
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
export function checkRanges(claim: Claimed, eq: BoundEquation | undefined, d: Derivation): void {
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
