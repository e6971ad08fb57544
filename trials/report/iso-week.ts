/**
 * ISO 8601 week of a calendar date (ISO 8601-1:2019 §5.2.3.2): weeks start on Monday and week 1 is
 * the week holding the year's first Thursday, so 29 December 2025 falls in 2026-W01.
 *
 * @example
 * isoWeekOf('2026-01-01') // '2026-W01'
 */
export function isoWeekOf(date: string | Date): string {
  const d = typeof date === 'string' ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : new Date(date)
  const day = (d.getUTCDay() + 6) % 7 // Monday 0 .. Sunday 6
  // The Thursday of this week decides its year.
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3))
  const year = thursday.getUTCFullYear()
  const firstThursday = new Date(Date.UTC(year, 0, 4))
  const firstMonday = Date.UTC(year, 0, 4 - ((firstThursday.getUTCDay() + 6) % 7))
  const week =
    1 + Math.round((thursday.getTime() - 3 * 86_400_000 - firstMonday) / (7 * 86_400_000))
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** `YYYY-Www`, weeks 01 to 53. */
export const ISO_WEEK_PATTERN = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/

/**
 * The Monday (UTC midnight) starting an ISO week, or null when the week does not exist (W53 of a
 * 52-week year) or the text is not `YYYY-Www`.
 *
 * @example
 * isoWeekStart('2026-W01')?.toISOString() // '2025-12-29T00:00:00.000Z'
 */
export function isoWeekStart(week: string): Date | null {
  const m = ISO_WEEK_PATTERN.exec(week)
  if (!m) return null
  const year = Number(m[1])
  const n = Number(m[2])
  const jan4 = new Date(Date.UTC(year, 0, 4))
  const monday = new Date(Date.UTC(year, 0, 4 - ((jan4.getUTCDay() + 6) % 7) + (n - 1) * 7))
  return isoWeekOf(monday) === week ? monday : null
}
