import { describe, expect, it } from 'vitest'
import {
  parseFacts,
  rateNestaLevel,
  resolveRatingOptions,
  type FactsInput,
} from '../../../analysis/ratings'
import { intactRct } from './facts-fixture'

const defaults = resolveRatingOptions().options
const nesta = (overrides: Partial<FactsInput> = {}, eefPower = 5) =>
  rateNestaLevel(parseFacts(intactRct(overrides)), eefPower, defaults)

describe('rateNestaLevel (§6)', () => {
  it('climbs the cumulative levels', () => {
    expect(nesta().level).toBe(5)
    expect(nesta({ manualised: false }).level).toBe(4)
    expect(nesta({ cost_data_reported: false }).level).toBe(3)
    expect(nesta({ design: 'cross_sectional' }).level).toBe(2)
    expect(nesta({ theory_of_change: false })).toMatchObject({ level: 0, label: 'below_level_1' })
  })

  it('needs analysed users for level 2 and an analysed comparison group for level 3', () => {
    expect(nesta({ n_analysed_treatment: 0 }).level).toBe(1)
    expect(nesta({ n_analysed_control: 0 }).level).toBe(2)
    const beforeAfter = {
      design: 'before_after',
      n_randomised_control: 0,
      n_analysed_control: 0,
    } as const
    expect(nesta(beforeAfter).level).toBe(2)
  })

  it('lists every unmet criterion of the first level not reached, and nothing above it', () => {
    const rating = nesta({
      independent_evaluation: false,
      cost_data_reported: false,
      manualised: false,
    })
    expect(rating.level).toBe(3)
    expect(rating.reasons.filter((r) => r.limiting).map((r) => r.criterion)).toEqual([
      'independence',
      'cost',
    ])
    expect(rating.reasons.some((r) => r.criterion === 'replication')).toBe(false)
  })

  it('warns about a small sample through the EEF power component without downgrading', () => {
    const rating = nesta({}, 2)
    expect(rating.level).toBe(5)
    expect(rating.warnings).toEqual(['nesta_sample_size_doubtful:eef_power=2'])
    expect(nesta({}, 3).warnings).toEqual([])
  })
})
