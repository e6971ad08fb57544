import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { rateTrial, type RatingReport } from '../../../analysis/ratings'
import { sharedDirectory, sharedMaterialMissing } from '../../support/shared'

// The shared case set lives beside the project, not inside it: <root>/../shared/standards/cases.
const { path: casesDir, present } = sharedDirectory('standards/cases')

type Case = {
  id: string
  input: unknown
  expected: Record<string, unknown>
  expected_detail?: Record<string, Record<string, unknown>>
}

const cases: Case[] = present
  ? readdirSync(casesDir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => JSON.parse(readFileSync(path.join(casesDir, file), 'utf8')) as Case)
  : []

/** Where each `expected` key of a case file (§11) lives in the report (§10). */
function levelOf(report: RatingReport, scheme: string): unknown {
  if (scheme === 'wwc_effect_level') return report.ratings.wwc.effect_level
  const rating = (report.ratings as Record<string, { level: unknown } | undefined>)[scheme]
  if (rating === undefined) throw new Error(`case expects a rating for unknown scheme ${scheme}`)
  return rating.level
}

/** Where each `expected_detail` group lives in the report; unknown groups fail so none is skipped silently. */
function detailOf(report: RatingReport, group: string): Record<string, unknown> {
  switch (group) {
    case 'attrition_percent':
      return report.derived.attrition_percent
    case 'wwc_attrition':
      return report.ratings.wwc.attrition
    case 'eef_components': {
      const c = report.ratings.eef_padlocks.components
      // §11: the case files call the deductions `balance` and `threats`.
      return { ...c, balance: c.balance_deduction, threats: c.threat_deduction }
    }
    case 'rob2_domains':
      return report.ratings.rob2_overall.domains ?? {}
    case 'cluster_attrition_percent':
      return {
        ...report.derived.cluster_attrition_percent,
        ...report.ratings.wwc.cluster_attrition,
      }
    default:
      throw new Error(`case has an expected_detail group the test does not know: ${group}`)
  }
}

describe.skipIf(!present)(`evidence-rating cases in ${casesDir}`, () => {
  it('finds the case files', () => {
    expect(cases.length).toBeGreaterThan(0)
  })

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const report = rateTrial(c.input)
    for (const [scheme, want] of Object.entries(c.expected)) {
      expect(levelOf(report, scheme), `${scheme}`).toBe(want)
    }
    for (const [group, values] of Object.entries(c.expected_detail ?? {})) {
      const got = detailOf(report, group)
      for (const [key, want] of Object.entries(values)) {
        expect(got, `${group}.${key}`).toHaveProperty(key)
        if (typeof want === 'number') {
          // Case files give derived percentages to 9 decimals (§2).
          expect(got[key], `${group}.${key}`).toBeCloseTo(want, 8)
        } else {
          expect(got[key], `${group}.${key}`).toEqual(want)
        }
      }
    }
    if (!('rob2_domains' in (c.expected_detail ?? {}))) {
      expect(report.ratings.rob2_overall.domains).toBeNull()
    }
  })
})

if (!present) {
  describe('evidence-rating cases', () => {
    sharedMaterialMissing('the shared evidence-rating case set', casesDir)
  })
}
