// The public face of analysis/ for the other layers: its errors, the analysis spec and runAnalysis, and
// the result types. The folders below (analysis/power, analysis/estimators/catalogue, ...) have their own
// index.ts; code outside analysis/ imports from those or from here, never from a file inside.
export { DomainError, InvalidInputError, DesignError } from './errors'
export { analysisSpecSchema, type AnalysisSpec, type AnalysisSpecInput, type SpecOf } from './spec'
export { runAnalysis } from './run-analysis'
export type { AnalysisResult, EffectEstimate, ResultValue } from './analysis-result'
export { formatNumber } from './format-number'
