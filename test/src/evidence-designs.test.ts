import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { describe, expect, it } from 'vitest'
import { clusterRandomisedVariant, threeArmVariant } from '../../trials/protocol/examples/variants'
import { useHarness } from '../support/harness'
import {
  createRecruitingTrial,
  protocolForCouncilA,
  completeDataCollection,
} from '../support/fixtures'
import { simulateOutcomes } from '../support/outcomes'

const h = useHarness()

const areas = exampleCouncilAreas
const types = exampleHouseholdTypes
const declared = { outcome_source: 'administrative' }

async function analysed(
  protocol: Record<string, unknown>,
  households: Array<{ household_ref: string; baseline: Record<string, string | number> }>
) {
  const { trialId } = await createRecruitingTrial(h, protocol)
  const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
    token: h.cast.officerA.token,
    body: { households },
  })
  if (batch.status !== 201) throw new Error(JSON.stringify(batch.body))
  await simulateOutcomes(h, trialId, h.cast.officerA.userId)
  await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
  await completeDataCollection(h, trialId)
  const run = await h.json('POST', `/trials/${trialId}/analyses`, {
    token: h.cast.evaluatorA.token,
  })
  if (run.status !== 201) throw new Error(JSON.stringify(run.body))
  return { trialId, enrolments: batch.body.enrolments as Array<{ arm: string }> }
}

describe('rating a cluster-randomised trial', () => {
  it('counts clusters from the data and derives the cluster MDES with the registered ICC', async () => {
    // 24 caseworkers with 10 households each.
    const households = Array.from({ length: 240 }, (_, i) => {
      const caseworker = i % 24
      return {
        household_ref: `C-${i}`,
        baseline: {
          council_area: areas[caseworker % 5]!,
          household_type: types[i % 3]!,
          caseworker: `cw${caseworker}`,
          age_head: 20 + (i % 40),
          prior_presentations: i % 3,
          in_work: i % 2,
        },
      }
    })
    const { trialId, enrolments } = await analysed(
      protocolForCouncilA(clusterRandomisedVariant()),
      households
    )
    const treated = new Set(
      enrolments.flatMap((e, i) =>
        e.arm === 'family_mediation' ? [households[i]!.baseline.caseworker] : []
      )
    )
    const res = await h.json('POST', `/trials/${trialId}/ratings`, {
      token: h.cast.evaluatorA.token,
      body: { declared: { ...declared, joiners_in_analytic_sample: false } },
    })
    expect(res.status).toBe(201)
    const f = res.body.facts
    expect(f.design).toMatchObject({ value: 'cluster_rct', source: 'registered' })
    expect(f.n_clusters_randomised_treatment).toMatchObject({
      value: treated.size,
      source: 'measured',
    })
    expect(f.n_clusters_randomised_control.value).toBe(24 - treated.size)
    expect(f.n_clusters_analysed_treatment.value).toBeLessThanOrEqual(treated.size)
    expect(f.joiners_in_analytic_sample).toMatchObject({ value: false, source: 'declared' })
    // R: (qnorm(0.975) + qnorm(0.8)) * sqrt((0.05 + 0.95 / 10) * (1/Jt + 1/Jc)); 240 households in 24 clusters
    const M = 2.8015852181129679
    expect(f.mdes_at_randomisation.value).toBeCloseTo(
      M * Math.sqrt((0.05 + 0.95 / 10) * (1 / treated.size + 1 / (24 - treated.size))),
      12
    )
    const lostClusters =
      treated.size -
      f.n_clusters_analysed_treatment.value +
      (24 - treated.size) -
      f.n_clusters_analysed_control.value
    expect(res.body.derived.cluster_attrition_percent.overall).toBeCloseTo(
      (100 * lostClusters) / 24,
      9
    )
    expect(res.body.warnings).not.toContain('cluster_counts_missing')
  })
})

describe('rating a three-arm trial', () => {
  it('rates one arm at a time, named by the caller', async () => {
    const households = Array.from({ length: 270 }, (_, i) => ({
      household_ref: `T-${i}`,
      baseline: {
        council_area: areas[i % 5]!,
        household_type: types[(i * 7) % 3]!,
        age_head: 18 + ((i * 13) % 45),
        prior_presentations: i % 4,
        in_work: (i * 3) % 2,
      },
    }))
    const { trialId, enrolments } = await analysed(
      protocolForCouncilA(threeArmVariant()),
      households
    )
    const unnamed = await h.json('POST', `/trials/${trialId}/ratings`, {
      token: h.cast.evaluatorA.token,
      body: { declared },
    })
    expect(unnamed.status).toBe(422)
    expect(unnamed.body).toMatchObject({
      type: '/problems/arm-required',
      arms: ['family_mediation', 'mediation_plus_support'],
    })
    const unknown = await h.json('POST', `/trials/${trialId}/ratings`, {
      token: h.cast.evaluatorA.token,
      body: { declared, arm: 'usual_care' },
    })
    expect(unknown.status).toBe(422)
    expect(unknown.body.type).toBe('/problems/no-primary-comparison')
    const res = await h.json('POST', `/trials/${trialId}/ratings`, {
      token: h.cast.evaluatorA.token,
      body: { declared, arm: 'mediation_plus_support' },
    })
    expect(res.status).toBe(201)
    expect(res.body.comparison).toMatchObject({
      arm: 'mediation_plus_support',
      control: 'usual_care',
      analysis: 'primary_itt',
    })
    const count = (arm: string) => enrolments.filter((e) => e.arm === arm).length
    expect(res.body.facts.n_randomised_treatment.value).toBe(count('mediation_plus_support'))
    expect(res.body.facts.n_randomised_control.value).toBe(count('usual_care'))
  })
})
