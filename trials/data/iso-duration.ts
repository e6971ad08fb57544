import { DomainError } from '../../analysis'

const DURATION =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/**
 * An ISO 8601 duration this code cannot add (fractional years or months, or not a duration).
 *
 * @example
 * throw new DurationError('P1.5M: fractional years and months have no calendar meaning')
 */
export class DurationError extends DomainError {
  override readonly code: string = 'invalid-duration'
}

/** The parts of an ISO 8601 duration, each 0 when absent. */
export interface DurationParts {
  years: number
  months: number
  weeks: number
  days: number
  hours: number
  minutes: number
  seconds: number
}

/**
 * The parts of an ISO 8601 duration (ISO 8601-1:2019 §5.5.2), or null when the text is not one.
 *
 * @example
 * durationParts('P1Y2M10D') // { years: 1, months: 2, weeks: 0, days: 10, hours: 0, minutes: 0, seconds: 0 }
 */
export function durationParts(duration: string): DurationParts | null {
  const m = DURATION.exec(duration)
  if (!m || duration === 'P' || duration.endsWith('T')) return null
  const [years, months, weeks, days, hours, minutes, seconds] = m
    .slice(1)
    .map((x) => (x === undefined ? 0 : Number(x))) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  return { years, months, weeks, days, hours, minutes, seconds }
}

/**
 * Adds an ISO 8601 duration (ISO 8601-1:2019 §5.5.2, e.g. P6M, P26W, P1Y2M10DT2H) to an instant,
 * in UTC calendar arithmetic: years and months first, clamping the day to the end of a shorter
 * month (31 January + P1M = 28 or 29 February, as java.time and Temporal do), then weeks, days and
 * clock time as elapsed time.
 *
 * @example
 * addIsoDuration(new Date('2025-08-31T10:00:00Z'), 'P6M').toISOString() // '2026-02-28T10:00:00.000Z'
 */
export function addIsoDuration(start: Date, duration: string): Date {
  const parts = durationParts(duration)
  if (!parts) throw new DurationError(`${duration} is not an ISO 8601 duration`)
  const { years, months, weeks, days, hours, minutes, seconds } = parts
  if (!Number.isInteger(years) || !Number.isInteger(months))
    throw new DurationError(`${duration}: fractional years and months have no calendar meaning`)
  const totalMonths = start.getUTCMonth() + years * 12 + months
  const year = start.getUTCFullYear() + Math.floor(totalMonths / 12)
  const month = ((totalMonths % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const shifted = Date.UTC(
    year,
    month,
    Math.min(start.getUTCDate(), lastDay),
    start.getUTCHours(),
    start.getUTCMinutes(),
    start.getUTCSeconds(),
    start.getUTCMilliseconds()
  )
  const elapsedMs = ((weeks * 7 + days) * 86_400 + hours * 3_600 + minutes * 60 + seconds) * 1000
  return new Date(shifted + elapsedMs)
}
