import type { Context } from 'hono'
import { CsvReader, type ImportProblem } from '../../trials/data'
import type { RowProblem as RefusedRow } from '../../trials/commands'
import type { Covariate } from '../../trials/protocol'
import type { AppEnv } from '../env'
import type { ProblemBody } from '../problem'
import type { DataImport } from '../routes/data'
import type { RecordResult } from '../routes/reports'
import { createRouter } from '../openapi'
import { api, capitalise } from './api'
import {
  BackLink,
  Button,
  ErrorSummary,
  FileUpload,
  Form,
  NotificationBanner,
  Radios,
  Table,
  bound,
  errorFor,
  type FieldError,
} from './components'
import { baselineValue } from './enrol'
import { page } from './render'
import { only } from './sign-in'
import { getTrial, type TrialJson } from './trial-data'
import { labelsOf } from './words'

/** The import route's refusal: a problem document listing each problem by row (null: the whole file) and column. */
type ImportRefusal = ProblemBody<Omit<ImportProblem, 'row'> & { row: number | null }>

type Ctx = Context<AppEnv>
type Kind = 'enrolment' | 'baseline' | 'outcome' | RecordKind
/** Trial records with an import route of their own, `/trials/{id}/{path}/imports`. */
type RecordKind = 'screening' | 'adherence' | 'exclusion'
const RECORD_PATHS: Record<RecordKind, string> = {
  screening: 'screening',
  adherence: 'adherence',
  exclusion: 'exclusions',
}
const isRecordKind = (kind: string): kind is RecordKind => kind in RECORD_PATHS

const KINDS: Array<{ value: Kind; text: string; hint: string }> = [
  {
    value: 'enrolment',
    text: 'Households to enrol and randomise',
    hint: 'One row per household: its case reference and the values randomisation needs. All or none are enrolled.',
  },
  {
    value: 'baseline',
    text: 'Baseline data',
    hint: 'Covariates of households already enrolled.',
  },
  {
    value: 'outcome',
    text: 'Outcomes',
    hint: 'Outcome values of enrolled households; leave a value empty and give a reason in its .missing column when it is lost.',
  },
  {
    value: 'screening',
    text: 'Screening log',
    hint: 'Households assessed but not randomised: one household per row (household_ref, assessed_on) or a count per week (week, count), each with a reason: not_eligible, declined or other (with a detail).',
  },
  {
    value: 'adherence',
    text: 'Adherence',
    hint: 'Whether each enrolled household received its allocated intervention: status received_as_allocated, not_received, discontinued or received_though_control, with the date and, unless received as allocated, a reason.',
  },
  {
    value: 'exclusion',
    text: 'Exclusions from analysis',
    hint: 'Randomised households to leave out of the analysis, with the reason and the date it was decided; give the registered eligibility criterion in the criterion column only for a household found ineligible at randomisation (only those leave the analysis).',
  },
]

/** The columns of a template CSV for this trial and kind of upload. */
function templateColumns(trial: TrialJson, kind: Kind): string[] {
  const p = trial.protocol
  if (kind === 'screening')
    return ['household_ref', 'assessed_on', 'week', 'count', 'reason', 'detail']
  if (kind === 'adherence')
    return [
      'household_ref',
      'status',
      'date',
      'reason',
      ...(p.waitlist ? ['delayed_offer_on'] : []),
    ]
  if (kind === 'exclusion') return ['household_ref', 'reason', 'date', 'criterion']
  if (kind === 'outcome') {
    const outcomes = [p.primary_outcome, ...(p.secondary_outcomes ?? [])]
      .map((o) => o?.name)
      .filter((n): n is string => Boolean(n))
    return ['household_ref', ...outcomes.flatMap((n) => [n, `${n}.missing`])]
  }
  const covariates = ((p.covariates ?? []) as Covariate[]).map((c) => c?.name).filter(Boolean)
  return ['household_ref', ...covariates]
}

/** A row problem with its column's short name read as the column's label: "homeless_6m is binary" -> "Owed a relief duty … is binary". */
const problemWords = (detail: string, name: string, label: string) => {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return capitalise(detail.replace(new RegExp(`\\b${escaped}\\b`, 'gi'), label))
}

/** One problem with an uploaded row, shown beside the row's household reference. */
interface RowProblem {
  row: number | null
  household: string
  column: string
  detail: string
}

function uploadPage(
  c: Ctx,
  trial: TrialJson,
  options: {
    kind?: string
    errors?: FieldError[]
    problems?: RowProblem[]
    done?: { heading: string; rows?: Array<[string, string]> }
  }
) {
  const errors = options.errors ?? []
  const labels = labelsOf(trial.protocol)
  const problems = options.problems ?? []
  return page(
    c,
    {
      title: `Upload a CSV file: ${trial.title}`,
      hasErrors: errors.length > 0,
      children: (
        <>
          <BackLink href={`/app/trials/${trial.id}`} text='Back to the trial' />
          <ErrorSummary errors={errors} />
          {options.done ? <NotificationBanner success heading={options.done.heading} /> : null}
          <div class='govuk-grid-row'>
            <div class='govuk-grid-column-two-thirds'>
              <span class='govuk-caption-l'>{trial.title}</span>
              <h1 class='govuk-heading-l'>Upload a CSV file</h1>
              <p class='govuk-body'>
                The file is checked first. If any row has a problem, nothing is saved and each
                problem is listed beside its row, so you can fix the file and upload it again.
              </p>
            </div>
          </div>
          {options.done?.rows?.length ? (
            <Table
              caption='Households and their arms'
              head={['Household reference', 'Arm']}
              rows={options.done.rows.map(([ref, arm]) => [ref, labels.arm(arm)])}
            />
          ) : null}
          {problems.length ? (
            <Table
              caption={`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} found: nothing was saved`}
              head={['Row', 'Household reference', 'Column', 'Problem']}
              rows={problems.map((p) => {
                const variable = p.column.replace(/\.missing$/, '')
                const named = Boolean(p.column) && !isRecordKind(options.kind ?? '')
                return [
                  p.row === null ? 'File' : String(p.row),
                  p.household || '–',
                  !p.column
                    ? '–'
                    : named
                      ? labels.covariate(variable) +
                        (p.column.endsWith('.missing') ? ' (missing reason)' : '')
                      : p.column,
                  // The problem names the column by its label too, not by its short name.
                  named ? problemWords(p.detail, variable, labels.covariate(variable)) : p.detail,
                ]
              })}
            />
          ) : null}
          <div class='govuk-grid-row'>
            <div class='govuk-grid-column-two-thirds'>
              <p class='govuk-body'>Download a template CSV for this trial:</p>
              <ul class='govuk-list'>
                {KINDS.map((k) => (
                  <li>
                    <a
                      class='govuk-link'
                      href={`/app/trials/${trial.id}/template.csv?kind=${k.value}`}
                      download
                    >
                      Template for {k.text.toLowerCase()}
                    </a>
                  </li>
                ))}
              </ul>
              <Form action={`/app/trials/${trial.id}/upload`} csrfToken={c.var.csrfToken} multipart>
                <Radios
                  {...bound(options, errors, 'kind')}
                  label='What does the file hold?'
                  options={(c.var.principal.role === 'officer' ? KINDS : KINDS.slice(1)).map(
                    (k) => ({
                      value: k.value,
                      text: k.text,
                      hint: k.hint,
                    })
                  )}
                />
                <FileUpload
                  id='file'
                  label='CSV file'
                  hint='Saved as "CSV UTF-8". The first row names the columns.'
                  accept='.csv,text/csv'
                  error={errorFor(errors, 'file')}
                />
                <Button>Check and upload</Button>
              </Form>
            </div>
          </div>
        </>
      ),
    },
    errors.length ? 422 : 200
  )
}

/** Parses the CSV for batch enrolment: household references and baseline values by row. */
function householdsOf(trial: TrialJson, text: string) {
  const reader = new CsvReader()
  const records = [...reader.push(text), ...reader.end()].filter(
    (r) => !(r.fields.length === 1 && r.fields[0] === '')
  )
  const [header, ...rows] = records
  const columns = (header?.fields ?? []).map((f) => f.trim().replace(/^\uFEFF/, ''))
  const covariates = new Map(
    ((trial.protocol.covariates ?? []) as Covariate[]).map((c) => [c.name, c])
  )
  return rows.map((r) => {
    const baseline: Record<string, string | number> = {}
    let ref = ''
    columns.forEach((name, i) => {
      const cell = (r.fields[i] ?? '').trim()
      if (name === 'household_ref') ref = cell
      else if (cell !== '') {
        const cov = covariates.get(name)
        baseline[name] = cov ? baselineValue(cov, cell) : cell
      }
    })
    return { row: r.row, household_ref: ref, baseline }
  })
}

/** The household reference of each CSV row (shown beside problems; never stored). */
function referencesByRow(text: string): Map<number, string> {
  const reader = new CsvReader()
  const records = [...reader.push(text), ...reader.end()]
  const header = (records[0]?.fields ?? []).map((f) => f.trim().replace(/^\uFEFF/, ''))
  const at = header.indexOf('household_ref')
  return new Map(records.slice(1).map((r) => [r.row, at >= 0 ? (r.fields[at] ?? '') : '']))
}

/** Row problems of a record import's refusal, beside each row's household reference. */
function recordProblems(body: RecordRefusal, refs: Map<number, string>): RowProblem[] {
  return (body.errors ?? []).map((e) => ({
    row: e.row ?? null,
    household: e.row ? (refs.get(e.row) ?? '') : '',
    column: e.field ?? '',
    detail: capitalise(e.detail),
  }))
}

/**
 * A record import's refusal: a problem document listing each refused row, or field errors without a
 * row when the body itself could not be read.
 */
type RecordRefusal = ProblemBody<
  Partial<Pick<RefusedRow, 'row' | 'field'>> & Pick<RefusedRow, 'detail'>
>

/**
 * Screening, adherence or exclusion records from a CSV file: a dry run through the kind's import
 * route first (nothing is written; every refused row is listed), then the same file for real.
 */
async function uploadRecords(
  c: Ctx,
  trial: TrialJson,
  kind: RecordKind,
  text: string,
  refs: Map<number, string>
) {
  const path = `/trials/${trial.id}/${RECORD_PATHS[kind]}/imports`
  const check = await api<unknown, RecordRefusal>(c, 'POST', `${path}?dry_run=true`, { csv: text })
  if (!check.ok) {
    const problems = recordProblems(check.body, refs)
    return uploadPage(c, trial, {
      kind,
      problems,
      errors: [
        {
          field: 'file',
          text: problems.length
            ? `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in the file: nothing was saved`
            : capitalise(check.body.detail ?? 'The file could not be read'),
        },
      ],
    })
  }
  const saved = await api<RecordResult, RecordRefusal>(c, 'POST', path, { csv: text })
  if (!saved.ok)
    return uploadPage(c, trial, {
      kind,
      errors: [
        { field: 'file', text: capitalise(saved.body.detail ?? 'The file could not be saved') },
      ],
    })
  const r = saved.body
  const what = KINDS.find((k) => k.value === kind)!.text.toLowerCase()
  return uploadPage(c, trial, {
    done: {
      heading: `${r.rows} ${r.rows === 1 ? 'row' : 'rows'} of ${what} saved: ${r.created} new${r.unchanged ? `, ${r.unchanged} unchanged` : ''}`,
    },
  })
}

/** The upload form: what the file holds (a kind the role may upload) and the file's text. */
async function readUploadForm(c: Ctx) {
  const form = await c.req.parseBody()
  const kind = typeof form.kind === 'string' ? form.kind : ''
  const file = form.file
  const errors: FieldError[] = []
  const allowed = c.var.principal.role === 'officer' ? KINDS : KINDS.slice(1)
  if (!allowed.some((k) => k.value === kind))
    errors.push({ field: 'kind', text: 'Select what the file holds' })
  const text = file instanceof File && file.size > 0 ? await file.text() : ''
  if (!text) errors.push({ field: 'file', text: 'Select a CSV file' })
  return { kind, text, errors }
}

/** The upload page with one problem with the file as a whole. */
const fileError = (c: Ctx, trial: TrialJson, kind: string, detail: string) =>
  uploadPage(c, trial, { kind, errors: [{ field: 'file', text: capitalise(detail) }] })

/** Households from a CSV file, enrolled in one batch: all or none, each refused row listed. */
async function uploadEnrolments(c: Ctx, trial: TrialJson, text: string) {
  const kind = 'enrolment'
  const households = householdsOf(trial, text)
  if (!households.length) return fileError(c, trial, kind, 'The file has no rows of households')
  const res = await api(c, 'POST', `/trials/${trial.id}/enrolments/batch`, {
    json: {
      households: households.map(({ household_ref, baseline }) => ({
        household_ref,
        baseline,
      })),
    },
  })
  if (!res.ok) {
    const list = (res.body.errors ?? []) as Array<{ pointer: string; detail: string }>
    if (!list.length)
      return fileError(c, trial, kind, res.body.detail ?? 'The households could not be enrolled')
    const problems = list.map((e) => {
      const m = /^\/households\/(\d+)(?:\/(?:baseline\/)?([^/]+))?/.exec(e.pointer)
      const h = m ? households[Number(m[1])] : undefined
      return {
        row: h?.row ?? null,
        household: h?.household_ref ?? '',
        column: m?.[2] === 'baseline' ? '' : (m?.[2] ?? ''),
        detail: capitalise(e.detail),
      }
    })
    return uploadPage(c, trial, {
      kind,
      problems,
      errors: [
        {
          field: 'file',
          text: `${problems.length} ${problems.length === 1 ? 'row has a problem' : 'problems in the file'}: no household was enrolled`,
        },
      ],
    })
  }
  const enrolled = res.body.enrolments as Array<{ arm: string; replayed: boolean }>
  const fresh = enrolled.filter((e) => !e.replayed).length
  return uploadPage(c, trial, {
    done: {
      heading: `${fresh} ${fresh === 1 ? 'household' : 'households'} enrolled${enrolled.length > fresh ? `; ${enrolled.length - fresh} already enrolled kept their original arm` : ''}`,
      rows: enrolled.map((e, i) => [households[i]!.household_ref, e.arm]),
    },
  })
}

/**
 * Baseline, outcome or process data from a CSV file: a dry run first (nothing is written; every
 * refused row is listed beside its household reference), then the same file for real.
 */
async function uploadData(
  c: Ctx,
  trial: TrialJson,
  kind: string,
  text: string,
  refs: Map<number, string>
) {
  const path = `/trials/${trial.id}/imports?kind=${kind}`
  const check = await api<unknown, ImportRefusal>(c, 'POST', `${path}&dry_run=true`, {
    csv: text,
  })
  if (!check.ok) {
    const problems = (check.body.errors ?? []).map((e) => ({
      row: e.row,
      household: e.row === null ? '' : (refs.get(e.row) ?? ''),
      column: e.column ?? '',
      detail: capitalise(e.detail),
    }))
    if (!problems.length)
      return fileError(c, trial, kind, check.body.detail ?? 'The file could not be read')
    return uploadPage(c, trial, {
      kind,
      problems,
      errors: [
        {
          field: 'file',
          text: `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in the file: nothing was saved`,
        },
      ],
    })
  }
  const saved = await api<DataImport>(c, 'POST', path, { csv: text })
  if (!saved.ok)
    return fileError(c, trial, kind, saved.body.detail ?? 'The file could not be saved')
  const r = saved.body
  return uploadPage(c, trial, {
    done: {
      heading: `${r.rows} ${r.rows === 1 ? 'row' : 'rows'} saved: ${r.created} new ${r.created === 1 ? 'value' : 'values'}${r.unchanged ? `, ${r.unchanged} unchanged` : ''}`,
    },
  })
}

export const uploadPages = createRouter()
  .get('/app/trials/:id/upload', only('officer', 'evaluator'), async (c) =>
    uploadPage(c, await getTrial(c, c.req.param('id')), { kind: c.req.query('kind') })
  )
  .get('/app/trials/:id/template.csv', only('officer', 'evaluator'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const kind = (KINDS.find((k) => k.value === c.req.query('kind'))?.value ?? 'outcome') as Kind
    return c.body(`${templateColumns(trial, kind).join(',')}\r\n`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${kind}-template.csv"`,
    })
  })
  .post('/app/trials/:id/upload', only('officer', 'evaluator'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const { kind, text, errors } = await readUploadForm(c)
    if (errors.length) return uploadPage(c, trial, { kind, errors })
    if (kind === 'enrolment') return uploadEnrolments(c, trial, text)
    if (isRecordKind(kind)) return uploadRecords(c, trial, kind, text, referencesByRow(text))
    return uploadData(c, trial, kind, text, referencesByRow(text))
  })
