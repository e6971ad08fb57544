import type { AnalysisResult } from '../analysis-result'
import { getColumn, type DataTable } from '../data'
import { selectAnalysisSample } from '../data/analysis-sample'
import type { SpecOf } from '../spec'
import { attrition } from './attrition'
import { sampleRatioMismatchField } from './balance-analysis'

/**
 * The `attrition` analysis of the engine's contract over every randomised row (treatment observed).
 *
 * @example
 * attritionAnalysis({ estimator: 'attrition', outcome: 'days', treatment: 'arm' }, table).differential_attrition
 */
export function attritionAnalysis(spec: SpecOf<'attrition'>, table: DataTable): AnalysisResult {
  const outcome = getColumn(table, spec.outcome).values
  const sample = selectAnalysisSample(table, spec, [])
  const result = attrition(
    sample.rows.map((r) => outcome[r] !== null),
    sample.treated
  )
  return {
    overall_attrition: result.overallAttrition,
    attrition_treatment: result.attritionTreatment,
    attrition_control: result.attritionControl,
    differential_attrition: result.differentialAttrition,
    n_randomised: result.nRandomised,
    n_analysed: result.nAnalysed,
    ...sampleRatioMismatchField(spec, table),
  }
}
