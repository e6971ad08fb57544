import { InvalidInputError } from '../errors'

/**
 * Attrition of one outcome, overall and by arm, as shares in [0, 1].
 *
 * @example
 * const a: Attrition = attrition([true, false], Uint8Array.of(1, 0)) // a.attritionControl === 1
 */
export interface Attrition {
  nRandomised: number
  nAnalysed: number
  overallAttrition: number
  attritionTreatment: number
  attritionControl: number
  /** |attrition_treatment - attrition_control|. */
  differentialAttrition: number
}

/**
 * Overall and differential attrition: the share of randomised units whose outcome is missing, overall and by arm.
 *   overall = missing / randomised;  differential = |missing_1 / n_1 - missing_0 / n_0|
 * The What Works Clearinghouse judges the pair against its attrition boundaries (WWC Procedures and Standards
 * Handbook v5.0, ch. III.B).
 *
 * @example
 * attrition([true, false, true, true], Uint8Array.of(1, 1, 0, 0)).differentialAttrition // 0.5
 */
export function attrition(observed: readonly boolean[], treated: Uint8Array): Attrition {
  if (observed.length !== treated.length)
    throw new InvalidInputError('outcome and treatment must have the same length')
  const randomised = [0, 0]
  const missing = [0, 0]
  for (let i = 0; i < observed.length; i++) {
    randomised[treated[i]]++
    if (!observed[i]) missing[treated[i]]++
  }
  if (randomised[0] === 0 || randomised[1] === 0) {
    throw new InvalidInputError('attrition needs randomised units in both arms', { randomised })
  }
  const attritionTreatment = missing[1] / randomised[1]
  const attritionControl = missing[0] / randomised[0]
  const nRandomised = randomised[0] + randomised[1]
  const nMissing = missing[0] + missing[1]
  return {
    nRandomised,
    nAnalysed: nRandomised - nMissing,
    overallAttrition: nMissing / nRandomised,
    attritionTreatment,
    attritionControl,
    differentialAttrition: Math.abs(attritionTreatment - attritionControl),
  }
}
