import { addIsoDuration } from '../../trials/data'

const DAY = 86_400_000
const iso = (d: Date) => d.toISOString().slice(0, 10)
const plusDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY)

/**
 * The demo's dates, counted back from the first of the current month so that every date a page
 * shows is coherent whenever the demo is seeded: the completed trials were approved, registered,
 * recruited for eleven months, followed up for six and analysed before `now`; the registered trial
 * was registered `now` and recruits from next month. Deterministic given `now`.
 *
 * @example
 * demoCalendar(new Date('2026-12-01T02:00:00Z')).completed.timeline.recruitment_start // '2025-05-01'
 */
export function demoCalendar(now: Date) {
  const month = (k: number, hour = 0) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + k, 1, hour))
  const start = month(-19, 9)
  const end = plusDays(month(-8, 17), -1)
  const final = plusDays(month(-1), -1)
  const span = end.getTime() - start.getTime()
  return {
    /** When the demo's intervention was first described. */
    interventionAt: plusDays(start, -60),
    completed: {
      ethicsApproval: iso(plusDays(start, -45)),
      registeredAt: plusDays(start, -14),
      recruitingFrom: start,
      /** The i-th of n households, spread evenly over the recruitment window, in order. */
      enrolledAt: (i: number, n: number) =>
        new Date(start.getTime() + Math.floor((span * i) / Math.max(1, n))),
      /** A six-month outcome, recorded a week after it fell due. */
      outcomeAt: (enrolledAt: Date) => plusDays(addIsoDuration(enrolledAt, 'P6M'), 7),
      /** The intervention is received (or not) within a fortnight of randomisation. */
      adherenceOn: (enrolledAt: Date) => iso(plusDays(enrolledAt, 14)),
      closedAt: end,
      completeAt: plusDays(final, 7),
      ratedAt: plusDays(final, 14),
      timeline: {
        recruitment_start: iso(start),
        recruitment_end: iso(end),
        final_outcome_date: iso(final),
      },
    },
    registered: {
      registeredAt: now,
      timeline: {
        recruitment_start: iso(month(1)),
        recruitment_end: iso(plusDays(month(13), -1)),
        final_outcome_date: iso(plusDays(month(20), -1)),
      },
    },
  }
}

export type DemoCalendar = ReturnType<typeof demoCalendar>
