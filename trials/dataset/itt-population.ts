/**
 * The households an intention-to-treat analysis leaves out. Every randomised household is analysed
 * in the arm it was allocated to, whatever it received (CONSORT 2025 item 21; Gupta SK.
 * Intention-to-treat concept: a review. Perspect Clin Res 2011;2:109-12), so a recorded
 * post-randomisation exclusion does not by itself remove a household. The one exception
 * (Fergusson D et al. Post-randomisation exclusions: the intention to treat principle and excluding
 * patients from analysis. BMJ 2002;325:652-4) is a household found after randomisation to have been
 * ineligible at randomisation by a registered eligibility criterion: such an exclusion names that
 * criterion (`criterion` not null) and removes the household. Any other exclusion is reported (with
 * its reason, in the flow diagram) and the household stays in the analysis.
 *
 * @example
 * ittExclusions([{ unitId: 'a', criterion: 'Already in temporary accommodation at referral' }, { unitId: 'b', criterion: null }]) // Set { 'a' }
 */
export function ittExclusions(
  exclusions: ReadonlyArray<{ unitId: string; criterion: string | null }>
): Set<string> {
  return new Set(exclusions.filter((e) => e.criterion !== null).map((e) => e.unitId))
}
