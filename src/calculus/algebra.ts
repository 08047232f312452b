// Arithmetic on the normal form (term.ts): sums, products (renaming bound
// indices apart), powers, and normalisation of a term's factors.
import type { Base, Factor, Poly, Term } from './term.js';
import { allNames, baseKey, renameBound, termFreeNames } from './term.js';

export type Fresh = (like: string) => string;

export const add = (...ps: Poly[]): Poly => ps.flat();

export const scale = (p: Poly, c: number): Poly => (c === 0 ? [] : p.map((t) => ({ ...t, coef: t.coef * c })));

export function multiply(a: Poly, b: Poly, fresh: Fresh): Poly {
  const out: Term[] = [];
  for (const x of a) for (const y of b) out.push(...normalizeTerm(multiplyTerms(x, y, fresh), fresh));
  return out;
}

export const product = (ps: readonly Poly[], fresh: Fresh): Poly =>
  ps.reduce((acc, p) => multiply(acc, p, fresh), [{ coef: 1, sums: [], factors: [] }] as Poly);

/** x * y with y's bound indices renamed away from every name in x, and x's away from y's free names. */
export function multiplyTerms(x: Term, y: Term, fresh: Fresh): Term {
  const xNames = allNames([x]);
  const yFree = termFreeNames(y);
  const xClash = x.sums.filter((s) => yFree.has(s));
  const x2 = xClash.length === 0 ? x : renameBound(x, new Map(xClash.map((s) => [s, fresh(s)])), fresh);
  const x2Names = xClash.length === 0 ? xNames : allNames([x2]);
  const yClash = y.sums.filter((s) => x2Names.has(s));
  const y2 = yClash.length === 0 ? y : renameBound(y, new Map(yClash.map((s) => [s, fresh(s)])), fresh);
  return { coef: x2.coef * y2.coef, sums: [...x2.sums, ...y2.sums], factors: [...x2.factors, ...y2.factors] };
}

export function power(p: Poly, exp: number, fresh: Fresh): Poly {
  if (exp === 1) return p;
  if (exp === 0) return [{ coef: 1, sums: [], factors: [] }];
  if (p.length === 0) {
    if (exp < 0) throw new Error('division by zero in a symbolic expression');
    return [];
  }
  const [t] = p;
  if (p.length === 1 && t!.sums.length === 0 && (t!.coef > 0 || Number.isInteger(exp))) {
    return normalizeTerm({ coef: t!.coef ** exp, sums: [], factors: t!.factors.map((f) => powerOfFactor(f, exp)) }, fresh);
  }
  // A sum stays a bracket, squares too: sum(k, x[k])^2 multiplied out is a double sum that no longer cancels
  // against the same power, and that rounding can leave below 0 where the sum is 0 up to rounding.
  return [{ coef: 1, sums: [], factors: [{ base: { kind: 'poly', poly: p }, exp }] }];
}

/**
 * (a^p)^q is a^(p q) unless p is even and p q is not: (x^2)^(1/2) is |x|,
 * not x, where x < 0. Such a power stays a power of its bracket.
 */
function powerOfFactor(f: Factor, exp: number): Factor {
  const even = (n: number): boolean => Number.isInteger(n / 2);
  if (Number.isInteger(exp) || !even(f.exp) || even(f.exp * exp)) return { base: f.base, exp: f.exp * exp };
  return { base: { kind: 'poly', poly: [{ coef: 1, sums: [], factors: [f] }] }, exp };
}

/**
 * Merges equal bases (x * x -> x^2, x * x^-1 -> 1), flattens a poly base to
 * the first power into the term (distributing), and removes unit factors.
 * May return several terms (distribution) or none.
 */
export function normalizeTerm(t: Term, fresh: Fresh): Term[] {
  const merged = new Map<string, Factor>();
  let coef = t.coef;
  for (const f of t.factors) {
    if (f.base.kind === 'poly' && f.base.poly.length === 0) return []; // a zero factor
    const key = baseKey(f.base);
    const prev = merged.get(key);
    const exp = (prev?.exp ?? 0) + f.exp;
    merged.set(key, { base: f.base, exp: f.base.kind === 'delta' ? 1 : exp });
  }
  const factors: Factor[] = [];
  let expand: Poly | undefined;
  for (const f of merged.values()) {
    if (f.exp === 0) continue;
    if (f.base.kind === 'poly' && f.base.poly.length === 1 && f.base.poly[0]!.factors.length === 0 && f.base.poly[0]!.sums.length === 0) {
      coef *= f.base.poly[0]!.coef ** f.exp; // a constant in brackets
      continue;
    }
    if (f.base.kind === 'poly' && f.exp === 1 && expand === undefined) {
      expand = f.base.poly;
      continue;
    }
    factors.push(f);
  }
  if (coef === 0) return [];
  const rest: Term = { coef, sums: t.sums, factors };
  if (expand === undefined) return [rest];
  return multiplyTermByPoly(rest, expand, fresh);
}

function multiplyTermByPoly(t: Term, p: Poly, fresh: Fresh): Term[] {
  return p.flatMap((u) => normalizeTerm(multiplyTerms(t, u, fresh), fresh));
}
