export {
  metaAnalysis,
  metaAnalysisMethodSchema,
  type MetaAnalysisMethod,
  type MetaAnalysisTest,
  type MetaAnalysisOptions,
  type MetaAnalysisResult,
} from './meta-analysis'
export { derSimonianLairdTau2, remlTau2 } from './tau-squared'
export { forestPlotData, type ForestPlotData, type ForestPlotRow } from './forest-plot'
export { checkStudyEffects, cochranQ, weightedSums, type StudyEffects } from './study-effects'
export { metaAnalysisAnalysis } from './meta-analysis-analysis'
