// Derivatives of the kinked functions that give, at the kink, the mean of
// the two one-sided slopes (relu'(0) = 1/2) instead of the textbook
// convention (step(0) = 0, ties to the first argument). Where kinks cancel
// (min(x, 0) - log(1 + exp(-abs(x))) at 0) the function is differentiable,
// its one-sided slopes agree, and the mean of one-sided slopes follows the
// sum, product and chain rules: the formula gives the slope there, where the
// conventions do not. derive uses them when the textbook form fails its check.
// abs's rule, sign(a), is already the mean; step and sign jump (no slope).

export const MEAN_SLOPE_RULES: Readonly<Record<string, readonly string[]>> = {
  relu: ['(1 + sign(a)) / 2'],
  max: ['(1 + sign(a - b)) / 2', '(1 - sign(a - b)) / 2'],
  min: ['(1 - sign(a - b)) / 2', '(1 + sign(a - b)) / 2'],
};
