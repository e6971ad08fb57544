export { runAnalysisPlan, simulationSeed, type ComparisonReport, type PlanReport } from './run-plan'
export {
  diagnoseRegisteredDesign,
  type DiagnosisRequest,
  type RegisteredDesignDiagnosis,
} from './diagnose'
export { reproduceRun, type ReproductionReport } from './reproduce'
