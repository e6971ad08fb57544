export { pAdjust, pAdjustMethodSchema, type PAdjustMethod } from './p-adjust'
export {
  adjustFamilies,
  type Hypothesis,
  type HypothesisFamily,
  type AdjustedHypothesis,
} from './adjust-families'
export { pAdjustAnalysis } from './p-adjust-analysis'
