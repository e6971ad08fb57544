import { roundNoise } from './rounding'

/** Attrition in percent (already rounded to 9 decimals, §2). Differential is in percentage points. */
export type AttritionPercent = {
  overall: number
  treatment: number
  control: number
  differential: number
}

/** Counts for one level of attrition: individuals, or clusters (§2, §4.5). */
export type AttritionCounts = {
  randomisedTreatment: number
  randomisedControl: number
  analysedTreatment: number
  analysedControl: number
}

function armAttrition(randomised: number, analysed: number): number {
  // §2: an arm with nobody assigned (before_after control) has attrition 0, not 0/0.
  return randomised === 0 ? 0 : 1 - analysed / randomised
}

/**
 * Overall, per-arm and differential attrition in percent (EVIDENCE_RATINGS.md §2):
 *   a_T = 1 - nA_T / nR_T,  a_C = 1 - nA_C / nR_C,  a = 1 - (nA_T + nA_C) / (nR_T + nR_C),  diff = |a_T - a_C|
 * each x 100 and rounded to 9 decimals so values on a boundary stay on it.
 * Source of the definitions: WWC Standards Handbook v4.1 (2020), ch. II.B.
 *
 * @example
 * attritionPercent({ randomisedTreatment: 200, randomisedControl: 200, analysedTreatment: 173, analysedControl: 187 })
 * // { overall: 10, treatment: 13.5, control: 6.5, differential: 7 }
 */
export function attritionPercent(counts: AttritionCounts): AttritionPercent {
  const treatment = armAttrition(counts.randomisedTreatment, counts.analysedTreatment)
  const control = armAttrition(counts.randomisedControl, counts.analysedControl)
  const randomised = counts.randomisedTreatment + counts.randomisedControl
  const overall =
    randomised === 0 ? 0 : 1 - (counts.analysedTreatment + counts.analysedControl) / randomised
  return {
    overall: roundNoise(overall * 100),
    treatment: roundNoise(treatment * 100),
    control: roundNoise(control * 100),
    differential: roundNoise(Math.abs(treatment - control) * 100),
  }
}
