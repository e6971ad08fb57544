import { InvalidInputError } from '../errors'
import { smallSampleCorrection } from './hedges-g'

/** Cox index, or the reason it cannot be computed (a proportion of 0 or 1 needs manual review). */
export type CoxIndexResult =
  | { ok: true; effect_size: number }
  | { ok: false; error: 'cox_undefined_proportion'; detail: string }

const logit = (p: number) => Math.log(p / (1 - p))

/**
 * Cox index for a binary baseline characteristic (WWC Procedures Handbook v4.1, Appendix E;
 * Sanchez-Meca, Marin-Martinez & Chacon-Moscoso 2003, Psychol Methods 8:448; EVIDENCE_RATINGS.md §4.4):
 *   d_Cox = omega * (ln(p_T / (1 - p_T)) - ln(p_C / (1 - p_C))) / 1.65,  omega = 1 - 3 / (4N - 9)
 * A proportion of exactly 0 or 1 makes the log-odds infinite. The spec forbids replacing it, so the
 * result is `cox_undefined_proportion` for manual review rather than a number.
 *
 * @example
 * coxIndex({ n: 20, proportion: 0.5 }, { n: 20, proportion: 0.5 }) // { ok: true, effect_size: 0 }
 */
export function coxIndex(
  treatment: { n: number; proportion: number },
  control: { n: number; proportion: number }
): CoxIndexResult {
  for (const [arm, s] of [
    ['treatment', treatment],
    ['control', control],
  ] as const) {
    if (!Number.isInteger(s.n) || s.n < 1 || !(s.proportion >= 0 && s.proportion <= 1)) {
      throw new InvalidInputError(
        `coxIndex needs a positive integer n and a proportion in [0, 1] in the ${arm} arm`,
        {
          arm,
          ...s,
        }
      )
    }
  }
  if (treatment.n + control.n < 3) {
    throw new InvalidInputError(
      'coxIndex needs at least three units in all for the small-sample correction',
      {}
    )
  }
  const degenerate = [treatment, control].filter((s) => s.proportion === 0 || s.proportion === 1)
  if (degenerate.length > 0) {
    return {
      ok: false,
      error: 'cox_undefined_proportion',
      detail: 'a proportion of 0 or 1 makes the Cox index undefined; manual review needed',
    }
  }
  const omega = smallSampleCorrection(treatment.n + control.n)
  return {
    ok: true,
    effect_size: (omega * (logit(treatment.proportion) - logit(control.proportion))) / 1.65,
  }
}
