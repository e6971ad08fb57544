import type { Context } from 'hono'
import { minimumDetectableEffect } from '../../analysis/power'
import { interventionCategorySchema } from '../../trials/protocol'
import { validateForRegistration } from '../../trials/protocol'
import type { AppEnv } from '../env'
import type { InterventionList, InterventionOut } from '../routes/interventions'
import { createRouter } from '../openapi'
import { api, capitalise, problemErrors } from './api'
import {
  STEPS,
  fieldWords,
  size,
  stepOfPath,
  type Draft,
  type Form as Values,
  type Step,
} from './builder-steps'
import {
  BackLink,
  Button,
  ErrorSummary,
  Form,
  QuestionPage,
  Radios,
  SummaryCard,
  TextInput,
  Textarea,
  WarningText,
  bound,
  errorFor,
  type FieldError,
} from './components'
import { page } from './render'
import { only } from './sign-in'
import { getTrial, type TrialJson } from './trial-data'
import { dateWords, durationWords, humanise } from './words'

type Ctx = Context<AppEnv>

const stepUrl = (id: string, step: Step | 'check') =>
  `/app/trials/${id}/protocol/${step === 'check' ? 'check' : step.slug}`

const formValues = async (c: Ctx): Promise<Values> => {
  const form = await c.req.parseBody()
  const out: Values = {}
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string') out[k] = v
  return out
}

/**
 * The design's minimum detectable effect from the power engine, for the target size split by the
 * registered ratios after the expected attrition: what the trial can detect, beside what the
 * officer hoped it could.
 */
function plannedMdes(draft: Draft): number | null {
  const s = draft.sample_size
  const pc = s?.power_calculation
  const ratios = (draft.randomisation?.arms ?? []).map((a: { ratio?: number }) => a?.ratio)
  const control = (draft.arms ?? []).findIndex((a: { control?: boolean }) => a?.control)
  if (!s?.target_households || !pc?.alpha || !pc?.power || ratios.length < 2 || control < 0)
    return null
  if (ratios.some((r: unknown) => typeof r !== 'number' || r <= 0)) return null
  const total = ratios.reduce((a: number, b: number) => a + b, 0)
  const kept = s.target_households * (1 - (pc.expected_attrition ?? 0))
  const treated = ratios.findIndex((_: unknown, i: number) => i !== control)
  try {
    return minimumDetectableEffect(
      {
        kind: 'individual',
        treatment: (kept * ratios[treated]) / total,
        control: (kept * ratios[control]) / total,
      },
      { alpha: pc.alpha, power: pc.power, alternative: pc.alternative ?? 'two.sided' }
    )
  } catch {
    return null
  }
}

function stepPage(
  c: Ctx,
  trial: TrialJson,
  step: Step,
  values: Values,
  errors: FieldError[],
  mdes?: number | null
) {
  const index = STEPS.indexOf(step)
  const draft = trial.protocol
  return page(
    c,
    {
      title: step.heading,
      hasErrors: errors.length > 0,
      children: (
        <QuestionPage
          caption={`${trial.title} – step ${index + 1} of ${STEPS.length}: ${step.caption}`}
          heading={step.heading}
          action={stepUrl(trial.id, step)}
          csrfToken={c.var.csrfToken}
          errors={errors}
          back={index > 0 ? stepUrl(trial.id, STEPS[index - 1]!) : `/app/trials/${trial.id}`}
          intro={
            mdes !== undefined ? (
              <div class='govuk-inset-text' id='design-mdes'>
                {mdes === null
                  ? 'The minimum detectable effect needs the arms and ratios, the number of households, the significance level and the power.'
                  : `Saved. With these households, split by the registered ratios after the expected attrition, the trial can detect an effect of ${mdes.toFixed(2)} standard deviations (the minimum detectable effect, from the power engine)${draft.sample_size?.power_calculation?.mdes ? `; you planned for ${draft.sample_size.power_calculation.mdes}` : ''}. Change the figures and save again, or continue.`}
                {mdes !== null ? (
                  <p class='govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0'>
                    <a class='govuk-link' href={stepUrl(trial.id, 'check')}>
                      Continue to check your answers
                    </a>
                  </p>
                ) : null}
              </div>
            ) : undefined
          }
        >
          {step.fields(values, errors, draft)}
        </QuestionPage>
      ),
    },
    errors.length ? 422 : 200
  )
}

interface Question {
  label?: string
  choices?: Map<string, string>
}

/**
 * The question each field of a step was asked with, and the words of its choices, read from the
 * step's own form: check your answers shows an answer in the words the officer chose it by.
 */
function questionsOf(node: unknown, out = new Map<string, Question>()): Map<string, Question> {
  if (Array.isArray(node)) {
    for (const n of node) questionsOf(n, out)
    return out
  }
  if (!node || typeof node !== 'object' || !('tag' in node)) return out
  const { props, children } = node as { props?: Record<string, unknown>; children?: unknown }
  const options = props?.options
  if (typeof props?.id === 'string' && typeof node.tag === 'function')
    out.set(props.id, {
      ...(typeof props.label === 'string' ? { label: props.label } : {}),
      ...(Array.isArray(options)
        ? {
            choices: new Map(
              options.map((o: { value: string; text: string }) => [o.value, o.text])
            ),
          }
        : {}),
    })
  return questionsOf(children, out)
}

/** An answer as check your answers shows it: a choice in its words, a date as "1 March 2026". */
const answerWords = (question: Question | undefined, value: string) =>
  question?.choices?.get(value) ??
  (/^\d{4}-\d{2}-\d{2}$/.test(value) ? dateWords(value) : durationWords(value))

/** Problems the registration checks would report, for the check-answers page. */
function registrationProblems(trial: TrialJson) {
  const result = validateForRegistration(trial.protocol)
  return result.ok
    ? result.problems.filter((p) => p.severity === 'error')
    : result.problems.filter((p) => p.severity === 'error')
}

function checkPage(c: Ctx, trial: TrialJson, apiErrors: FieldError[] = []) {
  const problems = registrationProblems(trial)
  const draft = trial.protocol
  const mdes = plannedMdes(draft)
  const errors: FieldError[] = [
    ...apiErrors,
    ...problems.map((p, i) => ({
      field: `problem-${i}`,
      text: `${stepOfPath(p.path).caption}: ${capitalise(p.message)}`,
    })),
  ]
  return page(
    c,
    {
      title: 'Check your answers before registering',
      hasErrors: errors.length > 0,
      children: (
        <>
          <BackLink href={stepUrl(trial.id, STEPS[STEPS.length - 1]!)} />
          <div class='govuk-grid-row'>
            <div class='govuk-grid-column-two-thirds'>
              {errors.length ? (
                <ErrorSummary
                  title={`${errors.length} ${errors.length === 1 ? 'problem stops' : 'problems stop'} this protocol being registered`}
                  errors={errors.map((e) => ({ field: e.field, text: e.text }))}
                />
              ) : null}
              <span class='govuk-caption-l'>{trial.title}</span>
              <h1 class='govuk-heading-l'>Check your answers before registering</h1>
              {STEPS.map((step) => {
                const values = step.read(draft)
                const questions = questionsOf(step.fields(values, [], draft))
                const mine = problems
                  .map((p, i) => ({ p, i }))
                  .filter(({ p }) => stepOfPath(p.path) === step)
                const rows = Object.entries(values)
                  .filter(([, v]) => v !== '')
                  .map(([k, v]) => ({
                    key: fieldWords(k, questions.get(k)?.label),
                    value: answerWords(questions.get(k), v),
                  }))
                return (
                  <SummaryCard
                    title={step.caption}
                    action={
                      <a class='govuk-link' href={stepUrl(trial.id, step)}>
                        Change
                        <span class='govuk-visually-hidden'> {step.caption.toLowerCase()}</span>
                      </a>
                    }
                    rows={[
                      ...(rows.length ? rows : [{ key: 'Answers', value: 'Not started' }]),
                      ...mine.map(({ p, i }) => ({
                        key: <span id={`problem-${i}`}>Problem</span>,
                        value: <span class='govuk-error-message'>{capitalise(p.message)}</span>,
                      })),
                    ]}
                  />
                )
              })}
              {mdes !== null ? (
                <p class='govuk-body'>
                  Minimum detectable effect of this design: {mdes.toFixed(2)} standard deviations.
                </p>
              ) : null}
              <h2 class='govuk-heading-m'>Register the protocol</h2>
              <WarningText>
                Registering locks the protocol by its hash and commits to a randomisation seed.
                After that, it changes only by a recorded amendment.
              </WarningText>
              <Form action={`/app/trials/${trial.id}/register`} csrfToken={c.var.csrfToken}>
                <Button>Register the protocol</Button>
              </Form>
            </div>
          </div>
        </>
      ),
    },
    errors.length ? 422 : 200
  )
}

/** The first page of a new trial: which intervention it tests, and its title. */
async function newTrialPage(c: Ctx, values: Values, errors: FieldError[]) {
  const res = await api<InterventionList>(c, 'GET', '/interventions')
  const existing = res.ok ? res.body.interventions : []
  return page(
    c,
    {
      title: 'Start a new trial',
      hasErrors: errors.length > 0,
      children: (
        <>
          <BackLink href='/app' />
          <div class='govuk-grid-row'>
            <div class='govuk-grid-column-two-thirds'>
              <ErrorSummary errors={errors} />
              <span class='govuk-caption-l'>New trial</span>
              <h1 class='govuk-heading-l'>Start a new trial</h1>
              <p class='govuk-body'>
                You will write the protocol one question at a time. Each answer is saved as a draft,
                and nothing is registered until you check your answers.
              </p>
              <Form action='/app/trials/new' csrfToken={c.var.csrfToken}>
                <TextInput {...bound(values, errors, 'title')} label='Trial title' />
                <Radios
                  {...bound(values, errors, 'intervention')}
                  label='Which intervention does it test?'
                  options={[
                    ...existing.map((i) => ({ value: i.id, text: i.name })),
                    { value: 'new', text: 'A new intervention (describe it below)' },
                  ]}
                />
                <h2 class='govuk-heading-m'>A new intervention</h2>
                <p class='govuk-body'>Only if you chose a new intervention.</p>
                <TextInput {...bound(values, errors, 'intervention_name')} label='Name' />
                <Radios
                  {...bound(values, errors, 'category')}
                  label='Kind of intervention'
                  small
                  options={interventionCategorySchema.options
                    .filter((x) => x !== 'other')
                    .map((x) => ({ value: x, text: humanise(x) }))}
                />
                <Textarea
                  {...bound(values, errors, 'description')}
                  label='What is delivered, by whom, how often'
                />
                <Textarea
                  {...bound(values, errors, 'theory_of_change')}
                  label='How it is expected to change outcomes'
                />
                <TextInput
                  {...bound(values, errors, 'delivery_cost')}
                  label='Delivery cost per household, in pounds'
                  hint='Like 525.00'
                  width='5'
                  inputmode='decimal'
                />
                <Button>Save and continue</Button>
              </Form>
            </div>
          </div>
        </>
      ),
    },
    errors.length ? 422 : 200
  )
}

const INTERVENTION_FIELDS: Record<string, string> = {
  name: 'intervention_name',
  category: 'category',
  description: 'description',
  theory_of_change: 'theory_of_change',
  delivery_cost_pence: 'delivery_cost',
}

/** Why the API refused the new trial. */
const refusal = (body: { detail?: string }) => capitalise(body.detail ?? 'The trial was refused')
const UNSAVED = 'The draft was not saved'
const UNREGISTERED = 'The protocol was not registered'
/** A registration problem's prefix: the builder step its pointer belongs to. */
const stepCaption = (pointer: string) => `${stepOfPath(pointer).caption}: `

/** The new-trial form's problems, and the intervention's cost in pence when a new one is described. */
function checkNewTrial(v: Values) {
  const errors: FieldError[] = []
  if (!v.title?.trim()) errors.push({ field: 'title', text: 'Enter the trial title' })
  if (!v.intervention) errors.push({ field: 'intervention', text: 'Select the intervention' })
  let pence: number | undefined
  if (v.intervention === 'new') {
    const cost = (v.delivery_cost ?? '').trim().replace(/^£/, '')
    if (!/^\d+(\.\d{1,2})?$/.test(cost))
      errors.push({ field: 'delivery_cost', text: 'Enter the cost in pounds, like 525.00' })
    else pence = Math.round(Number(cost) * 100)
    if (!v.intervention_name?.trim())
      errors.push({ field: 'intervention_name', text: 'Enter the intervention’s name' })
    if (!v.category) errors.push({ field: 'category', text: 'Select the kind of intervention' })
    if (!v.description?.trim())
      errors.push({ field: 'description', text: 'Describe what is delivered' })
    if (!v.theory_of_change?.trim())
      errors.push({
        field: 'theory_of_change',
        text: 'Say how it is expected to change outcomes',
      })
  }
  return { errors, pence }
}

/** Registers the intervention the new-trial form describes: its id, or the API's refusal as errors. */
async function createIntervention(
  c: Ctx,
  v: Values,
  pence: number | undefined
): Promise<{ id: string } | { errors: FieldError[] }> {
  const created = await api<InterventionOut>(c, 'POST', '/interventions', {
    json: {
      name: v.intervention_name!.trim(),
      category: v.category,
      description: v.description!.trim(),
      theory_of_change: v.theory_of_change!.trim(),
      delivery_cost_pence: pence,
    },
  })
  if (created.ok) return { id: created.body.id }
  const fieldOf = (pointer: string) =>
    INTERVENTION_FIELDS[pointer.split('/')[1] ?? ''] ?? 'intervention_name'
  return { errors: problemErrors(created.body, fieldOf, 'The intervention was refused') }
}

/** Creates the draft trial of an intervention with its title. */
const createTrial = (c: Ctx, interventionId: string, title: string) =>
  api<TrialJson>(c, 'POST', '/trials', {
    json: { intervention_id: interventionId, protocol: { format_version: 1, title } },
  })

export const builderPages = createRouter()
  .get('/app/trials/new', only('officer'), (c) => newTrialPage(c, {}, []))
  .post('/app/trials/new', only('officer'), async (c) => {
    const v = await formValues(c)
    const { errors, pence } = checkNewTrial(v)
    if (errors.length) return newTrialPage(c, v, errors)
    const intervention =
      v.intervention === 'new' ? await createIntervention(c, v, pence) : { id: v.intervention! }
    if ('errors' in intervention) return newTrialPage(c, v, intervention.errors)
    const trial = await createTrial(c, intervention.id, v.title!.trim())
    if (!trial.ok) return newTrialPage(c, v, [{ field: 'title', text: refusal(trial.body) }])
    return c.redirect(stepUrl(trial.body.id, STEPS[0]!), 303)
  })
  .get('/app/trials/:id/protocol', only('officer'), (c) =>
    c.redirect(stepUrl(c.req.param('id'), STEPS[0]!), 303)
  )
  .get('/app/trials/:id/protocol/check', only('officer'), async (c) =>
    checkPage(c, await getTrial(c, c.req.param('id')))
  )
  .get('/app/trials/:id/protocol/:step', only('officer'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const step = STEPS.find((s) => s.slug === c.req.param('step'))
    if (!step) return c.notFound()
    return stepPage(c, trial, step, step.read(trial.protocol), [])
  })
  .post('/app/trials/:id/protocol/:step', only('officer'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const step = STEPS.find((s) => s.slug === c.req.param('step'))
    if (!step) return c.notFound()
    const values = await formValues(c)
    const { draft, errors } = step.apply(trial.protocol, values)
    // A step with input errors saves nothing: the draft stays as it was.
    if (errors.length) return stepPage(c, trial, step, values, errors)
    const saved = await api<TrialJson>(c, 'PUT', `/trials/${trial.id}/protocol`, {
      json: { protocol: draft },
    })
    if (!saved.ok)
      return stepPage(c, trial, step, values, problemErrors(saved.body, step.fieldOf, UNSAVED))
    if (step === size)
      return stepPage(c, saved.body, step, values, [], plannedMdes(saved.body.protocol))
    return c.redirect(stepUrl(trial.id, STEPS[STEPS.indexOf(step) + 1] ?? 'check'), 303)
  })
  .post('/app/trials/:id/register', only('officer'), async (c) => {
    const id = c.req.param('id')
    const res = await api(c, 'POST', `/trials/${id}/register`, { json: {} })
    if (res.ok) return c.redirect(`/app/trials/${id}?done=registration`, 303)
    const errors = problemErrors(res.body, (_, i) => `register-${i}`, UNREGISTERED, stepCaption)
    return checkPage(c, await getTrial(c, id), errors)
  })
