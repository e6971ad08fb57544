/**
 * One problem with an imported file: the row (CSV: line of the file where the record starts, the
 * header being row 1; JSON: position in `rows`, from 1), the column, the offending value (never
 * for `household_ref`, whose raw value is not echoed), a stable code and the rule in words.
 *
 * @example
 * const p: ImportProblem = { row: 7, column: 'homeless_6m', value: 'yes', code: 'wrong-type', detail: 'homeless_6m is binary: 0 or 1' }
 */
export interface ImportProblem {
  row: number
  column: string | null
  value?: string
  code: string
  detail: string
  /** JSON imports: RFC 6901 pointer into the body. */
  pointer?: string
}

/**
 * How many problems are listed; the total is always counted.
 *
 * @example
 * new ProblemList(PROBLEM_LIST_LIMIT)
 */
export const PROBLEM_LIST_LIMIT = 1000

/**
 * Collects every problem of a file, keeping the first `limit` in full and counting the rest, so a
 * file of junk cannot make an error response larger than the file.
 *
 * @example
 * const p = new ProblemList(1)
 * p.add({ row: 2, column: 'y', code: 'wrong-type', detail: 'y is binary: 0 or 1' })
 * p.add({ row: 3, column: 'y', code: 'wrong-type', detail: 'y is binary: 0 or 1' })
 * [p.items.length, p.total] // [1, 2]
 */
export class ProblemList {
  readonly items: ImportProblem[] = []
  total = 0

  constructor(private readonly limit = PROBLEM_LIST_LIMIT) {}

  add(problem: ImportProblem): void {
    this.total++
    if (this.items.length < this.limit) this.items.push(problem)
  }
}

/**
 * Shortens an offending value for the problem list.
 *
 * @example
 * echoValue('x'.repeat(200)).length // 101
 */
export function echoValue(value: string): string {
  return value.length > 100 ? value.slice(0, 100) + '…' : value
}
