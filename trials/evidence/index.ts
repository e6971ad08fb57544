export {
  deriveFacts,
  type DerivedFacts,
  type DeriveContext,
  type AmendmentDeviations,
} from './derive-facts'
export { declaredFactsSchema, type DeclaredFacts, type DeclaredFactsInput } from './declared-facts'
export {
  factSourceSchema,
  type FactSource,
  type FactProvenance,
  type ProvenanceMap,
} from './provenance'
export { countClusters, type ClusterCounts } from './cluster-counts'
export { primaryComparison, type PrimaryComparison } from './primary-comparison'
export { comparisonEffect, type ComparisonEffect, type EffectScale } from './comparison-effect'
export { synthesise, type StudyEffect, type SynthesisGroup, type PooledEstimate } from './synthesis'
export { NoPrimaryComparisonError, ArmRequiredError, InconsistentReportError } from './errors'
export {
  nonComplianceThreat,
  adherenceCountsFromFlow,
  type AdherenceCounts,
} from './non-compliance'
export { analyticSampleBaseline, type AnalyticBaseline } from './analytic-baseline'
export { describeSynthesis, forestFootnote } from './describe-synthesis'
