import type { Context } from 'hono'
import type { AppEnv } from '../env'
import type { ProblemBody } from '../problem'
import type {
  AdherenceHistory,
  AdherenceList,
  ExclusionList,
  ScreeningLog,
} from '../routes/reports'
import { createRouter } from '../openapi'
import { api, capitalise } from './api'
import {
  BackLink,
  Button,
  ErrorSummary,
  Form,
  NotificationBanner,
  Radios,
  Table,
  TextInput,
  Textarea,
  bound,
  errorFor,
  type FieldError,
} from './components'
import { page } from './render'
import { only } from './sign-in'
import { allEnrolments, getEnrolment, getTrial, type TrialJson } from './trial-data'
import { labelsOf } from './words'

type Ctx = Context<AppEnv>
type Values = Record<string, string>

const REASONS = [
  { value: 'not_eligible', text: 'Not eligible', hint: 'Does not meet the inclusion criteria' },
  { value: 'declined', text: 'Declined to take part' },
  { value: 'other', text: 'Another reason', hint: 'Say what it was below' },
]
const REASON_WORDS: Record<string, string> = {
  not_eligible: 'Not eligible',
  declined: 'Declined',
  other: 'Other',
}

/** The form's fields as the API's entry fields; each problem pointer maps back to one field. */
const fieldOf = (prefix: string) => (pointer: string) => {
  const m = /^\/entries\/\d+\/([a-z_]+)/.exec(pointer)
  const field = m?.[1] === 'household' ? 'household_ref' : (m?.[1] ?? 'reason')
  return `${prefix}-${field}`
}

function problemsOf(b: ProblemBody, prefix: string): FieldError[] {
  const list = b.errors ?? []
  if (!list.length)
    return [{ field: `${prefix}-reason`, text: capitalise(b.detail ?? 'Nothing was recorded') }]
  return list.map((e) => ({ field: fieldOf(prefix)(e.pointer), text: capitalise(e.detail) }))
}

async function screeningPage(
  c: Ctx,
  trial: TrialJson,
  values: Values,
  errors: FieldError[],
  notice?: string
) {
  const log = await api<ScreeningLog>(c, 'GET', `/trials/${trial.id}/screening`)
  const weeks = log.ok ? log.body.by_week : []
  return page(
    c,
    {
      title: `Screening log: ${trial.title}`,
      hasErrors: errors.length > 0,
      children: (
        <>
          <BackLink href={`/app/trials/${trial.id}`} text='Back to the trial' />
          <ErrorSummary errors={errors} />
          {notice ? <NotificationBanner success heading={notice} /> : null}
          <span class='govuk-caption-l'>{trial.title}</span>
          <h1 class='govuk-heading-l'>Screening log</h1>
          <p class='govuk-body'>
            Record households assessed for the trial but not randomised, and why. They appear in the
            trial's CONSORT flow diagram as "excluded". Record no names: either a count for a week,
            or one household by its case reference, which is pseudonymised as it arrives.
          </p>
          {weeks.length ? (
            <Table
              caption={`Recorded so far: ${log.body.total} households`}
              head={['Week', 'Not eligible', 'Declined', 'Other']}
              numeric={[1, 2, 3]}
              rows={weeks.map((w) => [
                w.week,
                String(w.not_eligible),
                String(w.declined),
                String(w.other),
              ])}
            />
          ) : (
            <p class='govuk-body'>Nothing has been recorded yet.</p>
          )}
          <p class='govuk-body'>
            <a class='govuk-link' href={`/app/trials/${trial.id}/upload?kind=screening`}>
              Upload a CSV file of the screening log
            </a>
          </p>
          <div class='govuk-grid-row'>
            <div class='govuk-grid-column-two-thirds'>
              <h2 class='govuk-heading-m'>A count for one week</h2>
              <Form action={`/app/trials/${trial.id}/screening`} csrfToken={c.var.csrfToken}>
                <input type='hidden' name='mode' value='week' />
                <TextInput
                  {...bound(values, errors, 'week-week')}
                  label='Week'
                  hint='The ISO week, for example 2026-W05'
                  width='10'
                  spellcheck={false}
                />
                <Radios
                  {...bound(values, errors, 'week-reason')}
                  label='Why were they not randomised?'
                  options={REASONS}
                  small
                />
                <TextInput
                  {...bound(values, errors, 'week-count')}
                  label='Number of households'
                  width='4'
                  inputmode='numeric'
                />
                <TextInput
                  {...bound(values, errors, 'week-detail')}
                  label='The other reason, in a few words (optional unless "Another reason")'
                  hint='No names or case references'
                />
                <Button>Save the count</Button>
              </Form>
              <h2 class='govuk-heading-m'>One household</h2>
              <Form action={`/app/trials/${trial.id}/screening`} csrfToken={c.var.csrfToken}>
                <input type='hidden' name='mode' value='household' />
                <TextInput
                  {...bound(values, errors, 'household-household_ref')}
                  label='Household case reference'
                  hint='Your council’s own reference. It is pseudonymised as it arrives and never stored.'
                  width='20'
                  spellcheck={false}
                />
                <TextInput
                  {...bound(values, errors, 'household-assessed_on')}
                  label='Date assessed'
                  hint='For example, 2026-02-03'
                  width='10'
                />
                <Radios
                  {...bound(values, errors, 'household-reason')}
                  label='Why was the household not randomised?'
                  options={REASONS}
                  small
                />
                <TextInput
                  {...bound(values, errors, 'household-detail')}
                  label='The other reason, in a few words (optional unless "Another reason")'
                  hint='No names or case references'
                />
                <Button>Save the household</Button>
              </Form>
            </div>
          </div>
        </>
      ),
    },
    errors.length ? 422 : 200
  )
}

/** The adherence statuses that fit an arm, in words. */
function statusOptions(control: boolean, armWords: string) {
  return control
    ? [
        { value: 'received_as_allocated', text: 'Received usual service only', hint: '' },
        {
          value: 'received_though_control',
          text: `Received ${armWords} although allocated to usual service`,
          hint: 'Give the reason below',
        },
      ]
    : [
        { value: 'received_as_allocated', text: 'Received it as allocated', hint: '' },
        { value: 'not_received', text: 'Did not receive it', hint: 'Give the reason below' },
        { value: 'discontinued', text: 'Started, then stopped', hint: 'Give the reason below' },
      ]
}

type AdherenceRecord = AdherenceList['records'][number]
const STATUS_WORDS: Record<string, string> = {
  received_as_allocated: 'Received as allocated',
  not_received: 'Did not receive it',
  discontinued: 'Started, then stopped',
  received_though_control: 'Crossed over',
}

async function adherenceListPage(c: Ctx, trial: TrialJson, notice?: string) {
  const [rows, recorded] = await Promise.all([
    allEnrolments(c, trial.id),
    api<AdherenceList>(c, 'GET', `/trials/${trial.id}/adherence`),
  ])
  const labels = labelsOf(trial.protocol)
  const records: AdherenceRecord[] = recorded.ok ? recorded.body.records : []
  const byHousehold = new Map(records.map((r) => [r.household, r]))
  return page(c, {
    title: `Adherence: ${trial.title}`,
    wide: true,
    children: (
      <>
        <BackLink href={`/app/trials/${trial.id}`} text='Back to the trial' />
        {notice ? <NotificationBanner success heading={notice} /> : null}
        <span class='govuk-caption-l'>{trial.title}</span>
        <h1 class='govuk-heading-l'>Did each household get what it was allocated?</h1>
        <p class='govuk-body'>
          For every enrolled household, record whether it received the intervention of its arm, and
          when. The trial report and its flow diagram count these records. {byHousehold.size} of{' '}
          {rows.length} households are recorded.
        </p>
        {rows.length ? (
          <Table
            caption='Enrolled households'
            head={['Household', 'Arm', 'Recorded', 'Date']}
            rows={rows.map((e) => {
              const r = byHousehold.get(e.household)
              return [
                <a
                  class='govuk-link'
                  href={`/app/trials/${trial.id}/adherence/${encodeURIComponent(e.household)}`}
                >
                  {r ? 'Change' : 'Record'} household {e.sequence}
                </a>,
                labels.arm(e.arm),
                r ? STATUS_WORDS[r.status] : 'Not recorded',
                r ? r.date : '',
              ]
            })}
          />
        ) : (
          <p class='govuk-body'>No household is enrolled yet.</p>
        )}
        <p class='govuk-body'>
          <a class='govuk-link' href={`/app/trials/${trial.id}/upload?kind=adherence`}>
            Upload a CSV file of adherence records
          </a>
        </p>
      </>
    ),
  })
}

async function adherenceFormPage(
  c: Ctx,
  trial: TrialJson,
  household: string,
  values: Values | null,
  errors: FieldError[]
) {
  const unit = await getEnrolment(c, trial.id, household)
  if (!unit)
    return page(
      c,
      {
        title: 'Household not found',
        children: (
          <>
            <h1 class='govuk-heading-l'>Household not found</h1>
            <p class='govuk-body'>This household is not enrolled in this trial.</p>
          </>
        ),
      },
      404
    )
  const held = await api<AdherenceHistory>(
    c,
    'GET',
    `/trials/${trial.id}/households/${encodeURIComponent(unit.household)}/adherence`
  )
  const current = held.ok ? held.body.current : null
  const v: Values = values ?? {
    status: current?.status ?? '',
    reason: current?.reason ?? '',
    date: current?.date ?? '',
  }
  const labels = labelsOf(trial.protocol)
  const control = (trial.protocol.arms ?? []).find((a) => a?.name === unit.arm)?.control === true
  const treated = (trial.protocol.arms ?? []).find((a) => a && !a.control)?.name
  const options = statusOptions(control, treated ? labels.arm(treated).toLowerCase() : 'it')
  return page(
    c,
    {
      title: `Adherence of household ${unit.sequence}: ${trial.title}`,
      hasErrors: errors.length > 0,
      children: (
        <>
          <BackLink href={`/app/trials/${trial.id}/adherence`} text='Back to the households' />
          <div class='govuk-grid-row'>
            <div class='govuk-grid-column-two-thirds'>
              <ErrorSummary errors={errors} />
              <span class='govuk-caption-l'>
                Household {unit.sequence}, allocated to {labels.arm(unit.arm)}
              </span>
              <Form
                action={`/app/trials/${trial.id}/adherence/${encodeURIComponent(unit.household)}`}
                csrfToken={c.var.csrfToken}
              >
                <Radios
                  {...bound(v, errors, 'status')}
                  label={
                    control
                      ? 'What did this household receive?'
                      : `Did this household receive ${labels.arm(unit.arm).toLowerCase()}?`
                  }
                  isPageHeading
                  options={options.map((o) => (o.hint ? o : { value: o.value, text: o.text }))}
                />
                <TextInput
                  {...bound(v, errors, 'date')}
                  label='Date it was received, refused or stopped'
                  hint='For example, 2026-03-05'
                  width='10'
                />
                <Textarea
                  {...bound(v, errors, 'reason')}
                  label='Reason (needed unless received as allocated)'
                  hint='One line. No names or case references.'
                  rows={2}
                />
                {current ? (
                  <TextInput
                    {...bound(v, errors, 'correction')}
                    label='Why are you changing the record?'
                    hint={`Recorded as "${STATUS_WORDS[current.status]}" on ${current.date}. The previous record is kept.`}
                  />
                ) : null}
                <Button>Save</Button>
              </Form>
            </div>
          </div>
        </>
      ),
    },
    errors.length ? 422 : 200
  )
}

async function exclusionsPage(
  c: Ctx,
  trial: TrialJson,
  values: Values,
  errors: FieldError[],
  notice?: string
) {
  const [held, enrolled] = await Promise.all([
    api<ExclusionList>(c, 'GET', `/trials/${trial.id}/exclusions`),
    allEnrolments(c, trial.id),
  ])
  const records = held.ok ? held.body.records : []
  const sequence = new Map(enrolled.map((e) => [e.household, e.sequence]))
  const labels = labelsOf(trial.protocol)
  return page(
    c,
    {
      title: `Exclusions from analysis: ${trial.title}`,
      hasErrors: errors.length > 0,
      children: (
        <>
          <BackLink href={`/app/trials/${trial.id}`} text='Back to the trial' />
          <ErrorSummary errors={errors} />
          {notice ? <NotificationBanner success heading={notice} /> : null}
          <span class='govuk-caption-l'>{trial.title}</span>
          <h1 class='govuk-heading-l'>Exclusions from analysis</h1>
          <p class='govuk-body'>
            Record a randomised household that someone wants left out of the analysis, with the
            reason and the date it was decided. The analysis is by intention to treat: the household
            is left out only if it is found to have been ineligible when it was randomised, by one
            of the eligibility criteria registered in the protocol. Otherwise the exclusion is
            reported in the CONSORT flow diagram and the household stays in the analysis in the arm
            it was allocated to. A household assessed but never randomised belongs in the{' '}
            <a class='govuk-link' href={`/app/trials/${trial.id}/screening`}>
              screening log
            </a>{' '}
            instead.
          </p>
          {records.length ? (
            <Table
              caption={`Excluded so far: ${records.length} ${records.length === 1 ? 'household' : 'households'}`}
              head={['Household', 'Arm', 'Reason', 'Date', 'In the analysis?']}
              rows={records.map((r) => [
                `Household ${sequence.get(r.household) ?? ''}`,
                labels.arm(r.arm),
                r.reason,
                r.date,
                r.criterion
                  ? `No: ineligible at randomisation (${r.criterion})`
                  : 'Yes, as randomised',
              ])}
            />
          ) : (
            <p class='govuk-body'>No household has been excluded.</p>
          )}
          <p class='govuk-body'>
            <a class='govuk-link' href={`/app/trials/${trial.id}/upload?kind=exclusion`}>
              Upload a CSV file of exclusions
            </a>
          </p>
          <div class='govuk-grid-row'>
            <div class='govuk-grid-column-two-thirds'>
              <h2 class='govuk-heading-m'>Exclude a household</h2>
              <Form action={`/app/trials/${trial.id}/exclusions`} csrfToken={c.var.csrfToken}>
                <TextInput
                  {...bound(values, errors, 'household_ref')}
                  label='Household case reference'
                  hint='Your council’s own reference. It is pseudonymised as it arrives and never stored.'
                  width='20'
                  spellcheck={false}
                />
                <TextInput
                  {...bound(values, errors, 'date')}
                  label='Date the exclusion was decided'
                  hint='For example, 2026-03-05'
                  width='10'
                />
                <Textarea
                  {...bound(values, errors, 'reason')}
                  label='Why is the household excluded from the analysis?'
                  hint='One line. No names or case references.'
                  rows={2}
                />
                <Radios
                  id='criterion'
                  label='Was the household ineligible when it was randomised?'
                  hint='Only then is it left out of the analysis.'
                  options={[
                    ...criteriaOf(trial).map((c) => ({ value: c.value, text: c.text })),
                    {
                      value: '',
                      text: 'No, another reason: keep it in the analysis as randomised',
                    },
                  ]}
                  value={values.criterion ?? ''}
                  error={errorFor(errors, 'criterion')}
                  small
                />
                <TextInput
                  {...bound(values, errors, 'correction')}
                  label='If the household is already excluded: why are you changing its record? (optional)'
                  hint='The previous record is kept.'
                />
                <Button>Save the exclusion</Button>
              </Form>
            </div>
          </div>
        </>
      ),
    },
    errors.length ? 422 : 200
  )
}

/** The registered eligibility criteria as answers: an inclusion not met, or an exclusion met. */
function criteriaOf(trial: TrialJson) {
  const e = trial.protocol.eligibility
  return [
    ...(e?.inclusion ?? []).map((c) => ({ value: c ?? '', text: `Yes: did not meet "${c}"` })),
    ...(e?.exclusion ?? []).map((c) => ({ value: c ?? '', text: `Yes: "${c}"` })),
  ].filter((c) => c.value)
}

/**
 * The API's refusal of a one-entry batch as field errors: each entry problem at its field, and a
 * change to a held record (or its missing reason) at the correction field.
 */
function entryProblems(b: ProblemBody, fallback: string): FieldError[] {
  const list = (b.errors ?? []).map((e) =>
    e.pointer === '/reason' || e.code === 'already-recorded'
      ? { field: 'correction', text: 'Say why you are changing the record' }
      : { field: fieldOf('x')(e.pointer).slice(2), text: capitalise(e.detail) }
  )
  return list.length
    ? list
    : [{ field: fallback, text: capitalise(b.detail ?? 'Nothing was recorded') }]
}

const formValues = async (c: Ctx): Promise<Values> => {
  const form = (await c.req.parseBody()) as Record<string, unknown>
  const values: Values = {}
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string') values[k] = v.trim()
  return values
}

/** The screening form as one entry: a count for a week, or one household, and what is missing. */
function screeningEntry(values: Values) {
  const mode: 'household' | 'week' = values.mode === 'household' ? 'household' : 'week'
  const v = (name: string) => values[`${mode}-${name}`] || undefined
  const errors: FieldError[] = []
  if (!v('reason')) errors.push({ field: `${mode}-reason`, text: 'Choose why' })
  if (mode === 'week' && !v('week'))
    errors.push({ field: 'week-week', text: 'Enter the week, for example 2026-W05' })
  if (mode === 'week' && !/^\d+$/.test(v('count') ?? ''))
    errors.push({ field: 'week-count', text: 'Enter the number of households, like 3' })
  if (mode === 'household' && !v('household_ref'))
    errors.push({ field: 'household-household_ref', text: 'Enter the case reference' })
  if (mode === 'household' && !v('assessed_on'))
    errors.push({ field: 'household-assessed_on', text: 'Enter the date assessed' })
  const entry =
    mode === 'week'
      ? { week: v('week'), reason: v('reason'), count: Number(v('count')), detail: v('detail') }
      : {
          household_ref: v('household_ref'),
          assessed_on: v('assessed_on'),
          reason: v('reason'),
          detail: v('detail'),
        }
  return { mode, entry, errors }
}

/** What the adherence form is missing. */
function adherenceErrors(values: Values) {
  const errors: FieldError[] = []
  if (!values.status) errors.push({ field: 'status', text: 'Choose what the household received' })
  if (!values.date) errors.push({ field: 'date', text: 'Enter the date, for example 2026-03-05' })
  return errors
}

/** The adherence form as a one-entry batch (a correction when the form gives its reason). */
const adherenceRequest = (household: string, values: Values) => ({
  entries: [
    {
      household,
      status: values.status,
      date: values.date,
      ...(values.reason ? { reason: values.reason } : {}),
    },
  ],
  ...(values.correction ? { corrections: true, reason: values.correction } : {}),
})

/** What the exclusion form is missing. */
function exclusionErrors(values: Values) {
  const errors: FieldError[] = []
  if (!values.household_ref)
    errors.push({ field: 'household_ref', text: 'Enter the household case reference' })
  if (!values.date) errors.push({ field: 'date', text: 'Enter the date, for example 2026-03-05' })
  if (!values.reason)
    errors.push({ field: 'reason', text: 'Say why the household is excluded from the analysis' })
  return errors
}

/** The exclusion form as a one-entry batch (a correction when the form gives its reason). */
const exclusionRequest = (values: Values) => ({
  entries: [
    {
      household_ref: values.household_ref,
      reason: values.reason,
      date: values.date,
      ...(values.criterion ? { criterion: values.criterion } : {}),
    },
  ],
  ...(values.correction ? { corrections: true, reason: values.correction } : {}),
})

/**
 * Officer pages for the screening log, adherence and exclusions from analysis: forms that work without JavaScript, each
 * posting through the same API route (and so the same decide function, transaction and audit) as
 * an API client.
 */
export const recordPages = createRouter()
  .get('/app/trials/:id/screening', only('officer', 'evaluator'), async (c) =>
    screeningPage(
      c,
      await getTrial(c, c.req.param('id')),
      {},
      [],
      c.req.query('saved') ? 'Saved to the screening log' : undefined
    )
  )
  .post('/app/trials/:id/screening', only('officer', 'evaluator'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const values = await formValues(c)
    const { mode, entry, errors } = screeningEntry(values)
    if (errors.length) return screeningPage(c, trial, values, errors)
    const res = await api(c, 'POST', `/trials/${trial.id}/screening`, {
      json: { entries: [entry] },
    })
    if (!res.ok) return screeningPage(c, trial, values, problemsOf(res.body, mode))
    return c.redirect(`/app/trials/${trial.id}/screening?saved=1`, 303)
  })
  .get('/app/trials/:id/adherence', only('officer', 'evaluator'), async (c) =>
    adherenceListPage(
      c,
      await getTrial(c, c.req.param('id')),
      c.req.query('saved') ? 'Adherence saved' : undefined
    )
  )
  .get('/app/trials/:id/adherence/:household', only('officer', 'evaluator'), async (c) =>
    adherenceFormPage(c, await getTrial(c, c.req.param('id')), c.req.param('household'), null, [])
  )
  .post('/app/trials/:id/adherence/:household', only('officer', 'evaluator'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const household = c.req.param('household')
    const values = await formValues(c)
    const errors = adherenceErrors(values)
    if (errors.length) return adherenceFormPage(c, trial, household, values, errors)
    const json = adherenceRequest(household, values)
    const res = await api(c, 'POST', `/trials/${trial.id}/adherence`, { json })
    if (!res.ok)
      return adherenceFormPage(c, trial, household, values, entryProblems(res.body, 'status'))
    return c.redirect(`/app/trials/${trial.id}/adherence?saved=1`, 303)
  })
  .get('/app/trials/:id/exclusions', only('officer', 'evaluator'), async (c) =>
    exclusionsPage(
      c,
      await getTrial(c, c.req.param('id')),
      {},
      [],
      c.req.query('saved') ? 'Exclusion saved' : undefined
    )
  )
  .post('/app/trials/:id/exclusions', only('officer', 'evaluator'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const values = await formValues(c)
    const errors = exclusionErrors(values)
    if (errors.length) return exclusionsPage(c, trial, values, errors)
    const json = exclusionRequest(values)
    const res = await api(c, 'POST', `/trials/${trial.id}/exclusions`, { json })
    if (!res.ok) return exclusionsPage(c, trial, values, entryProblems(res.body, 'household_ref'))
    return c.redirect(`/app/trials/${trial.id}/exclusions?saved=1`, 303)
  })
