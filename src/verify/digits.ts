// Numbers in verdicts: a claimed value and the finite differences it is
// compared with are written with as many significant digits as it takes to
// tell them apart (at least six), so that a rejected claim never reads as
// "claimed -0.0142821, finite differences give -0.0142821".

const MIN_DIGITS = 6;
const MAX_DIGITS = 17;

const written = (x: number, digits: number): string => (Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x));

/** `a` and `b` written with the fewest significant digits (at least six) that make them differ, where any do. */
export function distinguish(a: number, b: number): [string, string] {
  for (let digits = MIN_DIGITS; digits < MAX_DIGITS; digits++) {
    const pair: [string, string] = [written(a, digits), written(b, digits)];
    if (pair[0] !== pair[1]) return pair;
  }
  return [written(a, MAX_DIGITS), written(b, MAX_DIGITS)];
}

/** A number alone, to six significant digits. */
export const short = (x: number): string => written(x, MIN_DIGITS);
