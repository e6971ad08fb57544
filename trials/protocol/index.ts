/**
 * Trial protocols: the machine-readable pre-registration of a trial, from draft to rated.
 *
 * - Schemas (zod; types via z.infer; OpenAPI via z.toJSONSchema): `protocolSchema` (complete, for
 *   registration), `protocolDraftSchema` (lenient, for saving drafts), `interventionSchema`.
 * - `validateForRegistration` / `assertRegistrable`: every problem, with JSON-pointer path and code.
 * - `prepareRegistration`: canonical JSON (RFC 8785), protocol hash and seed commitment.
 * - `trialStatusSchema`, `nextStates`, `assertTransition`, `permissions`: the lifecycle.
 * - `diffProtocols`, `classifyAmendment`, `buildAmendment`: amendments and deviations.
 * - `executableSpecs`: the analysis plan as complete analysis specs, one per comparison.
 * - `familyMediationProtocol`, `familyMediationIntervention`: a worked, valid example.
 *
 * Pure: no I/O, no clock, no randomness. Seeds are drawn and timestamps taken by the caller.
 */
export {
  protocolSchema,
  protocolDraftSchema,
  protocolArmSchema,
  protocolHypothesisSchema,
  sampleSizeSchema,
  eligibilitySchema,
  timelineSchema,
  type Protocol,
  type ProtocolInput,
  type ProtocolDraft,
  type ProtocolArm,
  type ProtocolHypothesis,
  type SampleSize,
} from './schema'
export {
  councilSchema,
  interventionSchema,
  interventionCategorySchema,
  type Council,
  type Intervention,
  type InterventionCategory,
} from './intervention'
export {
  covariateSchema,
  covariateTypeSchema,
  outcomeSchema,
  outcomeTypeSchema,
  timePointSchema,
  processMeasureSchema,
  type Covariate,
  type Outcome,
  type TimePoint,
  type ProcessMeasure,
} from './variables'
export {
  analysisPlanSchema,
  plannedAnalysisSchema,
  planSpecSchema,
  comparisonFamilySchema,
  familyMethodSchema,
  PLAN_ESTIMATORS,
  BINARY_ONLY_ESTIMATORS,
  type AnalysisPlan,
  type PlannedAnalysis,
  type PlanSpec,
  type PlanSpecInput,
  type PlanEstimator,
  type ComparisonFamily,
  type FamilyMethod,
} from './analysis-plan'
export {
  nameSchema,
  RESERVED_NAMES,
  PERSONAL_DATA_NAMES,
  TREATMENT_COLUMN,
  STRATUM_COLUMN,
} from './names'
export {
  validateForRegistration,
  assertRegistrable,
  crossFieldProblems,
  type RegistrationValidation,
} from './validate'
export type { ProtocolProblem } from './problems'
export { canonicalJson, protocolHash, verifyProtocolHash } from './canonical-json'
export {
  seedProblems,
  assertValidSeed,
  seedCommitment,
  verifySeedCommitment,
  MIN_SEED_HEX_LENGTH,
  MAX_SEED_HEX_LENGTH,
  type SeedProblem,
} from './seed'
export { prepareRegistration, type Registration } from './register'
export {
  TRIAL_STATUSES,
  trialStatusSchema,
  TRANSITIONS,
  nextStates,
  canTransition,
  assertTransition,
  permissions,
  recruitmentStarted,
  isPublic,
  hasReports,
  ratingDecided,
  visibleSeed,
  STATUS_WORDS,
  statusesInWords,
  type LifecycleStatus,
  type StatusPermissions,
} from './lifecycle'
export { diffProtocols, type ProtocolChange } from './diff'
export {
  classifyAmendment,
  buildAmendment,
  amendmentRequestSchema,
  type AmendmentClassification,
  type AmendmentRecord,
  type AmendmentRequest,
  type Deviation,
  type DeviationCategory,
} from './amendment'
export { withServerFields, type ServerFields } from './server-fields'
export { executableSpecs, comparisonSpec, type ExecutableSpec } from './executable-specs'
export {
  InvalidTransitionError,
  ProtocolInvalidError,
  InvalidSeedError,
  NotCanonicalisableError,
  NoChangesError,
} from './errors'
export {
  familyMediationProtocol,
  familyMediationIntervention,
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from './examples/family-mediation'
export { labelsOf } from './labels'
