/**
 * Trial data capture: baseline covariates, outcomes and take-up, validated against the protocol.
 *
 * - `recordVariables`, `checkValue`, `parseCsvValue`: what may be recorded and whether a value fits its type.
 * - `Utf8ChunkDecoder`, `CsvReader`, `ImportValidator`: streaming import of CSV (and JSON rows), every problem listed.
 * - `followUpProgress`, `anchorEvents`, `addIsoDuration`: recruitment and follow-up against the protocol's time
 *   points, counted from randomisation or from each household's recorded anchor date.
 * - `outcomesDueInMonth`: the outcome values falling due in a UTC calendar month, per outcome and in total.
 *
 * Pure: bytes and text in, values and problems out; the caller reads bodies, pseudonymises and writes.
 */
export {
  observationKinds,
  missingReasons,
  missingReasonSchema,
  isMissing,
  type ObservationKind,
  type MissingReason,
  type ObservedValue,
} from './vocabulary'
export { recordVariables, type RecordVariable } from './record-variables'
export { checkValue, parseCsvValue, type ValueCheck, type ValueProblem } from './check-value'
export { checkRecord, type RecordProblem } from './check-record'
export {
  HOUSEHOLD_COLUMN,
  HOUSEHOLD_REF_COLUMN,
  PSEUDONYM_PATTERN,
  householdKeyOf,
  looksLikePersonalData,
  refuseColumn,
  type ColumnRefusal,
} from './column-names'
export { Utf8ChunkDecoder } from './byte-decoder'
export { CsvReader, type CsvRecord } from './csv-reader'
export { ImportValidator, type HouseholdKey, type ImportRow } from './import-validator'
export { ProblemList, PROBLEM_LIST_LIMIT, echoValue, type ImportProblem } from './import-problems'
export { UnreadableFileError } from './errors'
export { addIsoDuration, DurationError, durationParts, type DurationParts } from './iso-duration'
export { anchorDateOf, anchorEvents, parseAnchorDate, RANDOMISATION } from './anchor-events'
export {
  followUpProgress,
  type FollowUpProgress,
  type LossReason,
  type MeasureProgress,
  type ProgressObservation,
  type ProgressUnit,
} from './follow-up-progress'
export { outcomesDueInMonth, type OutcomesDueInMonth } from './outcomes-due-in-month'
export {
  findRefusedCodePoint,
  describeRefusedCodePoint,
  type RefusedCodePoint,
} from './storable-text'
