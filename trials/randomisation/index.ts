export { CURRENT_ALGORITHM } from './algorithms'
export {
  advanceAllocator,
  allocateAll,
  createAllocator,
  replayAllocator,
  restoreAllocator,
  type Allocator,
  type AllocatorOptions,
  type RecordedAllocation,
} from './allocator'
export * from './errors'
export { allocationExportDocument, type RecordedExportUnit } from './export-document'
export { allocationExportSchema, type AllocationExport, type ExportedUnit } from './export-schema'
export { formatIssues, parseRandomisation } from './parse-config'
export { randomisationRequestSchema, type RandomisationRequest } from './request-schema'
export {
  fieldValueSchema,
  randomisationObjectSchema,
  randomisationSchema,
  refineRandomisation,
  type Arm,
  type FieldValue,
  type Minimisation,
  type RandomisationConfig,
  type RandomisationMethod,
} from './schema'
export {
  ALLOCATOR_STATE_FORMAT,
  allocatorStateSchema,
  type AllocatorState,
  type MethodState,
  type StreamState,
} from './state-schema'
export type { Allocation, RandomisationUnit, UnitId } from './types'
export { completeCounts, levelImbalance } from './v1'
export { verifyAllocations, type AllocationMismatch, type VerificationReport } from './verify'
