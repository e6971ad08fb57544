import type { Context } from 'hono'
import {
  permissions,
  trialStatusSchema,
  type LifecycleStatus as TrialStatus,
} from '../../trials/protocol'
import type { AppEnv } from '../env'
import { createRouter } from '../openapi'
import { api } from './api'
import {
  BackLink,
  Button,
  ButtonGroup,
  ErrorSummary,
  Form,
  NotificationBanner,
  ProgressBar,
  StatusTag,
  SummaryList,
  Table,
} from './components'
import { page } from './render'
import { only } from './sign-in'
import { getProgress, getTrial, type TrialJson } from './trial-data'
import { dateWords, labelsOf } from './words'

type Ctx = Context<AppEnv>

/** The next lifecycle steps an officer takes from this page, as the API lists them. */
const S = trialStatusSchema.enum
const STEPS: Record<string, { path: string; button: string; done: string }> = {
  [S.recruiting]: {
    path: 'recruit',
    button: 'Start recruiting',
    done: 'Recruitment has started. Households can now be enrolled.',
  },
  [S.closed]: {
    path: 'close',
    button: 'Close recruitment',
    done: 'Recruitment is closed and the seed is published. Follow-up data can still be recorded.',
  },
}

async function trialPage(c: Ctx, trial: TrialJson, notice?: string, error?: string) {
  const role = c.var.principal.role
  const status = trial.status as TrialStatus
  const may = permissions(status)
  const labels = labelsOf(trial.protocol)
  const progress = trial.recruiting_at ? await getProgress(c, trial.id) : null
  const id = trial.id
  const steps = trial.allowed_transitions.filter((s) => s in STEPS)
  return page(c, {
    title: trial.title,
    hasErrors: Boolean(error),
    children: (
      <>
        <BackLink href='/app' text='Back to your trials' />
        {error ? <ErrorSummary errors={[{ field: 'actions', text: error }]} /> : null}
        {notice ? <NotificationBanner success heading={notice} /> : null}
        <span class='govuk-caption-l'>Trial</span>
        <h1 class='govuk-heading-l'>{trial.title}</h1>
        <p class='govuk-body'>
          <StatusTag status={trial.status} />
        </p>
        <SummaryList
          rows={[
            {
              key: 'Protocol',
              value: trial.registered_at
                ? `Version ${trial.protocol_version}, registered ${dateWords(trial.registered_at)}`
                : 'Draft, not yet registered',
            },
            ...(trial.registered_at
              ? [
                  {
                    key: 'Public record',
                    value: (
                      <a class='govuk-link' href={`/registry/${id}`}>
                        Registry entry
                      </a>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <h2 class='govuk-heading-m' id='actions'>
          What you can do
        </h2>
        <ul class='govuk-list'>
          {role === 'officer' && may.editDraft ? (
            <li>
              <a class='govuk-link' href={`/app/trials/${id}/protocol`}>
                Continue writing the protocol
              </a>
            </li>
          ) : null}
          {role === 'officer' && may.enrol ? (
            <li>
              <a class='govuk-link' href={`/app/trials/${id}/enrol`}>
                Enrol a household
              </a>
            </li>
          ) : null}
          {(role === 'officer' || role === 'evaluator') && trial.recruiting_at ? (
            <li>
              <a class='govuk-link' href={`/app/trials/${id}/upload`}>
                Upload a CSV file (households, baseline data or outcomes)
              </a>
            </li>
          ) : null}
          {(role === 'officer' || role === 'evaluator') && trial.recruiting_at ? (
            <>
              <li>
                <a class='govuk-link' href={`/app/trials/${id}/screening`}>
                  Screening log: households assessed and not randomised
                </a>
              </li>
              <li>
                <a class='govuk-link' href={`/app/trials/${id}/adherence`}>
                  Adherence: did each household get what it was allocated?
                </a>
              </li>
              <li>
                <a class='govuk-link' href={`/app/trials/${id}/exclusions`}>
                  Exclusions from analysis: randomised households left out
                </a>
              </li>
            </>
          ) : null}
          {role === 'evaluator' && may.analyse ? (
            <li>
              <a class='govuk-link' href={`/app/trials/${id}/analysis`}>
                Run the registered analysis
              </a>
            </li>
          ) : null}
          {trial.recruiting_at ? (
            <li>
              <a class='govuk-link' href={`/app/trials/${id}/report`}>
                Trial report: results, balance, attrition and deviations
              </a>
            </li>
          ) : null}
          {role === 'centre' && may.rate ? (
            <li>
              <a class='govuk-link' href={`/app/trials/${id}/rating`}>
                Rate the evidence
              </a>
            </li>
          ) : null}
        </ul>
        {role === 'officer' && steps.length ? (
          <ButtonGroup>
            {steps.map((s) => (
              <Form action={`/app/trials/${id}/${STEPS[s]!.path}`} csrfToken={c.var.csrfToken}>
                <Button secondary={s !== S.recruiting}>{STEPS[s]!.button}</Button>
              </Form>
            ))}
          </ButtonGroup>
        ) : null}
        {progress ? (
          <>
            <h2 class='govuk-heading-m'>Progress</h2>
            <ProgressBar
              label='Households enrolled'
              value={progress.enrolment.enrolled}
              target={progress.enrolment.target}
            />
            <Table
              caption='Households by arm'
              captionSize='s'
              head={['Arm', 'Households']}
              numeric={[1]}
              rows={progress.enrolment.by_arm.map((a) => [labels.arm(a.arm), String(a.enrolled)])}
            />
            <Table
              caption='Follow-up'
              stack
              captionSize='s'
              head={[
                'Measure',
                'Due',
                'Received',
                'Missing (reason given)',
                'Outstanding',
                'Not yet due',
              ]}
              numeric={[1, 2, 3, 4, 5]}
              rows={progress.measures.map((m) => [
                labels.outcome(m.name),
                String(m.due),
                String(m.received),
                String(m.missing_total),
                String(m.outstanding),
                String(m.not_yet_due),
              ])}
            />
          </>
        ) : null}
      </>
    ),
  })
}

export const trialPages = createRouter()
  .get('/app/trials/:id', async (c) =>
    trialPage(
      c,
      await getTrial(c, c.req.param('id')),
      c.req.query('done') === 'registration'
        ? 'The protocol is registered: it is locked by its hash and the seed is committed.'
        : undefined
    )
  )
  .post('/app/trials/:id/recruit', only('officer'), (c) => step(c, S.recruiting))
  .post('/app/trials/:id/close', only('officer'), (c) => step(c, S.closed))

/** A lifecycle step through the API; its refusal (wrong status) is shown on the trial page. */
async function step(c: Ctx, to: TrialStatus) {
  const id = c.req.param('id')!
  const res = await api(c, 'POST', `/trials/${id}/${STEPS[to]!.path}`)
  const trial = await getTrial(c, id)
  if (!res.ok) return trialPage(c, trial, undefined, res.body?.detail ?? 'The step was refused')
  return trialPage(c, trial, STEPS[to]!.done)
}
