import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { describe, expect, it } from 'vitest'
import { clusterRandomisedVariant, threeArmVariant } from '../../trials/protocol/examples/variants'
import { useHarness } from '../support/harness'
import { createRecruitingTrial, protocolForCouncilA } from '../support/fixtures'
import { simulateOutcomes } from '../support/outcomes'

const h = useHarness()

const areas = exampleCouncilAreas
const types = exampleHouseholdTypes

async function runToAnalysis(
  trialId: string,
  households: Array<{ household_ref: string; baseline: Record<string, string | number> }>
) {
  const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
    token: h.cast.officerA.token,
    body: { households },
  })
  if (batch.status !== 201) throw new Error(JSON.stringify(batch.body))
  await simulateOutcomes(h, trialId, h.cast.officerA.userId)
  await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
  const run = await h.json('POST', `/trials/${trialId}/analyses`, {
    token: h.cast.evaluatorA.token,
  })
  if (run.status !== 201) throw new Error(JSON.stringify(run.body))
  return { enrolments: batch.body.enrolments as Array<{ arm: string }>, report: run.body.report }
}

describe('a cluster-randomised trial, end to end', () => {
  it('allocates whole caseworker caseloads and analyses with CR2 cluster-robust errors', async () => {
    const { trialId } = await createRecruitingTrial(
      h,
      protocolForCouncilA(clusterRandomisedVariant())
    )
    // 24 caseworkers, 4 in each of council areas 0-4 (one area has 8); 10 households each.
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
    const { enrolments, report } = await runToAnalysis(trialId, households)
    const armOf = new Map<string, string>()
    enrolments.forEach((e, i) => {
      const cw = households[i]!.baseline.caseworker as string
      if (armOf.has(cw)) expect(e.arm, `caseworker ${cw}`).toBe(armOf.get(cw))
      armOf.set(cw, e.arm)
    })
    expect(new Set(armOf.values()).size).toBe(2)
    for (const c of report.comparisons) {
      expect(c.error).toBeNull()
      expect(c.spec).toMatchObject({ clusters: 'caseworker', se_type: 'CR2' })
      // Bell-McCaffrey degrees of freedom are bounded by the number of clusters.
      expect(c.result.df).toBeLessThan(24)
    }
  })
})

describe('a three-arm trial, end to end', () => {
  it('compares each active arm with control and adjusts within the declared families', async () => {
    const { trialId } = await createRecruitingTrial(h, protocolForCouncilA(threeArmVariant()))
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
    const { enrolments, report } = await runToAnalysis(trialId, households)
    const counts = enrolments.reduce<Record<string, number>>(
      (acc, e) => ({ ...acc, [e.arm]: (acc[e.arm] ?? 0) + 1 }),
      {}
    )
    // Permuted blocks of 3 or 6 within 15 strata: every arm within one block's worth per stratum.
    for (const n of Object.values(counts)) expect(Math.abs(n - 90)).toBeLessThanOrEqual(15 * 2)
    const primary = report.comparisons.filter(
      (c: { analysis: string }) => c.analysis === 'primary_itt'
    )
    expect(primary.map((c: { arm: string }) => c.arm)).toEqual([
      'family_mediation',
      'mediation_plus_support',
    ])
    expect(
      primary.every(
        (c: { adjusted: { family: string; family_size: number } }) =>
          c.adjusted.family === 'primary_arms' && c.adjusted.family_size === 2
      )
    ).toBe(true)
    const secondary = report.families.filter(
      (f: { family: string }) => f.family === 'secondary_outcomes'
    )
    expect(secondary).toHaveLength(4)
    expect(report.sample_ratio_mismatch.arms).toEqual([
      'usual_care',
      'family_mediation',
      'mediation_plus_support',
    ])
    expect(report.balance.map((b: { arm: string }) => b.arm)).toEqual([
      'family_mediation',
      'mediation_plus_support',
    ])
    // Every count is labelled with its arm, and every block reads in the randomisation's arm order.
    const size = (arm: string) =>
      report.sample_ratio_mismatch.observed[report.sample_ratio_mismatch.arms.indexOf(arm)]
    for (const b of report.balance) {
      const block = b.result.sample_ratio_mismatch
      expect(block.arms).toEqual(['usual_care', b.arm])
      expect(block.observed).toEqual([size('usual_care'), size(b.arm)])
    }
    expect(Object.keys(report.families[0]).sort()).toEqual([
      'adjusted_p',
      'family',
      'family_size',
      'method',
      'name',
      'p',
      'rejected',
    ])
  })
})

describe('a complier (CACE) analysis from recorded take-up, end to end', () => {
  it('imports take-up as process data and runs the registered iv analysis with the assignment as instrument', async () => {
    const protocol = protocolForCouncilA() as any
    protocol.analysis_plan.analyses.push({
      name: 'cace',
      role: 'sensitivity',
      description: 'Complier average causal effect of attending mediation',
      spec: {
        estimator: 'iv',
        outcome: 'homeless_6m',
        endogenous: 'attended_mediation',
        covariates: ['age_head'],
        se_type: 'HC2',
      },
    })
    const { trialId } = await createRecruitingTrial(h, protocol)
    const households = Array.from({ length: 120 }, (_, i) => ({
      household_ref: `K-${i}`,
      baseline: {
        council_area: areas[i % 5]!,
        household_type: types[i % 3]!,
        age_head: 20 + (i % 40),
        prior_presentations: i % 3,
        in_work: i % 2,
      },
    }))
    const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: { households },
    })
    await simulateOutcomes(h, trialId, h.cast.officerA.userId)
    // One-sided non-compliance: four in five offered mediation attend; nobody in usual care does.
    const csv = [
      'household,attended_mediation',
      ...batch.body.enrolments.map(
        (e: { household: string; arm: string }, i: number) =>
          `${e.household},${e.arm === 'family_mediation' && i % 5 !== 0 ? 1 : 0}`
      ),
    ].join('\n')
    const imported = await h.request('POST', `/trials/${trialId}/imports?kind=process`, {
      token: h.cast.evaluatorA.token,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    })
    expect(imported.status, await imported.clone().text()).toBe(201)
    await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
    const run = await h.json('POST', `/trials/${trialId}/analyses`, {
      token: h.cast.evaluatorA.token,
    })
    const cace = run.body.report.comparisons.find(
      (c: { analysis: string }) => c.analysis === 'cace'
    )
    const itt = run.body.report.comparisons.find(
      (c: { analysis: string }) => c.analysis === 'primary_itt'
    )
    expect(cace.error).toBeNull()
    expect(cace.spec).toMatchObject({
      instrument: 'arm',
      treatment_arm: 'family_mediation',
      control_arm: 'usual_care',
    })
    // With one-sided non-compliance the CACE is the ITT effect scaled up by the take-up rate (Bloom 1984), in direction and roughly in size.
    expect(Math.sign(cace.result.estimate)).toBe(Math.sign(itt.result.estimate))
    expect(Math.abs(cace.result.estimate)).toBeGreaterThan(Math.abs(itt.result.estimate) * 0.9)
  })
})
