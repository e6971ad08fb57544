import { createHash, randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import {
  CsvReader,
  ImportValidator,
  UnreadableFileError,
  Utf8ChunkDecoder,
  type ImportProblem,
  type ObservationKind,
  type ObservedValue,
} from '../../trials/data'
import { dataImportAudit, decideRecord, registeredProtocol } from '../../trials/commands'
import type { Protocol } from '../../trials/protocol'
import type { Executor } from '../db/client'
import { dataImports, enrolments, type trials } from '../db/schema'
import { ProblemError, conflict } from '../problem'
import { recordAudit, recorderContext } from './audit'
import {
  correctObservations,
  currentObservations,
  insertObservations,
  observationKey,
  sameValue,
  type Recorder,
  type CurrentObservation,
  type NewObservation,
} from './observations'
import { pseudonymise } from './pseudonym'
import { loadTrial } from '../auth/scope'
import type { RequestContext } from './context'

type TrialRow = typeof trials.$inferSelect

interface ImportRequest {
  kind: ObservationKind
  dryRun: boolean
  /** Rows for values already recorded replace them (with `reason`) instead of being refused. */
  corrections: boolean
  reason?: string
  idempotencyKey?: string
}

export interface ImportResult {
  import_id: string | null
  kind: ObservationKind
  dry_run: boolean
  rows: number
  created: number
  corrected: number
  unchanged: number
}

/** A read and validated upload: its rows, problems and SHA-256. */
interface ParsedUpload {
  validator: ImportValidator
  sha256: string
}

const invalid = (validator: ImportValidator, detail?: string) =>
  new ProblemError(
    422,
    'import-invalid',
    detail ?? `${validator.problems.total} problem(s) in the file; nothing was written`,
    {
      error_count: validator.problems.total,
      rows_read: validator.rowsRead,
      errors: [...validator.problems.items].sort((a, b) => a.row - b.row),
    }
  )

/**
 * Reads an upload as it streams in: bytes are hashed, decoded and parsed chunk by chunk, and every
 * row is validated against the protocol without holding the file as one string. JSON bodies
 * (`{ "rows": [...] }`) are parsed whole, which JSON.parse requires.
 */
async function readUpload(
  body: ReadableStream<Uint8Array> | null,
  format: 'csv' | 'json',
  protocol: Protocol,
  kind: ObservationKind
): Promise<ParsedUpload> {
  const validator = new ImportValidator(protocol, kind)
  const hash = createHash('sha256')
  const decoder = new Utf8ChunkDecoder()
  const reader = body?.getReader()
  const csv = format === 'csv' ? new CsvReader() : null
  const jsonParts: string[] = []
  const take = (text: string) => {
    if (!csv) return void jsonParts.push(text)
    for (const record of csv.push(text)) validator.csvRecord(record)
  }
  try {
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        hash.update(value)
        take(decoder.push(value))
        // A refused header makes the rest unreadable: stop instead of reading megabytes of junk.
        if (validator.stopped) {
          await reader.cancel()
          throw invalid(
            validator,
            `the header row is not accepted (${validator.problems.total} problem(s)); nothing was written`
          )
        }
      }
    }
    take(decoder.end())
    if (csv) {
      for (const record of csv.end()) validator.csvRecord(record)
      validator.finishCsv()
    } else readJsonRows(jsonParts.join(''), validator)
  } catch (err) {
    if (err instanceof UnreadableFileError) {
      await reader?.cancel().catch(() => {})
      const row = (err.details?.row as number | undefined) ?? null
      throw new ProblemError(422, 'import-invalid', `${err.message}; nothing was written`, {
        error_count: 1,
        rows_read: validator.rowsRead,
        errors: [
          {
            row,
            column: null,
            code: String(err.details?.reason ?? err.code),
            detail: err.message,
          } satisfies Omit<ImportProblem, 'row'> & { row: number | null },
        ],
      })
    }
    throw err
  }
  if (validator.stopped) throw invalid(validator)
  return { validator, sha256: hash.digest('hex') }
}

function readJsonRows(text: string, validator: ImportValidator): void {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new ProblemError(
      400,
      'malformed-request',
      `the body is not valid JSON: ${(err as Error).message}`
    )
  }
  const rows = (parsed as { rows?: unknown } | null)?.rows
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Array.isArray(rows) ||
    Object.keys(parsed).length !== 1
  ) {
    throw new ProblemError(
      422,
      'import-invalid',
      'a JSON import is { "rows": [ { "household_ref": ..., "<variable>": value or { "missing": reason } } ] }',
      {
        error_count: 1,
        rows_read: 0,
        errors: [
          {
            row: null,
            column: null,
            pointer: '',
            code: 'wrong-shape',
            detail: 'expected an object with one key, rows, holding an array',
          },
        ],
      }
    )
  }
  if (rows.length === 0)
    validator.problems.add({
      row: 1,
      column: null,
      pointer: '/rows',
      code: 'no-rows',
      detail: 'rows is empty',
    })
  rows.forEach((r, i) => validator.jsonRow(r, i))
}

/**
 * Checks the upload against the database and, unless it is a dry run, writes it: all rows in the
 * caller's transaction or none. The caller holds the trial row lock, which serialises imports and
 * corrections of one trial. Returns the stored result for a repeated Idempotency-Key with the same body.
 */
async function applyImport(
  tx: Executor,
  trial: TrialRow,
  actor: Recorder,
  now: Date,
  pseudonymKey: string,
  upload: ParsedUpload,
  request: ImportRequest
): Promise<{ result: ImportResult; replayed: boolean }> {
  decideRecord(trial, [request.kind])
  const { validator } = upload
  if (request.idempotencyKey && !request.dryRun) {
    const [stored] = await tx
      .select()
      .from(dataImports)
      .where(
        and(
          eq(dataImports.trialId, trial.id),
          eq(dataImports.idempotencyKey, request.idempotencyKey)
        )
      )
    if (stored) {
      if (stored.bodySha256 !== upload.sha256) {
        throw conflict(
          'idempotency-key-reused',
          'this Idempotency-Key was used for a different upload; use a new key for a new file',
          { import_id: stored.id }
        )
      }
      return { result: stored.result, replayed: true }
    }
  }
  // Rows that failed the protocol checks are already listed; the rest are checked against the
  // database too, so one response lists every problem of the file.
  const enrolled = await tx
    .select({ id: enrolments.id, household: enrolments.household })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
  const enrolmentOf = new Map(enrolled.map((e) => [e.household, e.id]))
  const variables = validator.variables
  const inFile = variables
    .filter((_, i) => validator.rows.some((r) => r.values[i] !== undefined))
    .map((v) => v.name)
  const current = await currentObservations(tx, trial.id, inFile)
  const firstRow = new Map<string, number>()
  const fresh: NewObservation[] = []
  const corrections: Array<{ current: CurrentObservation; value: ObservedValue }> = []
  let unchanged = 0
  for (const row of validator.rows) {
    const byRef = 'ref' in row.household
    const column = byRef ? 'household_ref' : 'household'
    const pseudonym =
      'ref' in row.household
        ? pseudonymise(pseudonymKey, trial.councilId, row.household.ref)
        : row.household.pseudonym
    const enrolmentId = enrolmentOf.get(pseudonym)
    if (!enrolmentId) {
      validator.problems.add(
        byRef
          ? {
              row: row.row,
              column,
              code: 'not-enrolled',
              detail:
                'no household with this reference is enrolled in this trial: outcomes are recorded only for randomised households',
            }
          : {
              row: row.row,
              column,
              value: pseudonym,
              code: 'unknown-household',
              detail: 'no household with this pseudonymous id is enrolled in this trial',
            }
      )
      continue
    }
    const earlier = firstRow.get(pseudonym)
    if (earlier !== undefined) {
      validator.problems.add({
        row: row.row,
        column,
        code: 'duplicate-household',
        detail: `the same household as row ${earlier}; give each household once per file`,
      })
      continue
    }
    firstRow.set(pseudonym, row.row)
    row.values.forEach((value, i) => {
      if (value === undefined) return
      const variable = variables[i]!
      const existing = current.get(observationKey(enrolmentId, variable.name))
      // A value equal to the recorded one is left alone, as the single-household PUT does, so a
      // whole file can be uploaded again; only a different value is a correction.
      if (!existing)
        fresh.push({ enrolmentId, kind: variable.kind, variable: variable.name, value })
      else if (sameValue(existing, value)) unchanged++
      else if (!request.corrections) {
        validator.problems.add({
          row: row.row,
          column: variable.name,
          code: 'already-recorded',
          detail: `${variable.name} is already recorded for this household with a different value (version ${existing.version}); to change it, import with corrections=true and a reason`,
        })
      } else corrections.push({ current: existing, value })
    })
  }
  if (validator.problems.total > 0) throw invalid(validator)

  const result: ImportResult = {
    import_id: null,
    kind: request.kind,
    dry_run: request.dryRun,
    rows: validator.rows.length,
    created: fresh.length,
    corrected: corrections.length,
    unchanged,
  }
  if (request.dryRun) return { result, replayed: false }
  const source = `import:${request.kind}`
  await insertObservations(tx, trial.id, actor, now, source, fresh)
  if (corrections.length)
    await correctObservations(tx, actor, now, source, request.reason!, corrections)
  result.import_id = randomUUID()
  await tx.insert(dataImports).values({
    id: result.import_id,
    trialId: trial.id,
    kind: request.kind,
    idempotencyKey: request.idempotencyKey ?? null,
    bodySha256: upload.sha256,
    rows: result.rows,
    result,
    createdBy: actor.userId,
    createdAt: now,
  })
  await recordAudit(
    tx,
    recorderContext(actor, trial, now),
    dataImportAudit(trial, {
      importId: result.import_id,
      kind: request.kind,
      rows: result.rows,
      created: result.created,
      corrected: result.corrected,
      unchanged,
      reason: request.reason,
      bodySha256: upload.sha256,
    })
  )
  return { result, replayed: false }
}

/**
 * Imports a CSV or JSON upload of one kind: the media type, scope, role and status are checked
 * before the body is read, so a refused upload costs nothing; then the upload is checked and,
 * unless a dry run, written in one transaction holding the trial row lock.
 */
export async function importData(
  rc: RequestContext,
  id: string,
  upload: { type: string; body: ReadableStream<Uint8Array> | null; key?: string | undefined },
  query: {
    kind: ObservationKind
    dry_run?: 'true' | 'false' | undefined
    corrections?: 'true' | 'false' | undefined
    reason?: string | undefined
  }
) {
  const type = upload.type.split(';')[0]!.trim().toLowerCase()
  const format = type === 'text/csv' ? 'csv' : type === 'application/json' ? 'json' : null
  if (!format)
    throw new ProblemError(
      415,
      'unsupported-media-type',
      `send the file as text/csv or application/json; got ${type || 'no content type'}`,
      { accepted: ['text/csv', 'application/json'] }
    )
  const visible = await loadTrial(rc.db, rc.principal, id, 'record')
  decideRecord(visible, [query.kind])
  const parsed = await readUpload(upload.body, format, registeredProtocol(visible), query.kind)
  const dryRun = query.dry_run === 'true'
  const request: ImportRequest = {
    kind: query.kind,
    dryRun,
    corrections: query.corrections === 'true',
    ...(query.reason ? { reason: query.reason } : {}),
    ...(upload.key ? { idempotencyKey: upload.key } : {}),
  }
  const actor = { userId: rc.principal.userId, requestId: rc.actor.requestId ?? '' }
  return rc.db.transaction(async (tx) => {
    const trial = await loadTrial(tx, rc.principal, id, 'record', { forUpdate: !dryRun })
    return applyImport(tx, trial, actor, rc.actor.at, rc.config.pseudonymKey, parsed, request)
  })
}
