/**
 * What a database error means for the request that met it. `statement` is the SQL text only:
 * parameters (token hashes, pseudonyms, protocol JSON) are never kept, so logging a failure never
 * copies them into the log.
 */
export interface DatabaseFailure {
  kind:
    | 'unique'
    | 'foreign-key'
    | 'check'
    | 'not-null'
    | 'data'
    | 'serialization'
    | 'unavailable'
    | 'other'
  /** SQLSTATE, or the driver's connection error code (ECONNREFUSED, CONNECTION_CLOSED, ...). */
  code: string
  constraint?: string
  table?: string
  /** Columns named by the error (the key columns of a unique violation). */
  columns: string[]
  statement?: string
}

/** postgres.js and PGlite codes for a connection that is gone, refused or could not be made. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

interface DriverError {
  code?: unknown
  constraint?: unknown
  constraint_name?: unknown
  table?: unknown
  table_name?: unknown
  column?: unknown
  column_name?: unknown
  detail?: unknown
  query?: unknown
  cause?: unknown
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)

/**
 * Classifies an error thrown by drizzle (DrizzleQueryError wrapping the driver's error), postgres.js
 * or PGlite; null when it is not a database error. SQLSTATE classes (PostgreSQL 15 manual,
 * Appendix A): 23505 unique, 23503 foreign key, 23514 check, 23502 not null, class 22 data
 * exceptions, 40001 and 40P01 serialisation failure and deadlock (retryable), class 08 connection
 * exceptions, 57P01-57P03 the backend terminated or the server shutting down or starting, class 53
 * insufficient resources (53300 too many connections), 57014 a cancelled statement.
 */
export function classifyDatabaseError(err: unknown): DatabaseFailure | null {
  let statement: string | undefined
  let e = err as DriverError | undefined
  // Walk the cause chain: drizzle wraps the driver's error, which may wrap a socket error.
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e.constructor?.name === 'DrizzleQueryError' || 'params' in e)
      statement ??= str((e as DriverError).query)
    const code = str(e.code)
    if (code && (/^[0-9A-Z]{5}$/.test(code) || CONNECTION_CODES.has(code))) {
      return {
        kind: kindOf(code),
        code,
        constraint: str(e.constraint_name) ?? str(e.constraint),
        table: str(e.table_name) ?? str(e.table),
        columns: columnsOf(e),
        statement: statement ?? str(e.query),
      }
    }
    e = e.cause as DriverError | undefined
  }
  if (statement) return { kind: 'other', code: 'unknown', columns: [], statement }
  return null
}

function kindOf(code: string): DatabaseFailure['kind'] {
  if (CONNECTION_CODES.has(code)) return 'unavailable'
  if (code === '23505') return 'unique'
  if (code === '23503') return 'foreign-key'
  if (code === '23514') return 'check'
  if (code === '23502') return 'not-null'
  if (code === '40001' || code === '40P01') return 'serialization'
  const cls = code.slice(0, 2)
  if (cls === '22') return 'data'
  if (cls === '08' || cls === '53' || cls === '57') return 'unavailable'
  if (code === '55P03') return 'serialization'
  return 'other'
}

/** Columns of `Key (a, b)=(...)` in a unique or foreign-key violation's detail, else the column. */
function columnsOf(e: DriverError): string[] {
  const detail = str(e.detail)
  const m = detail ? /^Key \(([^)]*)\)=/.exec(detail) : null
  if (m) return m[1]!.split(',').map((c) => c.trim().replace(/^"|"$/g, ''))
  const column = str(e.column_name) ?? str(e.column)
  return column ? [column] : []
}

/** Whether a failed transaction may simply be run again (serialisation failure, deadlock). */
export const isRetryable = (err: unknown) => classifyDatabaseError(err)?.kind === 'serialization'
