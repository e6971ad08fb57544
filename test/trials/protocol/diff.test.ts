import { describe, expect, it } from 'vitest'
import { buildAmendment, classifyAmendment } from '../../../trials/protocol/amendment'
import { protocolHash } from '../../../trials/protocol/canonical-json'
import { diffProtocols } from '../../../trials/protocol/diff'
import { familyMediationProtocol as v1 } from '../../../trials/protocol/examples/family-mediation'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any
const copy = (): Json => JSON.parse(JSON.stringify(v1))

describe('diffProtocols', () => {
  it('finds nothing between a protocol and a key-reordered copy of it', () => {
    const reordered = Object.fromEntries(Object.entries(copy()).reverse())
    expect(diffProtocols(v1, reordered)).toEqual([])
  })

  it('reports a changed leaf by JSON pointer with before and after', () => {
    const v2 = copy()
    v2.sample_size.target_households = 1200
    expect(diffProtocols(v1, v2)).toEqual([
      { kind: 'changed', path: '/sample_size/target_households', before: 1100, after: 1200 },
    ])
  })

  it('addresses named items by name, so inserting an item does not shift other paths', () => {
    const v2 = copy()
    v2.covariates.unshift({
      name: 'has_children',
      label: 'Dependent children in household',
      type: 'binary',
    })
    v2.covariates.find((c: Json) => c.name === 'age_head').unit = 'completed years'
    expect(diffProtocols(v1, v2)).toEqual([
      {
        kind: 'changed',
        path: '/covariates/age_head/unit',
        before: 'years',
        after: 'completed years',
      },
      {
        kind: 'added',
        path: '/covariates/has_children',
        after: { name: 'has_children', label: 'Dependent children in household', type: 'binary' },
      },
    ])
  })

  it('reports removed items, added and removed optional fields, and whole plain arrays', () => {
    const v2 = copy()
    v2.secondary_outcomes.pop()
    v2.cluster_type = 'office'
    delete v2.process_measures
    v2.randomisation.block_sizes = [4, 6, 8]
    expect(diffProtocols(v1, v2)).toEqual([
      { kind: 'added', path: '/cluster_type', after: 'office' },
      { kind: 'removed', path: '/process_measures', before: v1.process_measures },
      { kind: 'changed', path: '/randomisation/block_sizes', before: [4, 6], after: [4, 6, 8] },
      { kind: 'removed', path: '/secondary_outcomes/settled_6m', before: v1.secondary_outcomes[1] },
    ])
  })

  it('reports a reordering of named items, which matters for the allocation', () => {
    const v2 = copy()
    v2.randomisation.arms.reverse()
    v2.arms.reverse()
    expect(diffProtocols(v1, v2)).toEqual([
      {
        kind: 'reordered',
        path: '/arms',
        before: ['usual_care', 'family_mediation'],
        after: ['family_mediation', 'usual_care'],
      },
      {
        kind: 'reordered',
        path: '/randomisation/arms',
        before: ['usual_care', 'family_mediation'],
        after: ['family_mediation', 'usual_care'],
      },
    ])
  })

  it('matches councils by code and escapes pointer segments', () => {
    const v2 = copy()
    v2.councils[3].name = 'Leeds CC'
    expect(diffProtocols(v1, v2)).toEqual([
      {
        kind: 'changed',
        path: '/councils/E08000035/name',
        before: 'Leeds City Council',
        after: 'Leeds CC',
      },
    ])
    expect(diffProtocols({ 'a/b': { '~': 1 } }, { 'a/b': { '~': 2 } })).toEqual([
      { kind: 'changed', path: '/a~1b/~0', before: 1, after: 2 },
    ])
  })
})

describe('classifyAmendment', () => {
  it('switching the primary outcome after recruitment started is a deviation', () => {
    const v2 = copy()
    v2.primary_outcome.time_point = {
      anchor: 'randomisation',
      offset: 'P12M',
      label: 'within 12 months of randomisation',
    }
    const result = classifyAmendment(diffProtocols(v1, v2), { recruitmentStarted: true })
    expect(result.deviation).toBe(true)
    expect(result.deviations).toEqual([
      {
        path: '/primary_outcome/time_point/label',
        category: 'primary-outcome',
        reason: 'the primary outcome changed after recruitment started',
      },
      {
        path: '/primary_outcome/time_point/offset',
        category: 'primary-outcome',
        reason: 'the primary outcome changed after recruitment started',
      },
    ])
  })

  it('the same change before recruitment is an amendment, not a deviation', () => {
    const v2 = copy()
    v2.primary_outcome.time_point.offset = 'P12M'
    const result = classifyAmendment(diffProtocols(v1, v2), { recruitmentStarted: false })
    expect(result).toEqual({
      deviation: false,
      deviations: [],
      changes: [expect.objectContaining({ path: '/primary_outcome/time_point/offset' })],
    })
  })

  it('changing the primary estimator or a family method after recruitment started is an analysis-plan deviation', () => {
    const v2 = copy()
    v2.analysis_plan.analyses[0].spec = {
      estimator: 'difference_in_means',
      outcome: 'homeless_6m',
      blocks: 'stratum',
      alpha: 0.05,
    }
    v2.analysis_plan.families[0].method = 'BH'
    const result = classifyAmendment(diffProtocols(v1, v2), { recruitmentStarted: true })
    expect(result.deviations.map((d) => [d.category, d.path])).toEqual([
      ['analysis-plan', '/analysis_plan/analyses/primary_itt/spec/blocks'],
      ['analysis-plan', '/analysis_plan/analyses/primary_itt/spec/covariates'],
      ['analysis-plan', '/analysis_plan/analyses/primary_itt/spec/estimator'],
      ['analysis-plan', '/analysis_plan/analyses/primary_itt/spec/se_type'],
      ['analysis-plan', '/analysis_plan/families/secondary_outcomes/method'],
    ])
  })

  it('extending recruitment or clarifying eligibility is not a deviation', () => {
    const v2 = copy()
    v2.timeline.recruitment_end = '2026-07-31'
    v2.timeline.final_outcome_date = '2027-01-31'
    v2.eligibility.exclusion.push(
      'Household already referred to mediation in the previous 12 months'
    )
    const result = classifyAmendment(diffProtocols(v1, v2), { recruitmentStarted: true })
    expect(result.deviation).toBe(false)
    expect(result.changes).toHaveLength(3)
  })

  it('changing the allocation ratio after recruitment started is a randomisation deviation', () => {
    const v2 = copy()
    v2.randomisation.arms[1].ratio = 2
    v2.randomisation.block_sizes = [3, 6]
    const result = classifyAmendment(diffProtocols(v1, v2), { recruitmentStarted: true })
    expect(new Set(result.deviations.map((d) => d.category))).toEqual(new Set(['randomisation']))
  })
})

describe('buildAmendment', () => {
  const base = {
    previous: v1,
    reason: 'H-CLIC returns now arrive quarterly; measure at 12 months',
    author: 'officer@leeds.gov.uk',
    at: '2025-09-01T10:00:00Z',
  }

  it('records hashes, the diff and deviations', () => {
    const v2 = copy()
    v2.primary_outcome.time_point.offset = 'P12M'
    const record = buildAmendment({ ...base, next: v2, recruitmentStarted: true })
    expect(record.previousHash).toBe(protocolHash(v1))
    expect(record.protocolHash).toBe(protocolHash(v2))
    expect(record.protocolHash).not.toBe(record.previousHash)
    expect(record.deviation).toBe(true)
    expect(record.changes).toEqual([
      { kind: 'changed', path: '/primary_outcome/time_point/offset', before: 'P6M', after: 'P12M' },
    ])
    expect(record).toMatchObject({
      reason: base.reason,
      author: base.author,
      at: base.at,
      warnings: [],
    })
  })

  it('marks a redefined covariate that an analysis reads as a deviation after recruitment started, and only then', () => {
    const v2 = copy()
    v2.covariates.find((c: { name: string }) => c.name === 'age_head').unit = 'months'
    const started = buildAmendment({ ...base, next: v2, recruitmentStarted: true })
    expect(started.deviations).toEqual([
      {
        path: '/covariates/age_head/unit',
        category: 'analysis-plan',
        reason: expect.stringContaining('age_head'),
      },
    ])
    expect(buildAmendment({ ...base, next: v2, recruitmentStarted: false }).deviation).toBe(false)
    // A covariate no analysis reads changes nothing the plan estimates.
    const v3 = copy()
    v3.covariates.find((c: { name: string }) => c.name === 'council_area').label =
      'Local authority area'
    expect(buildAmendment({ ...base, next: v3, recruitmentStarted: true }).deviation).toBe(false)
  })

  it('refuses an amended protocol that cannot be registered, and one with no changes', () => {
    const broken = copy()
    broken.arms[0].control = false
    expect(() => buildAmendment({ ...base, next: broken, recruitmentStarted: false })).toThrowError(
      expect.objectContaining({ code: 'protocol-invalid' })
    )
    expect(() => buildAmendment({ ...base, next: copy(), recruitmentStarted: false })).toThrowError(
      expect.objectContaining({ code: 'no-changes' })
    )
  })
})
