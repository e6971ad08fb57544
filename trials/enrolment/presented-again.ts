import type { Protocol } from '../protocol/schema'

/**
 * A household presented again keeps its original arm; this says which of the baseline values it
 * was presented with differ from those recorded for it, so the officer can check the record.
 *
 * @example
 * const w: PresentedAgainWarning = { code: 'baseline-differs', fields: ['age_head'], detail: '...' }
 */
export interface PresentedAgainWarning {
  code: 'baseline-differs'
  fields: string[]
  detail: string
}

const same = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? a === b : String(a) === String(b)

/**
 * Compares the baseline a re-presented household arrives with against the values recorded for it
 * (strata and other fields the allocator read, and covariates as currently recorded). Only values
 * given both times are compared: leaving a field out, or sending null, is not a difference.
 * Returns null when nothing differs. The arm never changes: allocations are immutable.
 *
 * @example
 * presentedAgain(protocol, { council_area: 'leeds', age_head: 31 }, { council_area: 'leeds', age_head: 32 })?.fields // ['age_head']
 */
export function presentedAgain(
  protocol: Protocol,
  recorded: Readonly<Record<string, unknown>>,
  presented: Readonly<Record<string, unknown>>
): PresentedAgainWarning | null {
  const fields = protocol.covariates
    .map((c) => c.name)
    .filter((name) => {
      const now = presented[name]
      const then = recorded[name]
      return (
        now !== null && now !== undefined && then !== null && then !== undefined && !same(now, then)
      )
    })
  if (!fields.length) return null
  return {
    code: 'baseline-differs',
    fields,
    detail: `this household was already enrolled; it keeps its original arm, but ${fields.join(', ')} differ${fields.length === 1 ? 's' : ''} from the values recorded for it: check the record, and correct a covariate with PUT /trials/{id}/households/{household}/observations if it was wrong (fields used to randomise cannot change)`,
  }
}
