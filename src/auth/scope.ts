import { and, eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm'
import { registered, type Registered } from '../../trials/commands'
import type { Executor } from '../db/client'
import { bindStatement, runPrepared, statementTemplate } from '../db/prepared'
import { trials } from '../db/schema'
import { forbidden, notFound } from '../problem'
import type { Principal } from './principal'

/**
 * Tenancy lives here and nowhere else. Every route that touches a trial goes through `trialScope`
 * (for lists) or `loadTrial` (for one trial), so a council's officers can never see or change
 * another council's trials, whatever route they call.
 */
export type TrialAction =
  /** See the trial, its protocol and results. */
  | 'read'
  /** Edit drafts, register, amend, change status. */
  | 'manage'
  /** Randomise households. */
  | 'enrol'
  /** Record baseline data, outcomes and take-up. */
  | 'record'
  /** Run analyses. */
  | 'analyse'
  /** Confirm or override evidence ratings. */
  | 'rate'

/** SQL condition selecting the trials the principal may read. */
export function trialScope(principal: Principal): SQL | undefined {
  switch (principal.role) {
    case 'admin':
    case 'centre':
      return undefined
    case 'officer':
      return eq(trials.councilId, principal.councilId ?? '00000000-0000-0000-0000-000000000000')
    case 'evaluator': {
      const parts: SQL[] = []
      if (principal.grantedCouncilIds.length)
        parts.push(inArray(trials.councilId, principal.grantedCouncilIds))
      if (principal.grantedTrialIds.length)
        parts.push(inArray(trials.id, principal.grantedTrialIds))
      return parts.length ? or(...parts) : sql`false`
    }
  }
}

/**
 * Whether a trial already read is in the principal's scope: the test `trialScope` makes in SQL, made on the row
 * (by its id and council as the database gives them). The two must always agree.
 */
export function inTrialScope(
  principal: Principal,
  trial: { id: string; councilId: string }
): boolean {
  switch (principal.role) {
    case 'admin':
    case 'centre':
      return true
    case 'officer':
      return principal.councilId !== null && trial.councilId === principal.councilId
    case 'evaluator':
      return (
        principal.grantedCouncilIds.includes(trial.councilId) ||
        principal.grantedTrialIds.includes(trial.id)
      )
  }
}

/** Which roles may take which action on a trial they can read. */
const ALLOWED: Record<TrialAction, ReadonlyArray<Principal['role']>> = {
  read: ['admin', 'centre', 'officer', 'evaluator'],
  manage: ['officer'],
  enrol: ['officer'],
  record: ['officer', 'evaluator'],
  analyse: ['evaluator'],
  rate: ['centre'],
}

function mayAct(principal: Principal, action: TrialAction): boolean {
  return ALLOWED[action].includes(principal.role)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Loads one trial the principal may act on. A trial outside the principal's scope is reported as
 * not found (its existence is not disclosed); one inside scope but beyond the role is forbidden.
 */
export async function loadTrial(
  db: Executor,
  principal: Principal,
  trialId: string,
  action: TrialAction,
  options: { forUpdate?: boolean } = {}
) {
  if (!UUID.test(trialId)) throw notFound(`trial ${trialId}`)
  const scope = trialScope(principal)
  const where = scope ? and(eq(trials.id, trialId), scope) : eq(trials.id, trialId)
  const query = db.select().from(trials).where(where)
  const rows = options.forUpdate ? await query.for('update') : await query
  const trial = rows[0]
  if (!trial) throw notFound(`trial ${trialId}`)
  if (!mayAct(principal, action))
    throw forbidden(`the ${principal.role} role may not ${action} trials`)
  return trial
}

/** A trial row past registration: its protocol is the registered `Protocol`. */
export type RegisteredTrial = Registered<typeof trials.$inferSelect>

/**
 * Loads one trial as `loadTrial` does, for its reports (flow, records, report documents, datasets):
 * a trial without them (`hasReports`: a draft) is refused with `NotRegisteredError` (409).
 */
export async function loadReportedTrial(
  db: Executor,
  principal: Principal,
  trialId: string,
  action: TrialAction,
  options: { forUpdate?: boolean } = {}
): Promise<RegisteredTrial> {
  return registered(await loadTrial(db, principal, trialId, action, options))
}

/**
 * Takes the row lock of a trial in the principal's scope (locks nothing outside it) for the rest of the
 * transaction, as `loadTrial(..., { forUpdate: true })` does, without reading the row. The statement is handed
 * to the connection at once, ahead of any statement issued after this call returns, so a read sent right
 * behind it runs once the lock is granted, with a snapshot taken then; read the row itself with `loadTrial`.
 */
export function lockTrialRow(db: Executor, principal: Principal, trialId: string) {
  const scope = trialScope(principal)
  const where = scope ? and(eq(trials.id, trialId), scope) : eq(trials.id, trialId)
  return runPrepared(db, sql`select ${trials.id} from ${trials} where ${where} for update`)
}

type TrialRow = typeof trials.$inferSelect

/** A trial's protocol and registration record as last read in this process, with the row version they came from. */
interface CachedDocuments {
  version: string
  protocolHash: string | null
  registrationHash: string | null
  protocol: TrialRow['protocol']
  registration: TrialRow['registration']
}
/** Per database (each app, or each Worker request, has its own), then by trial id. */
const documentCaches = new WeakMap<object, Map<string, CachedDocuments>>()
const DOCUMENT_CACHE_TRIALS = 1_000
const trialColumns = Object.entries(getTableColumns(trials))

/**
 * `loadTrial(db, principal, trialId, action, { forUpdate: true })` in one prepared statement, handed to the
 * connection at once as `lockTrialRow` is (so reads sent behind it run once the lock is granted), for the hot
 * path of enrolment: the trial row is read as the lock grants it. Its two large documents (protocol and
 * registration record) are sent only when the row has changed since this process last read them: a row's
 * `xmin` changes with every update of it (a lock leaves it alone), so the copy kept here is used only when the
 * locked row still carries the version, protocol hash and registration hash it was read with, and is never
 * changed in place (it is frozen). Every other column is read every time. `cacheKey` is the database.
 */
export async function lockAndLoadTrial(
  db: Executor,
  cacheKey: object,
  principal: Principal,
  trialId: string,
  action: TrialAction
): Promise<TrialRow> {
  let cache = documentCaches.get(cacheKey)
  if (!cache) documentCaches.set(cacheKey, (cache = new Map()))
  const known = cache.get(trialId)
  const version = known?.version ?? ''
  // The scope's condition has one text for every officer (the council is a parameter), and one for admin and centre.
  const template =
    principal.role === 'officer' && principal.councilId !== null
      ? lockAndLoadOfficer
      : principal.role === 'admin' || principal.role === 'centre'
        ? lockAndLoadUnscoped
        : undefined
  const values = { trialId, councilId: principal.councilId ?? '', version }
  const rows = await runPrepared<Record<string, unknown>>(
    db,
    template ? bindStatement(template, values) : lockAndLoadStatement(principal, values)
  )
  const raw = rows[0]
  if (!raw) throw notFound(`trial ${trialId}`)
  if (!mayAct(principal, action))
    throw forbidden(`the ${principal.role} role may not ${action} trials`)
  const row: Record<string, unknown> = {}
  for (const [key, column] of trialColumns) {
    const value = raw[column.name]
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value)
  }
  const trial = row as TrialRow
  const hit =
    known !== undefined &&
    raw.row_version === known.version &&
    trial.protocolHash === known.protocolHash &&
    trial.registrationHash === known.registrationHash
  if (hit) {
    trial.protocol = known.protocol
    trial.registration = known.registration
    return trial
  }
  if (cache.size >= DOCUMENT_CACHE_TRIALS) cache.clear()
  cache.set(trialId, {
    version: raw.row_version as string,
    protocolHash: trial.protocolHash,
    registrationHash: trial.registrationHash,
    protocol: deepFreeze(trial.protocol),
    registration: deepFreeze(trial.registration),
  })
  return trial
}

/** The statement of {@link lockAndLoadTrial}: the trial row in the principal's scope, locked. */
const lockAndLoadStatement = (
  principal: Principal,
  { trialId, version }: { trialId: string; version: string }
) => {
  const scope = trialScope(principal)
  const where = scope ? and(eq(trials.id, trialId), scope) : eq(trials.id, trialId)
  return sql`select id, council_id, intervention_id, title, status, protocol_version, protocol_hash,
          seed_commitment, seed, created_by, created_at, updated_at, registered_at, recruiting_at,
          closed_at, registration_hash, outcomes_seen_at, outcomes_seen_by, data_complete_at,
          xmin::text as row_version,
          case when xmin::text = ${version} then null else protocol end as protocol,
          case when xmin::text = ${version} then null else registration end as registration
        from ${trials} where ${where} for update`
}
type LockValues = { trialId: string; councilId: string; version: string }
/**
 * {@link lockAndLoadStatement} for a role whose scope's text is the same for every principal of it (an officer's
 * council is a value), its text built once (see `bindStatement`). What the scope is stays `trialScope`'s.
 */
const lockAndLoadFor = (role: 'officer' | 'admin') =>
  statementTemplate(`lock-and-load-trial ${role}`, (v: LockValues) =>
    lockAndLoadStatement(
      {
        role,
        councilId: role === 'officer' ? v.councilId : null,
        userId: '',
        name: '',
        grantedCouncilIds: [],
        grantedTrialIds: [],
        tokenId: '',
      },
      v
    )
  )
const lockAndLoadOfficer = lockAndLoadFor('officer')
/** For admin and centre, whose scope is every trial. */
const lockAndLoadUnscoped = lockAndLoadFor('admin')

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

export function isUuid(value: string): boolean {
  return UUID.test(value)
}
