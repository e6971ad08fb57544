import { describe, expect, it } from 'vitest'
import { familyMediationProtocol } from '../../../trials/protocol/examples/family-mediation'
import {
  clusterRandomisedVariant,
  threeArmVariant,
} from '../../../trials/protocol/examples/variants'
import type { Protocol } from '../../../trials/protocol/schema'
import {
  assertRegistrable,
  crossFieldProblems,
  validateForRegistration,
} from '../../../trials/protocol/validate'

// Mutable JSON copy: tests break the example in one place each.
type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any
const example = (): Json => JSON.parse(JSON.stringify(familyMediationProtocol))

function problemsOf(input: unknown) {
  const result = validateForRegistration(input)
  return {
    ok: result.ok,
    errors: result.problems.filter((p) => p.severity === 'error'),
    warnings: result.problems.filter((p) => p.severity === 'warning'),
  }
}
const codesAt = (input: unknown) => problemsOf(input).errors.map((p) => `${p.code} ${p.path}`)

/** A cluster-randomised variant of the example: caseworkers randomised within council areas. */
const clusterExample = (): Json => JSON.parse(JSON.stringify(clusterRandomisedVariant()))

describe('the family mediation example', () => {
  it('is registrable with no problems at all', () => {
    const result = validateForRegistration(familyMediationProtocol)
    expect(result.problems).toEqual([])
    expect(result.ok).toBe(true)
  })

  it('its three-arm variant is registrable with no problems', () => {
    expect(validateForRegistration(threeArmVariant()).problems).toEqual([])
  })

  it('its cluster variant is registrable too', () => {
    const result = validateForRegistration(clusterExample())
    expect(result.problems).toEqual([])
  })
})

describe('the refusals named in the issue', () => {
  it('a stratum variable that is not a declared covariate', () => {
    const p = example()
    p.randomisation.strata.push('tenure')
    p.randomisation.strata_values.tenure = ['private_rented', 'social_rented']
    expect(codesAt(p)).toEqual(['undeclared-stratum-variable /randomisation/strata/2'])
  })

  it.each([
    ['a fraction', 1.5],
    ['zero', 0],
    ['a negative number', -1],
    ['a string', '2'],
  ])('an allocation ratio that is %s', (_label, ratio) => {
    const p = example()
    p.randomisation.arms[1].ratio = ratio
    expect(codesAt(p)).toContain('invalid-allocation-ratio /randomisation/arms/1/ratio')
    expect(problemsOf(p).ok).toBe(false)
  })

  it('no control arm', () => {
    const p = example()
    p.arms[0].control = false
    expect(codesAt(p)).toEqual(['no-control-arm /arms'])
  })

  it('an analysis plan naming an unknown outcome', () => {
    const p = example()
    p.analysis_plan.analyses[2].spec.outcome = 'days_in_b_and_b'
    expect(codesAt(p)).toEqual(['unknown-outcome /analysis_plan/analyses/2/spec/outcome'])
  })

  it('an analysis plan naming an unknown covariate', () => {
    const p = example()
    p.analysis_plan.analyses[0].spec.covariates = ['age_head', 'income']
    expect(codesAt(p)).toEqual(['unknown-covariate /analysis_plan/analyses/0/spec/covariates/1'])
  })

  it('a cluster design analysed without clusters', () => {
    const p = clusterExample()
    delete p.analysis_plan.analyses[0].spec.clusters
    p.analysis_plan.analyses[0].spec.se_type = 'HC2'
    expect(codesAt(p)).toEqual([
      'cluster-design-without-clusters /analysis_plan/analyses/0/spec/clusters',
    ])
  })

  it('lists every problem at once, structural and cross-field', () => {
    const p = example()
    p.randomisation.strata.push('tenure')
    p.randomisation.arms[1].ratio = 1.5
    p.arms[0].control = false
    p.analysis_plan.analyses[2].spec.outcome = 'days_in_b_and_b'
    p.analysis_plan.analyses[0].spec.covariates = ['age_head', 'income']
    p.unexpected = true
    delete p.summary
    expect(codesAt(p).sort()).toEqual(
      [
        'required /summary',
        'unknown-field /unexpected',
        'invalid-allocation-ratio /randomisation/arms/1/ratio',
        'no-control-arm /arms',
        'undeclared-stratum-variable /randomisation/strata/2',
        'unknown-outcome /analysis_plan/analyses/2/spec/outcome',
        'unknown-covariate /analysis_plan/analyses/0/spec/covariates/1',
      ].sort()
    )
  })

  it('assertRegistrable throws protocol-invalid with the problems in details', () => {
    const p = example()
    p.arms[0].control = false
    expect(() => assertRegistrable(p)).toThrowError(
      expect.objectContaining({
        code: 'protocol-invalid',
        details: { problems: [expect.objectContaining({ code: 'no-control-arm', path: '/arms' })] },
      })
    )
  })
})

describe('design checks', () => {
  const cases: Array<[string, (p: Json) => void, string[]]> = [
    [
      'duplicate arm names',
      (p) => {
        p.arms[1].name = 'usual_care'
        p.randomisation.arms[1].name = 'usual_care'
      },
      ['duplicate-name /arms/1/name'],
    ],
    [
      'two control arms',
      (p) => {
        p.arms[1].control = true
      },
      ['multiple-control-arms /arms'],
    ],
    [
      'fewer than two arms',
      (p) => {
        p.arms.pop()
        p.randomisation.arms.pop()
      },
      ['too-few-arms /arms', 'too-few-arms /randomisation/arms'],
    ],
    [
      'randomisation arms in another order',
      (p) => {
        p.randomisation.arms.reverse()
      },
      ['arm-mismatch /randomisation/arms'],
    ],
    [
      'stratum allowed values missing',
      (p) => {
        delete p.randomisation.strata_values.household_type
      },
      ['missing-stratum-values /randomisation/strata/1'],
    ],
    [
      'stratum allowed value duplicated',
      (p) => {
        p.randomisation.strata_values.council_area.push('leeds')
      },
      ['duplicate-stratum-value /randomisation/strata_values/council_area/5'],
    ],
    [
      'stratum value that is not a level',
      (p) => {
        p.randomisation.strata_values.council_area[0] = 'york'
      },
      ['stratum-value-not-a-level /randomisation/strata_values/council_area/0'],
    ],
    [
      'stratum on a continuous covariate',
      (p) => {
        p.randomisation.strata[1] = 'age_head'
        p.randomisation.strata_values = {
          council_area: p.randomisation.strata_values.council_area,
          age_head: [30, 40],
        }
      },
      ['stratum-not-categorical /randomisation/strata/1'],
    ],
    [
      'allowed values for a field that is not a stratum',
      (p) => {
        p.randomisation.strata_values.in_work = [0, 1]
      },
      ['unknown-stratum-field /randomisation/strata_values/in_work'],
    ],
    [
      'block size not a multiple of the ratio sum',
      (p) => {
        p.randomisation.block_sizes = [4, 5]
      },
      ['block-size-not-multiple-of-ratio-sum /randomisation/block_sizes/1'],
    ],
    [
      '2:1 allocation with blocks of 4',
      (p) => {
        p.randomisation.arms[1].ratio = 2
      },
      ['block-size-not-multiple-of-ratio-sum /randomisation/block_sizes/0'],
    ],
    [
      'block method without block sizes',
      (p) => {
        delete p.randomisation.block_sizes
      },
      ['missing-block-sizes /randomisation/block_sizes'],
    ],
    [
      'stratified method without strata',
      (p) => {
        delete p.randomisation.strata
        delete p.randomisation.strata_values
      },
      ['missing-strata /randomisation/strata'],
    ],
    [
      'strata with an unstratified method',
      (p) => {
        p.randomisation.method = 'permuted_block'
      },
      ['strata-not-used /randomisation/strata'],
    ],
    [
      'cluster method on a household design',
      (p) => {
        p.randomisation.method = 'stratified_cluster'
        p.randomisation.cluster = 'council_area'
      },
      ['unit-method-mismatch /randomisation/method'],
    ],
    [
      'a variable called like an allocation column',
      (p) => {
        p.covariates[2].name = 'arm'
        p.analysis_plan.analyses.forEach((a: Json) => (a.spec.covariates = ['prior_presentations']))
      },
      ['reserved-name /covariates/2/name'],
    ],
    [
      'a direct identifier as a covariate',
      (p) => {
        p.covariates.push({ name: 'postcode', label: 'Postcode', type: 'categorical' })
      },
      ['personal-data-variable /covariates/5/name'],
    ],
    [
      'an outcome named like a covariate',
      (p) => {
        p.secondary_outcomes[1].name = 'in_work'
        p.analysis_plan.analyses[3].spec.outcome = 'in_work'
        p.hypotheses[2].outcome = 'in_work'
      },
      ['duplicate-name /secondary_outcomes/1/name'],
    ],
    [
      'levels on a non-categorical covariate',
      (p) => {
        p.covariates[4].levels = ['no', 'yes']
      },
      ['levels-not-categorical /covariates/4/levels'],
    ],
    [
      'duplicate council',
      (p) => {
        p.councils.push(p.councils[0])
      },
      ['duplicate-council /councils/5/code'],
    ],
    [
      'recruitment ending before it starts',
      (p) => {
        p.timeline.recruitment_end = '2025-01-01'
      },
      ['invalid-timeline /timeline/recruitment_end'],
    ],
    [
      'a date that is not ISO 8601',
      (p) => {
        p.timeline.recruitment_start = '01/05/2025'
      },
      ['invalid-format /timeline/recruitment_start'],
    ],
    [
      'an outcome window that is not an ISO 8601 duration',
      (p) => {
        p.primary_outcome.time_point.offset = '6 months'
      },
      ['invalid-format /primary_outcome/time_point/offset'],
    ],
    [
      'a name that is not snake_case',
      (p) => {
        p.covariates[2].name = 'Age Head'
      },
      ['invalid-format /covariates/2/name'],
    ],
  ]
  it.each(cases)('%s', (_label, mutate, expected) => {
    const p = example()
    mutate(p)
    expect(codesAt(p)).toEqual(expect.arrayContaining(expected))
    expect(problemsOf(p).ok).toBe(false)
  })

  it('cluster designs: undeclared, missing or non-categorical cluster field', () => {
    const undeclared = clusterExample()
    undeclared.covariates.pop()
    expect(codesAt(undeclared)).toEqual(['undeclared-cluster-variable /randomisation/cluster'])
    const missing = clusterExample()
    delete missing.randomisation.cluster
    expect(codesAt(missing)).toContain('missing-cluster-variable /randomisation/cluster')
    const numeric = clusterExample()
    numeric.covariates.at(-1).type = 'count'
    expect(codesAt(numeric)).toEqual(['cluster-not-categorical /randomisation/cluster'])
  })

  it('minimisation factors must be declared grouping covariates', () => {
    const p = example()
    p.randomisation = {
      method: 'minimisation',
      arms: p.randomisation.arms,
      minimisation: {
        factors: ['council_area', 'age_head', 'tenure'],
        imbalance: 'range',
        p_follow: 0.8,
      },
    }
    p.analysis_plan.analyses[1].spec.blocks = 'council_area'
    expect(codesAt(p)).toEqual([
      'minimisation-factor-not-categorical /randomisation/minimisation/factors/1',
      'undeclared-minimisation-factor /randomisation/minimisation/factors/2',
    ])
  })
})

describe('analysis plan checks', () => {
  const cases: Array<[string, (p: Json) => void, string[]]> = [
    [
      'no primary analysis',
      (p) => {
        p.analysis_plan.analyses[0].role = 'sensitivity'
      },
      ['primary-outcome-not-analysed /analysis_plan/analyses'],
    ],
    [
      'two primary analyses',
      (p) => {
        p.analysis_plan.analyses[1].role = 'primary'
      },
      ['multiple-primary-analyses /analysis_plan/analyses/1/role'],
    ],
    [
      'primary analysis of a secondary outcome',
      (p) => {
        p.analysis_plan.analyses[0].spec.outcome = 'settled_6m'
      },
      ['primary-analysis-wrong-outcome /analysis_plan/analyses/0/spec/outcome'],
    ],
    [
      'logistic regression of a continuous outcome',
      (p) => {
        p.analysis_plan.analyses[2].spec = {
          estimator: 'logistic',
          outcome: 'days_in_temp_accommodation',
          covariates: [],
          alpha: 0.05,
        }
      },
      ['estimator-needs-binary-outcome /analysis_plan/analyses/2/spec/estimator'],
    ],
    [
      'risk ratio of a continuous outcome',
      (p) => {
        p.analysis_plan.analyses[2].spec = {
          estimator: 'risk_ratio',
          outcome: 'days_in_temp_accommodation',
          alpha: 0.05,
        }
      },
      ['estimator-needs-binary-outcome /analysis_plan/analyses/2/spec/estimator'],
    ],
    [
      'a categorical covariate in a regression',
      (p) => {
        p.analysis_plan.analyses[0].spec.covariates.push('household_type')
      },
      ['categorical-covariate-in-model /analysis_plan/analyses/0/spec/covariates/3'],
    ],
    [
      'blocks that are not the strata',
      (p) => {
        p.analysis_plan.analyses[1].spec.blocks = 'in_work'
      },
      ['blocks-not-strata /analysis_plan/analyses/1/spec/blocks'],
    ],
    [
      'blocks in an unstratified design',
      (p) => {
        p.randomisation = { method: 'permuted_block', arms: p.randomisation.arms, block_sizes: [4] }
      },
      ['blocks-not-strata /analysis_plan/analyses/1/spec/blocks'],
    ],
    [
      'HC2 with clusters (estimator rule)',
      (p) => {
        p.covariates.push({ name: 'caseworker', label: 'Caseworker', type: 'categorical' })
        p.analysis_plan.analyses[0].spec.clusters = 'caseworker'
      },
      ['invalid-analysis-spec /analysis_plan/analyses/0/spec/se_type'],
    ],
    [
      'clusters on an undeclared column',
      (p) => {
        p.analysis_plan.analyses[0].spec.clusters = 'caseworker'
        p.analysis_plan.analyses[0].spec.se_type = 'CR2'
      },
      ['unknown-covariate /analysis_plan/analyses/0/spec/clusters'],
    ],
    [
      'an estimator outside the plan vocabulary',
      (p) => {
        p.analysis_plan.analyses[2].spec = { estimator: 'balance', covariates: ['age_head'] }
      },
      ['invalid-value /analysis_plan/analyses/2/spec/estimator'],
    ],
    [
      'treatment written out (it is implicit)',
      (p) => {
        p.analysis_plan.analyses[0].spec.treatment = 'arm'
      },
      ['unknown-field /analysis_plan/analyses/0/spec/treatment'],
    ],
    [
      'comparison with an unknown arm',
      (p) => {
        p.analysis_plan.analyses[0].arms = ['letters']
      },
      ['unknown-arm /analysis_plan/analyses/0/arms/0'],
    ],
    [
      'comparison with the control arm itself',
      (p) => {
        p.analysis_plan.analyses[0].arms = ['usual_care']
      },
      ['comparison-with-control-arm /analysis_plan/analyses/0/arms/0'],
    ],
    [
      'iv with an undeclared take-up measure',
      (p) => {
        p.analysis_plan.analyses.push({
          name: 'cace',
          role: 'exploratory',
          spec: {
            estimator: 'iv',
            outcome: 'homeless_6m',
            endogenous: 'took_up',
            covariates: [],
            alpha: 0.05,
          },
        })
      },
      ['unknown-process-measure /analysis_plan/analyses/4/spec/endogenous'],
    ],
    [
      'exact randomisation inference on 1100 households',
      (p) => {
        p.analysis_plan.analyses.push({
          name: 'ri',
          role: 'sensitivity',
          spec: {
            estimator: 'randomisation_inference',
            outcome: 'homeless_6m',
            method: 'exact',
            alpha: 0.05,
          },
        })
      },
      ['exact-inference-infeasible /analysis_plan/analyses/4/spec/method'],
    ],
    [
      'duplicate analysis names',
      (p) => {
        p.analysis_plan.analyses[3].name = 'days_in_ta'
      },
      [
        'duplicate-name /analysis_plan/analyses/3/name',
        'unknown-analysis /analysis_plan/families/0/analyses/1',
      ],
    ],
    [
      'a family naming an unknown analysis',
      (p) => {
        p.analysis_plan.families[0].analyses.push('tenancy')
      },
      ['unknown-analysis /analysis_plan/families/0/analyses/2'],
    ],
    [
      'an analysis in two families',
      (p) => {
        p.analysis_plan.families.push({ name: 'again', method: 'none', analyses: ['settled'] })
      },
      ['analysis-in-several-families /analysis_plan/families/1/analyses/0'],
    ],
    [
      'a family mixing alphas',
      (p) => {
        p.analysis_plan.analyses[3].spec.alpha = 0.1
      },
      ['family-alpha-mismatch /analysis_plan/families/0/analyses'],
    ],
    [
      'a family method outside the list',
      (p) => {
        p.analysis_plan.families[0].method = 'sidak'
      },
      ['invalid-value /analysis_plan/families/0/method'],
    ],
    [
      'a hypothesis on an unknown outcome',
      (p) => {
        p.hypotheses[1].outcome = 'rough_sleeping'
      },
      ['unknown-outcome /hypotheses/1/outcome'],
    ],
    [
      'a hypothesis about the control arm',
      (p) => {
        p.hypotheses[0].arm = 'usual_care'
      },
      ['comparison-with-control-arm /hypotheses/0/arm'],
    ],
    [
      'no hypothesis for the primary outcome',
      (p) => {
        p.hypotheses.shift()
      },
      ['missing-primary-hypothesis /hypotheses'],
    ],
  ]
  it.each(cases)('%s', (_label, mutate, expected) => {
    const p = example()
    mutate(p)
    expect(codesAt(p)).toEqual(expected)
  })

  it('a cluster design analysed with an estimator that cannot cluster, or on the wrong cluster', () => {
    const risk = clusterExample()
    risk.analysis_plan.analyses[3].spec = {
      estimator: 'risk_difference',
      outcome: 'settled_6m',
      alpha: 0.05,
    }
    expect(codesAt(risk)).toEqual([
      'cluster-design-without-clusters /analysis_plan/analyses/3/spec/estimator',
    ])
    const wrong = clusterExample()
    wrong.analysis_plan.analyses[0].spec.clusters = 'council_area'
    expect(codesAt(wrong)).toEqual([
      'clusters-not-design-cluster /analysis_plan/analyses/0/spec/clusters',
    ])
  })

  it('warns, without blocking, about analyses that ignore the design or multiplicity', () => {
    const p = example()
    p.analysis_plan.analyses.splice(1, 1) // drop the strata fixed-effects sensitivity analysis
    p.analysis_plan.families = []
    const { ok, warnings } = problemsOf(p)
    expect(ok).toBe(true)
    expect(warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'stratification-ignored /analysis_plan/analyses',
      'unadjusted-secondary-analyses /analysis_plan/families',
    ])
  })

  it('warns when blocks use one of several stratification fields, and when a secondary outcome is not analysed', () => {
    const p = example()
    p.analysis_plan.analyses[1].spec.blocks = 'council_area'
    p.analysis_plan.analyses.pop()
    p.analysis_plan.families[0].analyses.pop()
    expect(problemsOf(p).warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'blocks-coarser-than-strata /analysis_plan/analyses/1/spec/blocks',
      'outcome-not-analysed /secondary_outcomes/1',
    ])
  })

  it('warns when a three-arm primary analysis is in no family', () => {
    const p = example()
    p.arms.push({ name: 'letter', description: 'A letter offering mediation', control: false })
    p.randomisation.arms.push({ name: 'letter', ratio: 1 })
    p.randomisation.block_sizes = [3, 6]
    p.sample_size.target_households = 1650
    expect(problemsOf(p).warnings.map((w) => w.code)).toEqual(['unadjusted-multi-arm-comparisons'])
  })
})

describe('sample size and power checks', () => {
  const cases: Array<[string, (p: Json) => void, string[]]> = [
    [
      'alpha outside (0, 1)',
      (p) => {
        p.sample_size.power_calculation.alpha = 1
      },
      ['out-of-range /sample_size/power_calculation/alpha'],
    ],
    [
      'power outside (0, 1)',
      (p) => {
        p.sample_size.power_calculation.power = 0
      },
      ['out-of-range /sample_size/power_calculation/power'],
    ],
    [
      'ICC of 1',
      (p) => {
        p.sample_size.power_calculation.icc = 1
      },
      ['out-of-range /sample_size/power_calculation/icc'],
    ],
    [
      'a missing MDES',
      (p) => {
        delete p.sample_size.power_calculation.mdes
      },
      ['required /sample_size/power_calculation/mdes'],
    ],
    [
      'a fractional target',
      (p) => {
        p.sample_size.target_households = 1099.5
      },
      ['invalid-type /sample_size/target_households'],
    ],
    [
      'fewer households than arms',
      (p) => {
        p.sample_size.target_households = 1
      },
      ['sample-size-below-arms /sample_size/target_households'],
    ],
  ]
  it.each(cases)('%s', (_label, mutate, expected) => {
    const p = example()
    mutate(p)
    expect(codesAt(p)).toEqual(expected)
  })

  it('cluster designs need the ICC, cluster size and at least two clusters per arm', () => {
    const p = clusterExample()
    delete p.sample_size.power_calculation.icc
    delete p.sample_size.power_calculation.mean_cluster_size
    p.sample_size.target_clusters = 3
    expect(codesAt(p)).toEqual([
      'too-few-clusters /sample_size/target_clusters',
      'missing-icc /sample_size/power_calculation/icc',
      'missing-cluster-size /sample_size/power_calculation/mean_cluster_size',
    ])
    const noClusters = clusterExample()
    delete noClusters.sample_size.target_clusters
    expect(codesAt(noClusters)).toEqual(['missing-target-clusters /sample_size/target_clusters'])
  })

  it('warns when the target cannot detect the stated MDES, including the design effect', () => {
    const p = example()
    p.sample_size.target_households = 600
    const w = problemsOf(p).warnings
    expect(w.map((x) => `${x.code} ${x.path}`)).toEqual([
      'underpowered /sample_size/target_households',
    ])
    const c = clusterExample()
    c.sample_size.power_calculation.icc = 0.2 // design effect 1 + 17 * 0.2 = 4.4
    expect(problemsOf(c).warnings.map((x) => x.code)).toEqual(['underpowered'])
  })

  it('warns about an alpha that differs from the primary analysis and a one-sided calculation', () => {
    const p = example()
    p.sample_size.power_calculation.alpha = 0.1
    p.sample_size.power_calculation.alternative = 'greater'
    expect(
      problemsOf(p)
        .warnings.map((x) => x.code)
        .sort()
    ).toEqual(['alpha-mismatch', 'one-sided-power'])
  })
})

describe('drafts', () => {
  it('an empty object lists every required section', () => {
    const { errors } = problemsOf({})
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '/title',
        '/arms',
        '/randomisation',
        '/primary_outcome',
        '/analysis_plan',
        '/sample_size',
      ])
    )
    expect(errors.find((e) => e.path === '/primary_outcome')?.code).toBe('missing-primary-outcome')
    expect(errors.find((e) => e.path === '/format_version')?.code).toBe('required')
  })

  it('cross-field checks run on a partial draft', () => {
    const draft = {
      arms: [
        { name: 'a', control: false },
        { name: 'b', control: false },
      ],
      randomisation: { strata: ['area'] },
    }
    expect(crossFieldProblems(draft).map((p) => p.code)).toEqual([
      'no-control-arm',
      'undeclared-stratum-variable',
    ])
  })

  it('a mistyped item does not hide the cross-field problems elsewhere', () => {
    const p = example()
    p.covariates[4] = 'in_work'
    p.arms[0].control = false
    expect(codesAt(p)).toEqual(
      expect.arrayContaining(['invalid-type /covariates/4', 'no-control-arm /arms'])
    )
  })

  it('the parsed protocol equals the example (every default is written out)', () => {
    const result = validateForRegistration(example())
    expect(result.ok && result.protocol).toEqual(familyMediationProtocol satisfies Protocol)
  })
})
