import type { Context } from 'hono'
import type { Covariate } from '../../trials/protocol'
import type { AppEnv } from '../env'
import type { ProblemBody } from '../problem'
import type { Enrolment } from '../routes/enrolments'
import { createRouter } from '../openapi'
import { api, capitalise } from './api'
import {
  BackLink,
  Button,
  ErrorSummary,
  Form,
  Panel,
  Select,
  TextInput,
  bound,
  errorFor,
  type FieldError,
} from './components'
import { page } from './render'
import { only } from './sign-in'
import { getTrial, type TrialJson } from './trial-data'
import { humanise, labelsOf } from './words'

type Ctx = Context<AppEnv>
type Values = Record<string, string>

/** The covariates randomisation reads (strata, cluster, minimisation factors), then the rest. */
function enrolmentFields(trial: TrialJson) {
  const p = trial.protocol
  const r = p.randomisation ?? {}
  const needed = new Set([
    ...((r.strata as string[] | undefined) ?? []),
    ...(r.cluster ? [r.cluster as string] : []),
    ...(((r as { minimisation?: { factors?: string[] } }).minimisation?.factors as string[]) ?? []),
  ])
  const covariates = ((p.covariates ?? []) as Covariate[]).filter((c) => c?.name)
  const values = (c: Covariate) =>
    ((r.strata_values as Record<string, unknown[]> | undefined)?.[c.name] ??
      c.levels ??
      null) as Array<string | number> | null
  return {
    needed: covariates.filter((c) => needed.has(c.name)).map((c) => ({ c, values: values(c) })),
    optional: covariates.filter((c) => !needed.has(c.name)).map((c) => ({ c, values: values(c) })),
  }
}

/** A form value as the API takes it: numbers for numeric covariates, labels for categorical ones. */
export function baselineValue(c: Covariate, text: string): string | number {
  const t = text.trim()
  if (c.type === 'categorical') return t
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t
}

function CovariateField(props: {
  c: Covariate
  values: Array<string | number> | null
  value?: string
  error?: string
}) {
  const { c, values } = props
  const id = `baseline-${c.name}`
  const hint = [c.unit ? `In ${c.unit}` : '', c.source ? `From ${c.source}` : '']
    .filter(Boolean)
    .join('. ')
  if (values || c.type === 'binary') {
    const options = values
      ? values.map((v) => ({ value: String(v), text: humanise(String(v)) }))
      : [
          { value: '1', text: 'Yes' },
          { value: '0', text: 'No' },
        ]
    return (
      <Select
        id={id}
        label={c.label}
        hint={hint || undefined}
        error={props.error}
        value={props.value}
        options={[{ value: '', text: 'Choose' }, ...options]}
      />
    )
  }
  return (
    <TextInput
      id={id}
      label={c.label}
      hint={hint || undefined}
      error={props.error}
      value={props.value}
      width='10'
      inputmode={c.type === 'continuous' ? 'decimal' : 'numeric'}
    />
  )
}

function enrolPage(c: Ctx, trial: TrialJson, values: Values, errors: FieldError[]) {
  const { needed, optional } = enrolmentFields(trial)
  return page(
    c,
    {
      title: `Enrol a household: ${trial.title}`,
      hasErrors: errors.length > 0,
      children: (
        <>
          <BackLink href={`/app/trials/${trial.id}`} text='Back to the trial' />
          <div class='govuk-grid-row'>
            <div class='govuk-grid-column-two-thirds'>
              <ErrorSummary errors={errors} />
              <span class='govuk-caption-l'>{trial.title}</span>
              <h1 class='govuk-heading-l'>Enrol a household</h1>
              <p class='govuk-body'>
                The household is randomised when you select "Enrol and randomise". Its arm is shown
                only once the enrolment is saved, and cannot be changed. A household enrolled before
                keeps its original arm.
              </p>
              <Form action={`/app/trials/${trial.id}/enrol`} csrfToken={c.var.csrfToken}>
                <TextInput
                  {...bound(values, errors, 'household_ref')}
                  label='Household case reference'
                  hint='Your council’s own reference. It is pseudonymised as it arrives and never stored.'
                  width='20'
                  spellcheck={false}
                />
                {needed.length ? <h2 class='govuk-heading-m'>Needed to randomise</h2> : null}
                {needed.map(({ c: cov, values: v }) => (
                  <CovariateField
                    c={cov}
                    values={v}
                    value={values[`baseline-${cov.name}`]}
                    error={errorFor(errors, `baseline-${cov.name}`)}
                  />
                ))}
                {optional.length ? (
                  <>
                    <h2 class='govuk-heading-m'>Other baseline information (optional)</h2>
                    <p class='govuk-body'>
                      You can record these later, before outcomes are analysed.
                    </p>
                  </>
                ) : null}
                {optional.map(({ c: cov, values: v }) => (
                  <CovariateField
                    c={cov}
                    values={v}
                    value={values[`baseline-${cov.name}`]}
                    error={errorFor(errors, `baseline-${cov.name}`)}
                  />
                ))}
                <Button>Enrol and randomise</Button>
              </Form>
            </div>
          </div>
        </>
      ),
    },
    errors.length ? 422 : 200
  )
}

/** Maps the API's JSON Pointers (`/household_ref`, `/baseline/<name>`) to the form's fields. */
const enrolmentField = (pointer: string) => {
  const m = /^(?:\/households\/\d+)?\/(household_ref|baseline)(?:\/([^/]+))?/.exec(pointer)
  if (!m) return 'household_ref'
  return m[1] === 'household_ref' ? 'household_ref' : m[2] ? `baseline-${m[2]}` : 'household_ref'
}

/** The enrolment form: the values as typed, the baseline they give, and what is missing. */
function readEnrolForm(trial: TrialJson, form: Record<string, unknown>) {
  const values: Values = {}
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string') values[k] = v
  const { needed, optional } = enrolmentFields(trial)
  const baseline: Record<string, string | number> = {}
  for (const { c: cov } of [...needed, ...optional]) {
    const text = values[`baseline-${cov.name}`] ?? ''
    if (text.trim() !== '') baseline[cov.name] = baselineValue(cov, text)
  }
  const errors: FieldError[] = []
  if (!values.household_ref?.trim())
    errors.push({ field: 'household_ref', text: 'Enter the household case reference' })
  for (const { c: cov } of needed)
    if (!(cov.name in baseline))
      errors.push({ field: `baseline-${cov.name}`, text: `Enter ${cov.label.toLowerCase()}` })
  return { values, baseline, errors }
}

/** The API's refusal of an enrolment as errors beside the form's fields. */
function refusalErrors(trial: TrialJson, body: ProblemBody): FieldError[] {
  const { needed, optional } = enrolmentFields(trial)
  const labels = new Map([...needed, ...optional].map(({ c: cov }) => [cov.name, cov.label]))
  const list = (body.errors ?? []) as Array<{ pointer: string; detail: string }>
  if (!list.length)
    return [
      {
        field: 'household_ref',
        text: capitalise(body.detail ?? 'The household could not be enrolled'),
      },
    ]
  return list.map((e) => {
    const field = enrolmentField(e.pointer)
    const name = field.replace(/^baseline-/, '')
    return { field, text: `${labels.get(name) ?? 'Household reference'}: ${e.detail}` }
  })
}

/** The confirmation of an enrolment: the household's arm, or that it kept the arm it had. */
function enrolledPage(c: Ctx, trial: TrialJson, e: Enrolment) {
  const labels = labelsOf(trial.protocol)
  const arm = (trial.protocol.arms ?? []).find((a) => a?.name === e.arm)
  return page(c, {
    title: e.replayed ? 'Household already enrolled' : 'Household enrolled',
    children: (
      <div class='govuk-grid-row'>
        <div class='govuk-grid-column-two-thirds'>
          <Panel title={e.replayed ? 'Already enrolled' : 'Household enrolled'}>
            Arm: <strong>{labels.arm(e.arm)}</strong>
          </Panel>
          {e.replayed ? (
            <p class='govuk-body'>
              This household was enrolled before (number {e.sequence} in this trial). It keeps its
              original arm; nothing has changed.
            </p>
          ) : (
            <p class='govuk-body'>
              This household is number {e.sequence} in the trial. The allocation is saved and cannot
              be changed.
            </p>
          )}
          {arm?.description ? (
            <p class='govuk-body'>
              {labels.arm(e.arm)}: {arm.description}.
            </p>
          ) : null}
          <p class='govuk-body'>
            <a class='govuk-link' href={`/app/trials/${trial.id}/enrol`}>
              Enrol another household
            </a>
          </p>
          <p class='govuk-body'>
            <a class='govuk-link' href={`/app/trials/${trial.id}`}>
              Back to the trial
            </a>
          </p>
        </div>
      </div>
    ),
  })
}

export const enrolPages = createRouter()
  .get('/app/trials/:id/enrol', only('officer'), async (c) =>
    enrolPage(c, await getTrial(c, c.req.param('id')), {}, [])
  )
  .post('/app/trials/:id/enrol', only('officer'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const { values, baseline, errors } = readEnrolForm(trial, await c.req.parseBody())
    if (errors.length) return enrolPage(c, trial, values, errors)
    const res = await api<Enrolment>(c, 'POST', `/trials/${trial.id}/enrolments`, {
      json: { household_ref: values.household_ref!.trim(), baseline },
    })
    if (!res.ok) return enrolPage(c, trial, values, refusalErrors(trial, res.body))
    return enrolledPage(c, trial, res.body)
  })
