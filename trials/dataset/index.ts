export {
  buildAnalysisDataset,
  type AnalysisDataset,
  type DatasetObservation,
  type DatasetUnit,
} from './analysis-dataset'
