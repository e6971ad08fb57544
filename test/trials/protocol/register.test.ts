import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  canonicalJson,
  protocolHash,
  verifyProtocolHash,
} from '../../../trials/protocol/canonical-json'
import {
  familyMediationIntervention,
  familyMediationProtocol,
} from '../../../trials/protocol/examples/family-mediation'
import { executableSpecs } from '../../../trials/protocol/executable-specs'
import { interventionSchema } from '../../../trials/protocol/intervention'
import { prepareRegistration } from '../../../trials/protocol/register'
import { protocolDraftSchema, protocolSchema } from '../../../trials/protocol/schema'
import { verifySeedCommitment } from '../../../trials/protocol/seed'

const seed = '4f1c9a7e2b6d8035c1e9f7a2b4d6c8e0'

describe('prepareRegistration', () => {
  it('returns the canonical JSON, its hash and the seed commitment', () => {
    const registration = prepareRegistration(familyMediationProtocol, seed)
    expect(registration.canonicalJson).toBe(canonicalJson(familyMediationProtocol))
    expect(registration.protocolHash).toBe(protocolHash(familyMediationProtocol))
    expect(
      verifyProtocolHash(JSON.parse(registration.canonicalJson), registration.protocolHash)
    ).toBe(true)
    expect(verifySeedCommitment(seed, registration.seedCommitment)).toBe(true)
    expect(JSON.stringify(registration)).not.toContain(seed)
  })

  it('refuses an invalid protocol or an invalid seed', () => {
    expect(() => prepareRegistration({ ...familyMediationProtocol, arms: [] }, seed)).toThrowError(
      expect.objectContaining({ code: 'protocol-invalid' })
    )
    expect(() => prepareRegistration(familyMediationProtocol, 'abc')).toThrowError(
      expect.objectContaining({ code: 'invalid-seed' })
    )
  })
})

describe('schemas', () => {
  it('the example intervention is valid; other needs category_other; money is integer pence', () => {
    expect(interventionSchema.safeParse(familyMediationIntervention).success).toBe(true)
    const other = interventionSchema.safeParse({
      ...familyMediationIntervention,
      category: 'other',
    })
    expect(other.error?.issues.map((i) => i.path.join('/'))).toEqual(['category_other'])
    expect(
      interventionSchema.safeParse({
        ...familyMediationIntervention,
        category: 'other',
        category_other: 'Rent deposit scheme',
      }).success
    ).toBe(true)
    expect(
      interventionSchema.safeParse({ ...familyMediationIntervention, delivery_cost_pence: 525.5 })
        .success
    ).toBe(false)
    expect(
      interventionSchema.safeParse({
        ...familyMediationIntervention,
        owning_council: { code: 'Leeds', name: 'Leeds' },
      }).success
    ).toBe(false)
  })

  it('drafts accept partial protocols but keep types and refuse unknown keys', () => {
    expect(protocolDraftSchema.safeParse({}).success).toBe(true)
    expect(
      protocolDraftSchema.safeParse({
        title: 'Letters trial',
        arms: [{ name: 'control' }],
        randomisation: { arms: [{ ratio: 1.5 }] },
      }).success
    ).toBe(true)
    expect(protocolDraftSchema.safeParse({ title: 42 }).success).toBe(false)
    expect(protocolDraftSchema.safeParse({ arms: [{ name: 'a', colour: 'red' }] }).success).toBe(
      false
    )
    expect(
      protocolDraftSchema.safeParse({
        analysis_plan: { analyses: [{ spec: { estimator: 'nonsense' } }] },
      }).success
    ).toBe(false)
    expect(protocolDraftSchema.safeParse(familyMediationProtocol).success).toBe(true)
  })

  it('the complete schema is strict at every level', () => {
    const p = JSON.parse(JSON.stringify(familyMediationProtocol))
    p.primary_outcome.time_point.note = 'x'
    expect(protocolSchema.safeParse(p).error?.issues.map((i) => i.code)).toEqual([
      'unrecognized_keys',
    ])
  })

  it('produces a JSON Schema with descriptions for OpenAPI, for both forms', () => {
    const json = z.toJSONSchema(protocolSchema, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      any
    > // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(json.additionalProperties).toBe(false)
    expect(json.required).toEqual(
      expect.arrayContaining(['title', 'arms', 'randomisation', 'primary_outcome', 'analysis_plan'])
    )
    expect(
      json.properties.sample_size.properties.power_calculation.properties.icc.description
    ).toMatch(/intra-cluster/i)
    const draft = z.toJSONSchema(protocolDraftSchema, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(draft.required ?? []).toEqual([])
    expect(draft.properties.arms.items.properties.control.description).toMatch(/control arm/)
  })
})

describe('executableSpecs', () => {
  it('turns each planned analysis into one full spec per comparison with control', () => {
    const specs = executableSpecs(familyMediationProtocol)
    expect(specs.map((s) => [s.analysis, s.arm, s.control])).toEqual([
      ['primary_itt', 'family_mediation', 'usual_care'],
      ['primary_strata_fixed_effects', 'family_mediation', 'usual_care'],
      ['days_in_ta', 'family_mediation', 'usual_care'],
      ['settled', 'family_mediation', 'usual_care'],
    ])
    expect(specs[0].spec).toEqual({
      estimator: 'lin',
      outcome: 'homeless_6m',
      treatment: 'arm',
      treatment_arm: 'family_mediation',
      control_arm: 'usual_care',
      covariates: ['age_head', 'prior_presentations', 'in_work'],
      se_type: 'HC2',
      alpha: 0.05,
    })
  })

  it('compares every non-control arm with control in a three-arm trial', () => {
    const p = JSON.parse(JSON.stringify(familyMediationProtocol))
    p.arms.push({ name: 'letter', description: 'Letter', control: false })
    p.randomisation.arms.push({ name: 'letter', ratio: 1 })
    expect(
      executableSpecs(p)
        .filter((s) => s.analysis === 'primary_itt')
        .map((s) => s.arm)
    ).toEqual(['family_mediation', 'letter'])
  })
})
