import { simulateOutcomes as simulate } from '../../src/seed/simulate'
import type { Harness } from './harness'

/**
 * Records simulated outcomes for every enrolled household of a trial (family-mediation example
 * protocol): mediation lowers the risk of homelessness and days in temporary accommodation;
 * about 8% of outcomes are missing, with a reason.
 */
export function simulateOutcomes(
  h: Harness,
  trialId: string,
  recordedBy: string,
  seed = 'outcomes'
) {
  return simulate(h.open.db, trialId, recordedBy, {
    seed,
    treatedArms: ['family_mediation', 'mediation_plus_support'],
  })
}
