// The public library API: one explicit export list.
export { InputError, SourceText, type Location } from './notation/errors.js';
export type { AffineIndex, Equation, Expr } from './notation/ast.js';
export { parseEquation, parseExpr } from './notation/parse.js';
export { FUNCTIONS } from './notation/functions.js';
export { compareTensors, DEFAULT_TOLERANCE, type Comparison, type Tolerance } from './numeric/compare.js';
export { directionalDerivative, FD_STEP, gradientFull, type Gradient } from './numeric/finite-diff.js';
export type { Tensor } from './numeric/tensor.js';
export { buildDerivation, type Derivation } from './verify/derivation.js';
export { loadDerivationFile, parseDerivationText } from './verify/load.js';
export { builtinNames, resolveTarget } from './verify/builtins.js';
export {
  verifyDerivation,
  verifyFile,
  DEFAULT_RUNS,
  type Counterexample,
  type DerivationReport,
  type GradientReport,
  type VerifyOptions,
} from './verify/verify.js';
