import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
  familyMediationIntervention,
  familyMediationProtocol,
} from '../../trials/protocol/examples/family-mediation'
import { eq } from 'drizzle-orm'
import { trials } from '../../src/db/schema'
import type { Harness } from './harness'

/** The example intervention as an officer submits it (the server fills in the owning council). */
export function interventionBody() {
  const { owning_council: _, ...body } = familyMediationIntervention
  return body
}

/** A protocol (by default the example), set in council A (the harness's first council). */
export function protocolForCouncilA(
  protocol: object = familyMediationProtocol
): Record<string, unknown> {
  const copy = structuredClone(protocol) as unknown as Record<string, unknown>
  copy.councils = [{ code: 'E07000801', name: 'Council A' }]
  return copy
}

/** Creates the intervention and a draft trial as council A's officer; returns their ids. */
export async function createDraftTrial(
  h: Harness,
  protocol: Record<string, unknown> = protocolForCouncilA()
) {
  const intervention = await h.json('POST', '/interventions', {
    token: h.cast.officerA.token,
    body: interventionBody(),
  })
  if (intervention.status !== 201)
    throw new Error(`intervention: ${JSON.stringify(intervention.body)}`)
  const trial = await h.json('POST', '/trials', {
    token: h.cast.officerA.token,
    body: { intervention_id: intervention.body.id, protocol },
  })
  if (trial.status !== 201) throw new Error(`trial: ${JSON.stringify(trial.body)}`)
  return { interventionId: intervention.body.id as string, trialId: trial.body.id as string }
}

/**
 * What the server keeps secret while a trial recruits: the seed it drew and the randomisation with its
 * sealed block sizes. Read straight from the database, as only a test may; the API publishes both at close.
 */
export async function serverSecrets(h: Harness, trialId: string) {
  const [row] = await h.open.db
    .select({ seed: trials.seed, protocol: trials.protocol })
    .from(trials)
    .where(eq(trials.id, trialId))
  return {
    seed: row!.seed!,
    randomisation: (row!.protocol as { randomisation: Record<string, unknown> }).randomisation,
  }
}

/** A trial of council A taken to `recruiting`, with the seed the server drew for it (see serverSecrets). */
export async function createRecruitingTrial(h: Harness, protocol?: Record<string, unknown>) {
  const ids = await createDraftTrial(h, protocol)
  // The server's seed source replays one fixed seed here, so numerical expectations stay reproducible.
  h.nextSeeds.push('9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f6071829304a5b6c7d8e9f0a1b2c3d4e5f6')
  const registered = await h.json('POST', `/trials/${ids.trialId}/register`, {
    token: h.cast.officerA.token,
  })
  if (registered.status !== 200) throw new Error(`register: ${JSON.stringify(registered.body)}`)
  const recruiting = await h.json('POST', `/trials/${ids.trialId}/recruit`, {
    token: h.cast.officerA.token,
  })
  if (recruiting.status !== 200) throw new Error(`recruit: ${JSON.stringify(recruiting.body)}`)
  return { ...ids, ...(await serverSecrets(h, ids.trialId)) }
}

/** Declares data collection complete as council A's evaluator, with a reason (follow-up windows have not passed). */
export async function completeDataCollection(h: Harness, trialId: string) {
  const res = await h.json('POST', `/trials/${trialId}/complete-data-collection`, {
    token: h.cast.evaluatorA.token,
    body: { reason: 'Every outcome for this test trial has been recorded' },
  })
  if (res.status !== 200) throw new Error(`complete-data-collection: ${JSON.stringify(res.body)}`)
  return res.body
}

/** Baseline values of the example protocol for the i-th test household: every stratum in turn. */
export const exampleBaseline = (i: number) => ({
  council_area: exampleCouncilAreas[i % 5]!,
  household_type: exampleHouseholdTypes[i % 3]!,
  age_head: 20 + (i % 40),
  prior_presentations: i % 3,
  in_work: i % 2,
})

/** Enrols n households (`<prefix>-0` ...) of {@link exampleBaseline} in one batch as council A's officer. */
export async function enrolExampleHouseholds(
  h: Harness,
  trialId: string,
  n: number,
  prefix: string
) {
  const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
    token: h.cast.officerA.token,
    body: {
      households: Array.from({ length: n }, (_, i) => ({
        household_ref: `${prefix}-${i}`,
        baseline: exampleBaseline(i),
      })),
    },
  })
  if (batch.status !== 201) throw new Error(`enrol: ${JSON.stringify(batch.body)}`)
  return batch.body.enrolments as Array<{ household: string; arm: string }>
}
