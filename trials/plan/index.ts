export { runAnalysisPlan, simulationSeed, type ComparisonReport, type PlanReport } from './run-plan'
export {
  diagnoseRegisteredDesign,
  diagnosisOut,
  type DiagnosisRequest,
  type RegisteredDesignDiagnosis,
} from './diagnose'
export {
  reproduceRun,
  registrationRecordSchema,
  storedRunSchema,
  type ReproductionReport,
} from './reproduce'
export {
  runExploratoryAnalyses,
  ExploratorySpecError,
  type ExploratoryProblem,
  type ExploratoryAnalysis,
} from './exploratory'
export { reproducePublic, publicDatasetSchema, type PublicReproduction } from './reproduce-public'
