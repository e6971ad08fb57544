export { exactRandomisationTest, type ExactRandomisationResult } from './exact-randomisation-test'
export {
  monteCarloRandomisationTest,
  type MonteCarloOptions,
  type MonteCarloRandomisationResult,
  type PValueConvention,
} from './monte-carlo-randomisation-test'
export {
  compileDesign,
  type RandomisationDesign,
  type CompiledDesign,
  type AssignmentStratum,
} from './randomisation-design'
export { randomisationInferenceAnalysis } from './randomisation-inference-analysis'
export { aleaState, ALEA_SCALE, type AleaState } from './alea-state'
export { RI_ALGORITHMS, DEFAULT_RI_ALGORITHM, type RiAlgorithm } from './ri-algorithm'
export {
  xoshiroState,
  nextUint32,
  uniform53,
  boundedBelow,
  type XoshiroState,
} from './xoshiro-state'
export { hypergeometricInverse, logFactorialTable } from './hypergeometric'
