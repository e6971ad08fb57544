import { describe, expect, it } from 'vitest'
import { isoWeekOf, isoWeekStart } from '../../../trials/report/iso-week'

describe('ISO 8601 weeks', () => {
  // Python: datetime.date(2025, 12, 29).isocalendar() -> (2026, 1, 1); date(2021, 1, 3) -> (2020, 53, 7)
  it.each([
    ['2025-12-29', '2026-W01'],
    ['2026-01-01', '2026-W01'],
    ['2021-01-03', '2020-W53'],
    ['2026-03-02', '2026-W10'],
    ['2024-12-31', '2025-W01'],
    ['2027-01-01', '2026-W53'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week)
  })

  it('starts each week on its Monday and refuses weeks that do not exist', () => {
    expect(isoWeekStart('2026-W01')?.toISOString().slice(0, 10)).toBe('2025-12-29')
    expect(isoWeekStart('2020-W53')?.toISOString().slice(0, 10)).toBe('2020-12-28')
    expect(isoWeekStart('2025-W53')).toBeNull()
    expect(isoWeekStart('2026-13')).toBeNull()
  })
})
