export { runAnalysisPlan, simulationSeed, type ComparisonReport, type PlanReport } from './run-plan'
