import type { Context } from 'hono'
import { raw } from 'hono/html'
import { CsvReader } from '../../trials/data'
import { TREATMENT_COLUMN } from '../../trials/protocol'
import type { PlanReport } from '../../trials/plan'
import { permissions, type LifecycleStatus } from '../../trials/protocol'
import type { AppEnv } from '../env'
import { ProblemError } from '../problem'
import type { AnalysisRun, AnalysisRunList } from '../routes/analyses'
import type { VersionList } from '../routes/trials'
import { createRouter } from '../openapi'
import { api, capitalise } from './api'
import {
  BackLink,
  Button,
  ErrorSummary,
  Form,
  NotificationBanner,
  Table,
  Textarea,
  WarningText,
} from './components'
import { LovePlot, RecruitmentChart } from './plots'
import { page } from './render'
import { Results, Versions } from './results'
import { only } from './sign-in'
import { allEnrolments, getProgress, getTrial, type TrialJson } from './trial-data'
import { dateWords, fixed, labelsOf } from './words'

type Ctx = Context<AppEnv>

/** Households with each outcome recorded, by arm, counted from the analysis dataset itself. */
async function completeness(c: Ctx, trial: TrialJson) {
  const res = await api(c, 'GET', `/trials/${trial.id}/dataset.csv`)
  if (!res.ok) return null
  const reader = new CsvReader()
  const [header, ...rows] = [...reader.push(String(res.body)), ...reader.end()].filter(
    (r) => !(r.fields.length === 1 && r.fields[0] === '')
  )
  const columns = header?.fields ?? []
  const armAt = columns.indexOf(TREATMENT_COLUMN)
  const outcomes = [trial.protocol.primary_outcome, ...(trial.protocol.secondary_outcomes ?? [])]
    .map((o) => o?.name)
    .filter((n): n is string => Boolean(n))
  const arms = [...new Set(rows.map((r) => r.fields[armAt] ?? ''))].sort()
  return {
    arms,
    outcomes: outcomes.map((name) => {
      const at = columns.indexOf(name)
      return {
        name,
        byArm: arms.map((arm) => {
          const mine = rows.filter((r) => r.fields[armAt] === arm)
          return {
            enrolled: mine.length,
            recorded: mine.filter((r) => (r.fields[at] ?? '') !== '').length,
          }
        }),
      }
    }),
  }
}

function CompletenessTable(props: {
  trial: TrialJson
  data: NonNullable<Awaited<ReturnType<typeof completeness>>>
}) {
  const labels = labelsOf(props.trial.protocol)
  return (
    <Table
      caption='Outcomes recorded, by arm'
      captionSize='s'
      head={['Outcome', ...props.data.arms.map((a) => labels.arm(a))]}
      numeric={props.data.arms.map((_, i) => i + 1)}
      rows={props.data.outcomes.map((o) => [
        labels.outcome(o.name),
        ...o.byArm.map((a) =>
          a.enrolled
            ? `${a.recorded} of ${a.enrolled} (${Math.round((100 * a.recorded) / a.enrolled)}%)`
            : '–'
        ),
      ])}
    />
  )
}

async function analysisPage(
  c: Ctx,
  trial: TrialJson,
  confirm: boolean,
  error?: string,
  reason = '',
  notice?: string
) {
  const may = permissions(trial.status as LifecycleStatus)
  const [progress, data] = await Promise.all([getProgress(c, trial.id), completeness(c, trial)])
  const labels = labelsOf(trial.protocol)
  const incomplete = progress.measures.filter(
    (m) => m.kind === 'outcome' && (m.outstanding > 0 || m.not_yet_due > 0)
  )
  return page(
    c,
    {
      title: `Run the registered analysis: ${trial.title}`,
      hasErrors: Boolean(error),
      children: (
        <>
          <BackLink href={`/app/trials/${trial.id}`} text='Back to the trial' />
          {error ? (
            <ErrorSummary
              errors={[{ field: error.startsWith('Reason') ? 'reason' : 'run', text: error }]}
            />
          ) : null}
          {notice ? <NotificationBanner success heading={notice} /> : null}
          <span class='govuk-caption-l'>{trial.title}</span>
          <h1 class='govuk-heading-l'>
            {confirm ? 'Some outcomes are still missing' : 'Run the registered analysis'}
          </h1>
          <p class='govuk-body'>
            The analysis runs exactly as registered: every arm against control, with the registered
            estimators, multiplicity adjustments, balance, attrition and sample-ratio checks. The
            run is stored with the protocol hash and the dataset hash.
          </p>
          {data ? <CompletenessTable trial={trial} data={data} /> : null}
          {may.interimAnalysis && !may.finalAnalysis ? (
            <>
              <WarningText>
                Data collection is not yet declared complete, so an analysis run now is interim: it
                is labelled so, and never rated or pooled.
              </WarningText>
              <h2 class='govuk-heading-m'>Declare data collection complete</h2>
              <p class='govuk-body'>
                Once every household’s follow-up window has passed no reason is needed. Before then,
                say why collection is complete; the reason is recorded.
              </p>
              <Form action={`/app/trials/${trial.id}/complete`} csrfToken={c.var.csrfToken}>
                <Textarea
                  id='reason'
                  label='Why is data collection complete?'
                  value={reason}
                  error={error?.startsWith('Reason') ? error : undefined}
                  rows={3}
                />
                <Button secondary>Declare data collection complete</Button>
              </Form>
              <h2 class='govuk-heading-m'>Or run an interim analysis</h2>
            </>
          ) : null}
          {confirm && incomplete.length ? (
            <>
              <WarningText>Outcomes are not yet recorded for some households.</WarningText>
              <ul class='govuk-list govuk-list--bullet'>
                {incomplete.map((m) => (
                  <li>
                    {labels.outcome(m.name)}: {m.outstanding} due but not recorded
                    {m.not_yet_due ? `, ${m.not_yet_due} not yet due` : ''}
                  </li>
                ))}
              </ul>
              <p class='govuk-body'>
                Households without a value are left out of each comparison and counted as attrition.
                You can upload more outcomes first, or run the analysis now.
              </p>
            </>
          ) : null}
          <Form action={`/app/trials/${trial.id}/analysis`} csrfToken={c.var.csrfToken}>
            {confirm ? <input type='hidden' name='confirm' value='yes' /> : null}
            <span id='run'></span>
            <Button>
              {confirm
                ? 'Run the analysis anyway'
                : may.finalAnalysis
                  ? 'Run the registered analysis'
                  : 'Run an interim analysis'}
            </Button>
          </Form>
          {confirm ? (
            <p class='govuk-body'>
              <a class='govuk-link' href={`/app/trials/${trial.id}/upload`}>
                Upload outcomes first
              </a>
            </p>
          ) : null}
        </>
      ),
    },
    error ? 409 : 200
  )
}

/** A stored analysis run, its report read as the plan report it holds (the API describes it only as an object). */
type RunJson = Omit<AnalysisRun, 'report'> & {
  report: PlanReport & { deviations?: Array<{ version: number; reason: string | null }> }
}
/** GET /trials/{id}/analyses as the route answers it, each run read as {@link RunJson}. */
type RunListJson = Omit<AnalysisRunList, 'runs'> & { runs: RunJson[] }

/** When each household was enrolled, for the recruitment chart; none when the enrolments are not shown to this user. */
async function enrolmentDates(c: Ctx, id: string): Promise<string[]> {
  try {
    return (await allEnrolments(c, id)).map((e) => e.enrolled_at)
  } catch (err) {
    if (err instanceof ProblemError) return []
    throw err
  }
}

/** The trial report: progress, results, balance, attrition, deviations; prints as a report. */
async function reportPage(c: Ctx, trial: TrialJson, notice?: string) {
  const [runs, versions, progress, dates, data] = await Promise.all([
    api<RunListJson>(c, 'GET', `/trials/${trial.id}/analyses`),
    api<VersionList>(c, 'GET', `/trials/${trial.id}/versions`),
    getProgress(c, trial.id),
    enrolmentDates(c, trial.id),
    completeness(c, trial),
  ])
  const planned = runs.ok ? runs.body.runs.filter((r) => r.kind === 'planned') : []
  // The final run is the result; an interim run is shown only while there is none, labelled so.
  const run = planned.find((r) => r.stage !== 'interim') ?? planned[0]
  const interim = run?.stage === 'interim'
  const labels = labelsOf(trial.protocol)
  const balance = (run?.report.balance ?? []).flatMap((b) =>
    (
      (
        b.result as {
          covariates?: Array<{
            name: string
            smd: number | null
            mean_treatment: number
            mean_control: number
          }>
        } | null
      )?.covariates ?? []
    ).map((cov) => ({ arm: b.arm, ...cov }))
  )
  const attrition = (run?.report.attrition ?? []).filter((a) => a.result)
  return page(c, {
    title: `Trial report: ${trial.title}`,
    children: (
      <>
        <BackLink href={`/app/trials/${trial.id}`} text='Back to the trial' />
        {notice ? <NotificationBanner success heading={notice} /> : null}
        <span class='govuk-caption-l'>Trial report</span>
        <h1 class='govuk-heading-l'>{trial.title}</h1>
        <p class='govuk-body app-no-print'>
          Print this page to keep the report; the navigation and buttons are left out.
        </p>
        <h2 class='govuk-heading-m'>Recruitment</h2>
        <p class='govuk-body'>
          {progress.enrolment.enrolled.toLocaleString('en-GB')} households enrolled
          {progress.enrolment.target
            ? ` of a target of ${progress.enrolment.target.toLocaleString('en-GB')}`
            : ''}
          .
        </p>
        <figure class='app-figure'>
          <RecruitmentChart
            title='Households enrolled over time'
            dates={dates}
            target={progress.enrolment.target}
          />
          <figcaption>
            Cumulative households enrolled
            {dates.length
              ? ` from ${dateWords(dates[0])} to ${dateWords(dates[dates.length - 1])}`
              : ''}
            , with the target as a dashed line.
          </figcaption>
        </figure>
        {data ? <CompletenessTable trial={trial} data={data} /> : null}
        {run ? (
          <>
            {interim ? (
              <WarningText>
                These are interim results: data collection was not yet complete. They are not the
                trial’s result and are never rated or pooled.
              </WarningText>
            ) : null}
            <Results
              heading={interim ? 'Interim results of the registered analysis' : undefined}
              report={run.report}
              protocol={trial.protocol}
              datasetHash={run.dataset_hash}
              engineVersion={run.engine_version}
              protocolHash={run.protocol_hash}
              at={new Date(run.created_at)}
            />
            <h2 class='govuk-heading-m'>Baseline balance</h2>
            {balance.length ? (
              <>
                <figure class='app-figure'>
                  <LovePlot
                    title='Standardised baseline differences (love plot)'
                    rows={balance
                      .filter((b) => b.smd !== null)
                      .map((b) => ({ label: labels.covariate(b.name), smd: b.smd as number }))}
                  />
                  <figcaption>
                    Each baseline covariate’s standardised difference between arms. Dotted lines at
                    ±0.1; dashed lines at ±0.25, beyond which baseline equivalence cannot be
                    claimed.
                  </figcaption>
                </figure>
                <Table
                  caption='Baseline balance'
                  captionSize='s'
                  head={[
                    'Covariate',
                    'Arm',
                    'Mean (arm)',
                    'Mean (control)',
                    'Standardised difference',
                  ]}
                  numeric={[2, 3, 4]}
                  rows={balance.map((b) => [
                    labels.covariate(b.name),
                    labels.arm(b.arm),
                    fixed(b.mean_treatment, 2),
                    fixed(b.mean_control, 2),
                    fixed(b.smd, 3),
                  ])}
                />
              </>
            ) : (
              <p class='govuk-body'>No numeric baseline covariate to compare.</p>
            )}
            <Table
              caption='Attrition (households without the outcome)'
              captionSize='s'
              head={[
                'Outcome',
                'Arm',
                'Both arms',
                'This arm',
                'Control',
                'Difference (percentage points)',
              ]}
              numeric={[2, 3, 4, 5]}
              rows={attrition.map((a) => {
                const r = a.result as Record<string, number>
                return [
                  labels.outcome(a.outcome),
                  labels.arm(a.arm),
                  `${fixed(100 * r.overall_attrition!, 1)}%`,
                  `${fixed(100 * r.attrition_treatment!, 1)}%`,
                  `${fixed(100 * r.attrition_control!, 1)}%`,
                  fixed(100 * r.differential_attrition!, 1),
                ]
              })}
            />
            {run.report.sample_ratio_mismatch ? (
              <Table
                caption={`Sample-ratio check (chi-square p = ${fixed(run.report.sample_ratio_mismatch.p_value, 3)})`}
                captionSize='s'
                head={['Arm', 'Households', 'Expected from the ratio']}
                numeric={[1, 2]}
                rows={run.report.sample_ratio_mismatch.arms.map((a, i) => [
                  labels.arm(a),
                  String(run.report.sample_ratio_mismatch!.observed[i]),
                  fixed(run.report.sample_ratio_mismatch!.expected[i]!, 1),
                ])}
              />
            ) : null}
          </>
        ) : (
          <p class='govuk-body'>The registered analysis has not been run yet.</p>
        )}
        {versions.ok ? (
          <Versions
            versions={versions.body.versions.map((v) => ({
              version: v.version,
              reason: v.reason,
              createdAt: new Date(v.created_at),
              deviation: v.deviation,
              deviationReasons: v.deviation_reasons ?? [],
              protocolHash: v.protocol_hash,
              outcomesSeen: v.outcomes_seen,
            }))}
          />
        ) : null}
        {versions.ok && !versions.body.versions.some((v) => v.deviation) ? (
          <p class='govuk-body'>No deviation from the registered protocol.</p>
        ) : null}
      </>
    ),
  })
}

const NOT_RUN = 'The analysis did not run'
const COMPLETE = 'Data collection is complete. The final analysis can now run.'

/** Whether an outcome is still outstanding or not yet due: running now needs the evaluator's confirmation. */
async function followUpOpen(c: Ctx, trial: TrialJson) {
  const progress = await getProgress(c, trial.id)
  return progress.measures.some(
    (m) => m.kind === 'outcome' && (m.outstanding > 0 || m.not_yet_due > 0)
  )
}

/** The first reason the API gives for refusing to declare data collection complete. */
const refusalOf = (body: { detail?: string; errors?: Array<{ detail?: unknown }> }) =>
  (body.errors?.[0]?.detail ?? body.detail ?? 'refused') as string

export const evaluatorPages = createRouter()
  .get('/app/trials/:id/analysis', only('evaluator'), async (c) =>
    analysisPage(c, await getTrial(c, c.req.param('id')), false)
  )
  .post('/app/trials/:id/analysis', only('evaluator'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const form = await c.req.parseBody()
    if (form.confirm !== 'yes' && (await followUpOpen(c, trial)))
      return analysisPage(c, trial, true)
    const res = await api(c, 'POST', `/trials/${trial.id}/analyses`, { json: {} })
    if (!res.ok) return analysisPage(c, trial, false, capitalise(res.body.detail ?? NOT_RUN))
    return c.redirect(`/app/trials/${trial.id}/report?done=analysis`, 303)
  })
  .post('/app/trials/:id/complete', only('evaluator'), async (c) => {
    const id = c.req.param('id')
    const form = await c.req.parseBody()
    const reason = typeof form.reason === 'string' ? form.reason.trim() : ''
    const res = await api(c, 'POST', `/trials/${id}/complete-data-collection`, {
      json: reason ? { reason } : {},
    })
    const trial = await getTrial(c, id)
    if (!res.ok) return analysisPage(c, trial, false, `Reason: ${refusalOf(res.body)}`, reason)
    return analysisPage(c, trial, false, undefined, '', COMPLETE)
  })
  .get('/app/trials/:id/report', async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    return reportPage(
      c,
      trial,
      c.req.query('done') === 'analysis'
        ? 'The registered analysis has run. Its results are below.'
        : undefined
    )
  })
