export {
  buildAnalysisDataset,
  type AnalysisDataset,
  type DatasetObservation,
  type DatasetUnit,
} from './analysis-dataset'
export { looksLikeFormula, spreadsheetSafe } from './spreadsheet-safe'
export { formatStratum, stratumLabel } from './stratum-label'
export { outcomesRecorded } from './outcomes-recorded'
export { PUBLIC_DATASET_FORMAT, publishableColumns, publishableDataset } from './publishable'
export { ittExclusions } from './itt-population'
