/**
 * The decide layer: one pure function per command on a trial. Each takes the loaded, typed state
 * and the command and returns what to write plus the audit events, or throws a typed domain error
 * (`errors.ts`). The shell loads, calls it, persists in one transaction and audits.
 */
export {
  registered,
  registeredProtocol,
  type Registered,
  trialEvent,
  type TrialState,
  type TrialPatch,
  type AuditEvent,
} from './state'
export {
  StateConflictError,
  NotRegisteredError,
  ProtocolLockedError,
  NotAmendableError,
  AmendmentNotAllowedError,
  NotRecruitingError,
  NotRecordingError,
  NotClosedError,
  NotAnalysedError,
  RatingSupersededError,
  AnalysisStaleError,
  FieldProblemsError,
  OutcomesMissingError,
  type FieldProblem,
} from './errors'
export { decideCreateDraft, decideEditDraft } from './draft'
export { decideRegister, type ProtocolVersionValues } from './register'
export { decideAmend } from './amend'
export { moveTo, decideRecruit, decideClose, decideWithdraw } from './transitions'
export {
  decideCompleteDataCollection,
  pendingFollowUp,
  MIN_COMPLETION_REASON,
} from './complete-data-collection'
export { decideEnrol, enrolmentAudit } from './enrol'
export { decideRecord, recordingStatuses, householdRecordAudit, dataImportAudit } from './record'
export {
  decidePlannedAnalysis,
  armsWithoutPrimaryOutcome,
  ANALYSIS_STAGES,
  type AnalysisStage,
  type StoredDeviation,
  type PlannedRunReport,
  type PlannedRunValues,
  type PlannedAnalysisDecision,
} from './planned-analysis'
export {
  decideExploratoryAnalysis,
  type ExploratoryRequest,
  type ExploratoryRunReport,
} from './exploratory-analysis'
export { decideComputeRating, type StoredRatingReport, type RatedRun } from './compute-rating'
export {
  decideOnRating,
  computedLevel,
  RATING_SCHEMES,
  MIN_OVERRIDE_REASON,
  type RatingLevel,
} from './decide-rating'
export * from './record-errors'
export * from './record-screening'
export * from './record-adherence'
export * from './publish-report'
export * from './record-exclusion'
export {
  decideViewData,
  showsOutcomes,
  type DataView,
  type DataViewDecision,
  type ViewedData,
} from './view-data'
