// The public library API: one explicit export list.
export { InputError, SourceText, type Location } from './notation/errors.js';
export { UsageError } from './usage-error.js';
export type { AffineIndex, Equation, Expr } from './notation/ast.js';
export { parseEquation, parseExpr } from './notation/parse.js';
export { FUNCTIONS } from './notation/functions.js';
export { compareTensors, DEFAULT_TOLERANCE, type Comparison, type Tolerance } from './numeric/compare.js';
export {
  directionalDerivative,
  directionalSlopes,
  FD_STEP,
  FLOAT32,
  FLOAT64,
  gradientFull,
  type Gradient,
  type LineSlopes,
  type Precision,
} from './numeric/finite-diff.js';
export type { Tensor } from './numeric/tensor.js';
export { buildDerivation, type Derivation } from './derivation/derivation.js';
export { loadDerivationFile, parseDerivationText } from './derivation/load.js';
export { builtinNames, resolveTarget } from './derivation/builtins.js';
export {
  verifyDerivation,
  verifyTarget,
  DEFAULT_RUNS,
  type Counterexample,
  type DerivationReport,
  type GradientReport,
  type VerifyOptions,
} from './verify/verify.js';
export { gradcheck } from './gradcheck/gradcheck.js';
export { checkProperty, DEFAULT_PROPERTY_RUNS, type CheckPropertyOptions, type CheckPropertyResult } from './gradcheck/property.js';
export { inputsArbitrary, type InputsOptions, type TensorValue } from './gradcheck/arbitraries.js';
export { FLOAT32_TOLERANCE, type GradcheckOptions } from './gradcheck/options.js';
export { GradcheckError, type Failure, type GradcheckMode, type GradcheckResult, type InputCheck, type Kink, type Tie } from './gradcheck/result.js';
export type { TensorFunction } from './gradcheck/subject.js';
export type { Tfjs } from './gradcheck/tfjs.js';
