import { describe, expect, it } from 'vitest'
import { InvalidFactsError, rateTrial } from '../../../analysis/ratings'
import { familyMediationProtocol } from '../../../trials/protocol/examples/family-mediation'
import type { Protocol } from '../../../trials/protocol/schema'
import {
  ArmRequiredError,
  deriveFacts,
  InconsistentReportError,
  NoPrimaryComparisonError,
} from '../../../trials/evidence'
import { handReport } from './plan-report'
import { tableOf } from '../../analysis/estimators/helpers'

const protocol = familyMediationProtocol
const declared = { outcome_source: 'administrative' as const }

describe('deriveFacts', () => {
  it('measures arm sizes and attrition from the run', () => {
    const { facts, provenance } = deriveFacts(protocol, handReport(), [], declared)
    expect(facts).toMatchObject({
      design: 'rct',
      n_randomised_treatment: 120,
      n_randomised_control: 120,
      n_analysed_treatment: 108,
      n_analysed_control: 102,
    })
    expect(provenance.n_analysed_control!.source).toBe('measured')
    expect(provenance.design!.source).toBe('registered')
    // 30 of 240 missing: 12.5% overall, 10% and 15% by arm.
    const report = rateTrial(facts)
    expect(report.derived.attrition_percent).toMatchObject({
      overall: 12.5,
      treatment: 10,
      control: 15,
      differential: 5,
    })
  })

  it('derives the MDES on the achieved sample with the registered alpha and power', () => {
    const { facts, provenance } = deriveFacts(protocol, handReport(), [], declared)
    // R: M <- qnorm(0.975) + qnorm(0.8); M * sqrt(1/120 + 1/120); M * sqrt(1/108 + 1/102)
    expect(facts.mdes_at_randomisation).toBeCloseTo(0.361683096424413, 12)
    expect(facts.mdes_at_analysis).toBeCloseTo(0.386813409374897, 12)
    expect(provenance.mdes_at_randomisation!.source).toBe('derived')
    expect(provenance.mdes_at_randomisation!.detail).toContain('registered plan: MDES 0.18')
  })

  it('takes baseline effect sizes from the balance report: Hedges g, Cox index for binary covariates', () => {
    const { facts } = deriveFacts(protocol, handReport(), [], declared)
    expect(facts.baseline_effect_sizes).toEqual([
      {
        variable: 'age_head',
        kind: 'continuous',
        effect_size: 0.08,
        adjusted_in_impact_model: true,
      },
      {
        variable: 'prior_presentations',
        kind: 'continuous',
        effect_size: -0.12,
        adjusted_in_impact_model: true,
      },
      { variable: 'in_work', kind: 'binary', effect_size: 0.031, adjusted_in_impact_model: false },
    ])
  })

  it('gives a rating whose limiting criterion is named', () => {
    const { facts } = deriveFacts(protocol, handReport(), [], declared)
    const eef = rateTrial(facts).ratings.eef_padlocks
    // design 5, MDES 0.36 -> 3, attrition 12.5% -> 13% -> 4: initial 3 limited by power; |g| 0.12 > 0.10 costs one padlock.
    expect(eef.components).toMatchObject({
      design: 5,
      power: 3,
      attrition: 4,
      initial: 3,
      balance_deduction: 1,
      threat_deduction: 0,
    })
    expect(eef.level).toBe(2)
    const limiting = eef.reasons.filter((r) => r.limiting)
    expect(limiting.map((r) => r.criterion)).toEqual(['power', 'balance'])
    expect(limiting[0]!.detail).toMatch(/^capped at 3 padlocks/)
  })

  it('flags declared facts as declared and undeclared ones as defaults', () => {
    const { facts, provenance } = deriveFacts(protocol, handReport(), [], {
      ...declared,
      outcome_measurement_blind: true,
      threats: [{ type: 'contamination', severity: 'moderate' }],
    })
    expect(facts.outcome_measurement_blind).toBe(true)
    expect(facts.threats).toEqual([
      { type: 'contamination', severity: 'moderate', direction: 'unknown' },
    ])
    expect(provenance.outcome_measurement_blind!.source).toBe('declared')
    expect(provenance.threats!.source).toBe('declared')
    expect(provenance.outcome_source!.source).toBe('declared')
    expect(provenance.independent_evaluation).toMatchObject({ source: 'default' })
    expect(facts.independent_evaluation).toBe(false)
    expect(provenance.joiners_in_analytic_sample!.source).toBe('registered')
  })

  it('reads theory of change and cost from the registered intervention', () => {
    const { facts, provenance } = deriveFacts(protocol, handReport(), [], declared, {
      intervention: { theory_of_change: 'Mediation lowers conflict', delivery_cost_pence: 52500 },
    })
    expect(facts.theory_of_change).toBe(true)
    expect(facts.cost_data_reported).toBe(true)
    expect(provenance.cost_data_reported!.source).toBe('registered')
  })

  it('marks the analysis as not pre-specified when a deviation touched the primary outcome', () => {
    const deviation = {
      version: 2,
      deviation_reasons: [
        {
          path: '/primary_outcome/time_point/offset',
          category: 'primary-outcome',
          reason: 'the primary outcome changed after recruitment started',
        },
      ],
    }
    const { facts, provenance } = deriveFacts(protocol, handReport(), [deviation], declared)
    expect(facts.prespecified_analysis).toBe(false)
    expect(provenance.prespecified_analysis!.detail).toContain('version 2')
    const secondary = {
      version: 3,
      deviation_reasons: [
        {
          path: '/analysis_plan/analyses/days_in_ta/spec/se_type',
          category: 'analysis-plan',
          reason: 'x',
        },
      ],
    }
    expect(
      deriveFacts(protocol, handReport(), [secondary], declared).facts.prespecified_analysis
    ).toBe(true)
  })

  it('reads an analysis-plan change made after outcomes were seen as a selective-reporting threat', () => {
    const change = (path: string, outcomesSeen: boolean | null, version = 2) => ({
      version,
      outcomes_seen: outcomesSeen,
      deviation_reasons: [{ path, category: 'analysis-plan', reason: 'the analysis plan changed' }],
    })
    const primary = '/analysis_plan/analyses/primary_itt/spec/se_type'
    const before = deriveFacts(protocol, handReport(), [change(primary, false)], declared)
    expect(before.facts.threats).toEqual([])
    expect(before.facts.prespecified_analysis).toBe(false)
    // The rated analysis amended after outcomes were seen: substantial, so RoB 2 domain 5 is high and
    // the EEF rating loses a padlock for it.
    const after = deriveFacts(protocol, handReport(), [change(primary, true)], declared)
    expect(after.facts.threats).toEqual([
      { type: 'selective_reporting', severity: 'substantial', direction: 'unknown' },
    ])
    expect(after.provenance.threats).toMatchObject({ source: 'registered' })
    expect(after.provenance.threats!.detail).toContain('after outcome data were seen (version 2)')
    const rated = rateTrial(after.facts)
    const unseen = rateTrial(before.facts)
    expect(rated.ratings.rob2_overall.domains!.d5_selection_of_result).toBe('high')
    expect(unseen.ratings.rob2_overall.domains!.d5_selection_of_result).toBe('some_concerns')
    expect(rated.ratings.eef_padlocks.components!.threat_deduction).toBe(1)
    // Another analysis amended after outcomes were seen: moderate; a declared worse threat stands.
    const other = deriveFacts(
      protocol,
      handReport(),
      [change('/analysis_plan/analyses/days_in_ta/spec/se_type', true, 3)],
      declared
    )
    expect(other.facts.threats).toEqual([
      { type: 'selective_reporting', severity: 'moderate', direction: 'unknown' },
    ])
    const worse = {
      type: 'selective_reporting',
      severity: 'substantial' as const,
      direction: 'unknown' as const,
    }
    expect(
      deriveFacts(
        protocol,
        handReport(),
        [change('/analysis_plan/analyses/days_in_ta/spec/se_type', true, 3)],
        { ...declared, threats: [worse] }
      ).facts.threats
    ).toEqual([worse])
    // Not recorded (amendments made before stamps existed): no threat is inferred.
    expect(
      deriveFacts(protocol, handReport(), [change(primary, null)], declared).facts.threats
    ).toEqual([])
  })

  it('derives cluster facts and the cluster MDES', () => {
    const clustered = structuredClone(protocol) as Protocol
    clustered.unit_of_randomisation = 'cluster'
    clustered.randomisation = {
      ...clustered.randomisation,
      method: 'cluster',
      cluster: 'office',
    } as Protocol['randomisation']
    clustered.sample_size.power_calculation.icc = 0.05
    const clusters = {
      randomised: { treatment: 6, control: 5 },
      analysed: { treatment: 6, control: 5 },
    }
    const { facts, provenance } = deriveFacts(clustered, handReport(), [], declared, { clusters })
    expect(facts).toMatchObject({
      design: 'cluster_rct',
      n_clusters_randomised_treatment: 6,
      n_clusters_analysed_control: 5,
      joiners_in_analytic_sample: true,
      confound_single_unit: false,
    })
    expect(provenance.joiners_in_analytic_sample!.source).toBe('default')
    // R: M <- qnorm(0.975) + qnorm(0.8); M * sqrt((0.05 + 0.95 / (240/11)) * (1/6 + 1/5)); same with 210/11
    expect(facts.mdes_at_randomisation).toBeCloseTo(0.518850338408216, 12)
    expect(facts.mdes_at_analysis).toBeCloseTo(0.535823699799463, 12)
    const single = deriveFacts(clustered, handReport(), [], declared, {
      clusters: {
        randomised: { treatment: 1, control: 5 },
        analysed: { treatment: 1, control: 5 },
      },
    })
    expect(single.facts.confound_single_unit).toBe(true)
    expect(single.provenance.confound_single_unit!.source).toBe('measured')
  })

  it('refuses declared facts outside the declared vocabulary, listing every field', () => {
    expect(() =>
      deriveFacts(protocol, handReport(), [], {
        outcome_source: 'gossip',
        design: 'magic',
        attrition_overall: 120,
      } as never)
    ).toThrowError(
      expect.objectContaining({
        issues: expect.arrayContaining([
          expect.objectContaining({ path: ['outcome_source'] }),
          expect.objectContaining({
            code: 'unrecognized_keys',
            keys: ['design', 'attrition_overall'],
          }),
        ]),
      })
    )
  })

  it('refuses a report whose counts are outside their domain', () => {
    // 132 of 120 analysed: attrition of -10%, which the facts schema refuses.
    const bad = handReport()
    bad.attrition[0]!.result = { ...bad.attrition[0]!.result!, attrition_treatment: -0.1 }
    expect(() => deriveFacts(protocol, bad, [], declared)).toThrow(InconsistentReportError)
    const off = handReport()
    off.attrition[0]!.result = { ...off.attrition[0]!.result!, attrition_treatment: 0.1 + 1e-3 }
    expect(() => deriveFacts(protocol, off, [], declared)).toThrow(InconsistentReportError)
  })

  it('needs a primary comparison with a result, and an arm in multi-arm trials', () => {
    const failed = handReport()
    failed.comparisons[0] = {
      ...failed.comparisons[0]!,
      result: null,
      error: { code: 'too-few-units', message: 'too few' },
    }
    expect(() => deriveFacts(protocol, failed, [], declared)).toThrow(NoPrimaryComparisonError)
    const twoArms = handReport()
    twoArms.comparisons.push({ ...twoArms.comparisons[0]!, arm: 'letters' })
    expect(() => deriveFacts(protocol, twoArms, [], declared)).toThrow(ArmRequiredError)
    expect(() => deriveFacts(protocol, twoArms, [], declared, { arm: 'nope' })).toThrow(
      NoPrimaryComparisonError
    )
    expect(
      deriveFacts(protocol, twoArms, [], declared, { arm: 'family_mediation' }).comparison.arm
    ).toBe('family_mediation')
  })

  it('validates the derived facts with the rating vocabulary', () => {
    const empty = handReport({
      sample_ratio_mismatch: {
        arms: ['usual_care', 'family_mediation'],
        observed: [0, 0],
        expected: [0, 0],
        statistic: 0,
        df: 1,
        p_value: 1,
      },
    })
    empty.attrition[0]!.result = {
      ...empty.attrition[0]!.result!,
      n_randomised: 0,
      attrition_treatment: 0,
      attrition_control: 0,
    }
    expect(() => deriveFacts(protocol, empty, [], declared)).toThrow(InvalidFactsError)
  })
})

describe('baseline equivalence on the analytic sample (EVIDENCE_RATINGS.md §4.3-4.4)', () => {
  // 20 households per arm with identical ages 20..39, so on every randomised household g = 0. The
  // five oldest treated households have no primary outcome (attrition differs by arm), so on the
  // analytic sample the treated arm is younger.
  const ages = Array.from({ length: 20 }, (_, i) => 20 + i)
  const types = ['single_under_25', 'single_25_plus', 'family_with_children']
  const rows = [
    ...ages.map((age, i) => ({
      arm: 'family_mediation',
      age,
      lost: age >= 35,
      type: types[i % 3]!,
    })),
    ...ages.map((age, i) => ({ arm: 'usual_care', age, lost: false, type: types[(i + 1) % 3]! })),
  ]
  const table = tableOf({
    arm: rows.map((r) => r.arm),
    homeless_6m: rows.map((r, i) => (r.lost ? null : i % 2)),
    age_head: rows.map((r) => r.age),
    household_type: rows.map((r) => r.type),
    in_work: rows.map((_, i) => (i % 4 === 0 ? 1 : 0)),
  })

  it('measures Hedges g on households with the primary outcome, not on every randomised one', () => {
    const { facts, provenance } = deriveFacts(protocol, handReport(), [], declared, { table })
    const sizes = facts.baseline_effect_sizes as Array<{ variable: string; effect_size: number }>
    const age = sizes.find((s) => s.variable === 'age_head')!
    // Analytic sample: treated ages 20..34 (n 15, mean 27, var 15 * 16 / 12 = 20), control 20..39
    // (n 20, mean 29.5, var 20 * 21 / 12 = 35); s_pooled = sqrt((14 * 20 + 19 * 35) / 33) = 5.35130,
    // omega = 1 - 3 / (4 * 35 - 9), g = omega * (27 - 29.5) / s_pooled.
    // R: x1 <- 20:34; x0 <- 20:39; sp <- sqrt((14 * var(x1) + 19 * var(x0)) / 33)
    //    (1 - 3 / (4 * 35 - 9)) * (mean(x1) - mean(x0)) / sp   # -0.4564779...
    const sp = Math.sqrt((14 * 20 + 19 * 35) / 33)
    expect(age.effect_size).toBeCloseTo(((1 - 3 / 131) * (27 - 29.5)) / sp, 12)
    expect(age.effect_size).toBeCloseTo(-0.45648, 4)
    // On every randomised household the ages are identical: g would be 0.
    expect(Math.abs(age.effect_size)).toBeGreaterThan(0.25)
    expect(provenance.baseline_effect_sizes!.detail).toContain('15 and 20 households')
  })

  it('enters each category of a categorical characteristic as one binary indicator with a Cox index', () => {
    const { facts } = deriveFacts(protocol, handReport(), [], declared, { table })
    const sizes = facts.baseline_effect_sizes as Array<{
      variable: string
      kind: string
      effect_size: number
    }>
    const indicators = sizes.filter((s) => s.variable.startsWith('household_type='))
    expect(indicators.map((s) => s.variable)).toEqual(types.map((t) => `household_type=${t}`))
    expect(indicators.every((s) => s.kind === 'binary')).toBe(true)
    // Treated analytic sample: households 0..14 with type i % 3, so 5 of each type out of 15;
    // control: type (i + 1) % 3 over 20, so single_under_25 6, single_25_plus 7, family 7.
    const logit = (p: number) => Math.log(p / (1 - p))
    const omega = 1 - 3 / 131
    const expected = [
      [5 / 15, 6 / 20],
      [5 / 15, 7 / 20],
      [5 / 15, 7 / 20],
    ].map(([pt, pc]) => (omega * (logit(pt!) - logit(pc!))) / 1.65)
    indicators.forEach((s, i) => expect(s.effect_size).toBeCloseTo(expected[i]!, 12))
  })
})

describe('numbers in rating reasons and provenance', () => {
  it('are rounded to a sensible precision, never printed in full', () => {
    const report = handReport()
    const { facts, provenance } = deriveFacts(protocol, report, [], declared)
    const ugly = {
      ...facts,
      baseline_effect_sizes: [
        {
          variable: 'age_head',
          kind: 'continuous' as const,
          effect_size: 0.16434061451691886,
          adjusted_in_impact_model: false,
        },
      ],
      n_analysed_treatment: (facts.n_analysed_treatment as number) - 7,
    }
    const rating = rateTrial(ugly as typeof facts)
    const texts = [
      ...Object.values(rating.ratings).flatMap((r) =>
        ((r as { reasons?: Array<{ detail: string }> }).reasons ?? []).map((x) => x.detail)
      ),
      ...Object.values(provenance).map((p) => p!.detail),
    ]
    expect(texts.join(' ')).toContain('0.164')
    const long = texts.filter((t) => /\d\.\d{5,}/.test(t))
    expect(long).toEqual([])
  })
})
