import { and, eq, isNotNull } from 'drizzle-orm'
import { raw } from 'hono/html'
import { registered } from '../../trials/commands'
import { consortSvg, formatPence, type TrialReport } from '../../trials/report'
import { isUuid } from '../auth/scope'
import { trials } from '../db/schema'
import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { AppEnv } from '../env'
import { createRouter } from '../openapi'
import { notFound } from '../problem'
import { loadReportContext, reportOf } from '../services/report'
import { spiritOf, whoTrdsOf } from '../services/report-exports'
import { SummaryList, Table, WarningText } from './components'
import { page } from './render'
import { REPORT_CSS } from './report-css'

/** Public report pages: the registered protocol and its exports, and a report once published. */
export const reportPages = createRouter()

// The print rules (A4, no navigation, sections on new pages) beside the GOV.UK stylesheet.
const Styles = () => <link rel='stylesheet' href='/assets/report.css' />

/** A report page in the GOV.UK template, with the print stylesheet. */
const reportPage = (c: Context<AppEnv>, title: string, children: Child, status: 200 | 404 = 200) =>
  page(
    c,
    {
      title,
      wide: true,
      children: (
        <>
          <Styles />
          <article class='report'>{children}</article>
        </>
      ),
    },
    status
  )

/** A registered (ever) trial by id, or 404: drafts are never public. */
async function publicTrial(db: Parameters<typeof loadReportContext>[0], id: string) {
  if (!isUuid(id)) throw notFound(`trial ${id}`)
  const [trial] = await db
    .select()
    .from(trials)
    .where(and(eq(trials.id, id), isNotNull(trials.registeredAt)))
  if (!trial) throw notFound(`registered trial ${id}`)
  return registered(trial)
}

const num = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined ? '–' : Number(x.toFixed(digits)).toString()
const percent = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`
const pValue = (p: number | null) => (p === null ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(3))

function notPublished(c: Context<AppEnv>, props: { title: string; id: string }) {
  return reportPage(
    c,
    'Report not published',
    <>
      <h1 class='govuk-heading-l'>{props.title}</h1>
      <p class='govuk-body'>The report of this trial has not been published yet.</p>
      <p class='govuk-body'>
        <a class='govuk-link' href={`/registry/${props.id}`}>
          The registration record
        </a>{' '}
        and{' '}
        <a class='govuk-link' href={`/registry/${props.id}/protocol`}>
          the protocol
        </a>{' '}
        are public.
      </p>
    </>,
    404
  )
}

function ResultsTable(props: { rows: TrialReport['results']; caption: string }) {
  return (
    <Table
      caption={props.caption}
      captionSize='s'
      head={[
        'Outcome',
        'Comparison',
        'By arm (n, mean or %)',
        'Effect (95% CI)',
        'Relative effect (95% CI)',
        'p (adjusted)',
      ]}
      rows={props.rows.map((r) => [
        <>
          {r.outcome_label}
          <span>
            {' '}
            ({r.role}, {r.time_point})
          </span>
        </>,
        <>
          {r.arm_label} vs {r.control_label}
          <span> · {r.scale}</span>
        </>,
        <>
          {Object.entries(r.by_arm).map(([arm, s]) => (
            <div>
              {arm.replace(/_/g, ' ')}: n = {s.n},{' '}
              {r.scale.startsWith('difference in proportions') ? percent(s.mean) : num(s.mean, 2)}
            </div>
          ))}
        </>,
        r.not_estimable
          ? `not estimable: ${r.not_estimable}`
          : `${num(r.estimate)} (${num(r.conf_low)} to ${num(r.conf_high)})`,
        r.relative && 'estimate' in r.relative
          ? `RR ${num(r.relative.estimate, 2)} (${num(r.relative.conf_low, 2)} to ${num(r.relative.conf_high, 2)})`
          : r.relative
            ? r.relative.error
            : '–',
        `${pValue(r.p_value)}${r.adjusted_p !== null ? ` (${pValue(r.adjusted_p)})` : ''}`,
      ])}
    />
  )
}

type FullReport = Awaited<ReturnType<typeof reportOf>>
type PublishedReport = FullReport & { checklist_as_published?: string }

/**
 * A published report shows the CONSORT checklist frozen when it was published (what the
 * publisher saw and acknowledged), not the checklist as the records stand today.
 */
function publishedView(report: FullReport): PublishedReport {
  const frozen = report.publication?.checklist
  if (!frozen) return report
  return {
    ...report,
    checklist: frozen,
    checklist_missing: frozen.filter((i) => i.status === 'missing'),
    checklist_as_published: report.publication!.published_at,
  }
}

/** The trial report (prints as the report: A4, no navigation). */
function ReportBody(props: { report: PublishedReport; svg: string }) {
  const r = props.report
  const arms = r.design.arms
  const missing = r.checklist_missing
  return (
    <>
      <span class='govuk-caption-l'>Trial report · {r.trial.council}</span>
      <h1 class='govuk-heading-l'>{r.trial.title}</h1>
      <p class='govuk-body-s app-wrap'>
        Registered {r.trial.registered_at} · protocol version {r.trial.protocol_version} · SHA-256{' '}
        <span class='app-hash'>{r.trial.protocol_hash}</span>
      </p>
      {r.analysis_run ? (
        r.analysis_run.interim ? (
          <WarningText>
            {r.analysis_run.label}: run {r.analysis_run.created_at.slice(0, 10)}.
          </WarningText>
        ) : (
          <div class='govuk-inset-text app-wrap'>
            {r.analysis_run.label}: run {r.analysis_run.created_at.slice(0, 10)}, dataset SHA-256{' '}
            <span class='app-hash'>{r.analysis_run.dataset_hash}</span>, engine{' '}
            {r.analysis_run.engine_version}.
          </div>
        )
      ) : (
        <WarningText>No planned analysis has run.</WarningText>
      )}
      {r.design.waitlist ? <div class='govuk-inset-text'>{r.design.waitlist.statement}</div> : null}

      <section>
        <h2 class='govuk-heading-m'>Summary for practitioners</h2>
        {r.summary.paragraphs.map((p) => (
          <p class='govuk-body'>{p}</p>
        ))}
      </section>

      <section class='report-break'>
        <h2 class='govuk-heading-m'>Participant flow (CONSORT 2025)</h2>
        <figure class='app-figure'>
          {raw(props.svg)}
          <figcaption class='govuk-body-s'>
            Counted from the screening log, enrolments, adherence, exclusions and outcome records on{' '}
            {r.flow.as_of.slice(0, 10)}.
          </figcaption>
        </figure>
      </section>

      <section class='report-break'>
        <h2 class='govuk-heading-m'>Baseline characteristics by arm</h2>
        <Table
          caption='Baseline characteristics by arm'
          captionSize='s'
          head={[
            'Characteristic',
            ...arms.map(
              (a) => `${a.label} (n = ${r.flow.arms.find((f) => f.arm === a.name)?.allocated ?? 0})`
            ),
          ]}
          rows={r.baseline.map((row) => [
            row.label,
            ...arms.map((a) => row.by_arm[a.name]?.text ?? '–'),
          ])}
        />
      </section>

      <section>
        <h2 class='govuk-heading-m'>Results</h2>
        <ResultsTable
          rows={r.results}
          caption='Effects are arm minus control, with 95% confidence intervals, as registered.'
        />
      </section>

      <section>
        <h2 class='govuk-heading-m'>Harms and unintended effects</h2>
        {r.harms ? (
          <>
            <p class='govuk-body'>
              {r.harms.definition} (assessed {r.harms.assessment.replace('_', '-')}).
            </p>
            {r.harms.outcomes.length ? (
              <Table
                caption='Registered harm outcomes in each group (households with a recorded value)'
                captionSize='s'
                head={['Harm outcome', ...arms.map((a) => a.label)]}
                rows={r.harms.outcomes.map((o) => [
                  <>
                    {o.label}
                    <span> ({o.time_point})</span>
                  </>,
                  ...o.by_arm.map(
                    (a) =>
                      `n = ${a.n}, ${o.type === 'binary' ? percent(a.mean) : `${num(a.mean, 2)}${o.unit ? ` ${o.unit}` : ''}`}`
                  ),
                ])}
              />
            ) : (
              <p class='govuk-body'>No outcome was registered as measuring harms.</p>
            )}
            {r.harms.results.length ? (
              <ResultsTable
                rows={r.harms.results}
                caption='Planned comparisons of harm outcomes.'
              />
            ) : (
              <p class='govuk-body'>No harm outcome has a planned comparison.</p>
            )}
          </>
        ) : (
          <p class='govuk-body'>No harms were registered for this trial.</p>
        )}
      </section>

      <section>
        <h2 class='govuk-heading-m'>Adherence</h2>
        <Table
          caption='Whether households received what they were allocated'
          captionSize='s'
          numeric={[1, 2, 4]}
          head={['Arm', 'Allocated', 'Received as allocated', 'Not as allocated', 'Not recorded']}
          rows={r.adherence.map((a) => [
            a.label,
            String(a.allocated),
            String(a.received),
            `${a.not_received.n}${
              a.not_received.reasons.length
                ? ` (${a.not_received.reasons.map((x) => `${x.reason}: ${x.n}`).join('; ')})`
                : ''
            }${a.control ? ' received the intervention though allocated to control' : ''}`,
            String(a.not_recorded),
          ])}
        />
      </section>

      <section>
        <h2 class='govuk-heading-m'>Deviations from the registered protocol</h2>
        {r.deviations.length ? (
          <ul class='govuk-list govuk-list--bullet'>
            {r.deviations.map((d) => (
              <li>
                Version {d.version} ({d.amended_at.slice(0, 10)}): {d.reason ?? 'no reason given'}
              </li>
            ))}
          </ul>
        ) : (
          <p class='govuk-body'>None: the analysis is as registered.</p>
        )}
      </section>

      <section>
        <h2 class='govuk-heading-m'>Evidence rating</h2>
        {r.rating ? (
          <Table
            caption='Evidence rating by scheme'
            captionSize='s'
            head={['Scheme', 'Level', 'Status', 'Limited by']}
            rows={r.rating.schemes.map((s) => [
              s.scheme.replace(/_/g, ' '),
              String(s.level ?? '–'),
              s.status,
              s.limiting_words,
            ])}
          />
        ) : (
          <p class='govuk-body'>Not rated yet.</p>
        )}
      </section>

      <section class='report-break'>
        <h2 class='govuk-heading-m'>CONSORT 2025 checklist</h2>
        {r.checklist_as_published ? (
          <p class='govuk-body'>
            As it stood when the report was published on {r.checklist_as_published.slice(0, 10)}.
          </p>
        ) : null}
        {missing.length ? (
          <>
            <WarningText>{missing.length} item(s) are missing from this report.</WarningText>
            <ul class='govuk-list govuk-list--bullet'>
              {missing.map((m) => (
                <li>
                  {m.item} {m.topic}: {m.detail}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p class='govuk-body'>Every item is answered.</p>
        )}
        <Table
          caption='CONSORT 2025 checklist items'
          captionSize='s'
          head={['Item', 'Topic', 'Status', 'Where answered']}
          rows={r.checklist.map((i) => [
            i.item,
            i.topic,
            i.status.replace('_', ' '),
            i.where ?? i.detail,
          ])}
        />
      </section>
      <p class='govuk-body report-screen-only'>
        <a class='govuk-link' href={`/registry/${r.trial.id}`}>
          Registration record
        </a>{' '}
        ·{' '}
        <a class='govuk-link' href={`/registry/${r.trial.id}/protocol`}>
          Protocol (SPIRIT 2025 order)
        </a>{' '}
        ·{' '}
        <a class='govuk-link' href={`/registry/${r.trial.id}/summary`}>
          Practitioner summary
        </a>{' '}
        ·{' '}
        <a class='govuk-link' href={`/registry/${r.trial.id}/consort.svg`}>
          Flow diagram (SVG)
        </a>
      </p>
    </>
  )
}

reportPages.get('/assets/report.css', (c) =>
  c.body(REPORT_CSS, 200, {
    'content-type': 'text/css; charset=utf-8',
    'cache-control': 'public, max-age=3600',
  })
)

reportPages.get('/registry/:id/report', async (c) => {
  const trial = await publicTrial(c.var.db, c.req.param('id'))
  const ctx = await loadReportContext(c.var.db, trial, c.var.deps.clock())
  if (!ctx.publication) return notPublished(c, { title: trial.title, id: trial.id })
  const report = publishedView(await reportOf(c.var.db, ctx))
  if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(report)
  return reportPage(
    c,
    `Report: ${trial.title}`,
    <ReportBody
      report={report}
      svg={consortSvg(report.flow, `CONSORT 2025 flow diagram: ${trial.title}`)}
    />
  )
})

/** The practitioner summary of a published report: the headline, the story and the costs. */
function SummaryBody(props: { report: Awaited<ReturnType<typeof reportOf>> }) {
  const s = props.report.summary
  return (
    <>
      <span class='govuk-caption-l'>Practitioner summary · {props.report.trial.council}</span>
      <h1 class='govuk-heading-l'>{s.headline}</h1>
      {s.paragraphs.slice(1).map((p) => (
        <p class='govuk-body'>{p}</p>
      ))}
      {s.cost ? (
        <SummaryList
          rows={[
            {
              key: 'Cost per household receiving it',
              value: formatPence(s.cost.per_household_receiving_pence),
            },
            {
              key: 'Cost per household offered',
              value: formatPence(s.cost.per_household_offered_pence),
            },
            ...(s.cost.per_outcome_avoided_pence !== null
              ? [
                  {
                    key: 'Cost per outcome avoided',
                    value: formatPence(s.cost.per_outcome_avoided_pence),
                  },
                ]
              : []),
            ...(s.number_needed_to_treat
              ? [
                  {
                    key: 'Number needed to treat',
                    value: String(s.number_needed_to_treat.value),
                  },
                ]
              : []),
          ]}
        />
      ) : null}
      <p class='govuk-body report-screen-only'>
        <a class='govuk-link' href={`/registry/${props.report.trial.id}/report`}>
          The full report
        </a>
      </p>
    </>
  )
}

reportPages.get('/registry/:id/summary', async (c) => {
  const trial = await publicTrial(c.var.db, c.req.param('id'))
  const ctx = await loadReportContext(c.var.db, trial, c.var.deps.clock())
  if (!ctx.publication) return notPublished(c, { title: trial.title, id: trial.id })
  const report = await reportOf(c.var.db, ctx)
  return reportPage(c, `Summary: ${trial.title}`, <SummaryBody report={report} />)
})

reportPages.get('/registry/:id/consort.svg', async (c) => {
  const trial = await publicTrial(c.var.db, c.req.param('id'))
  const ctx = await loadReportContext(c.var.db, trial, c.var.deps.clock())
  if (!ctx.publication) throw notFound(`a published report of trial ${trial.id}`)
  return c.body(consortSvg(ctx.flow, `CONSORT 2025 flow diagram: ${trial.title}`), 200, {
    'content-type': 'image/svg+xml; charset=utf-8',
  })
})

reportPages.get('/registry/:id/who-trds.json', async (c) => {
  const trial = await publicTrial(c.var.db, c.req.param('id'))
  return c.json(await whoTrdsOf(c.var.db, trial, c.var.deps.clock()))
})

/** The registered protocol in SPIRIT 2025 order, section by section. */
function ProtocolBody(props: {
  trial: { id: string; title: string; protocolVersion: number }
  sections: Awaited<ReturnType<typeof spiritOf>>
}) {
  return (
    <div class='app-wrap'>
      <span class='govuk-caption-l'>
        Trial protocol in SPIRIT 2025 order, from the registered record (version{' '}
        {props.trial.protocolVersion})
      </span>
      <h1 class='govuk-heading-l'>{props.trial.title}</h1>
      <p class='govuk-body'>
        <a class='govuk-link' href={`/registry/${props.trial.id}/who-trds.json`}>
          WHO Trial Registration Data Set (JSON)
        </a>
      </p>
      {props.sections.map((s) => (
        <section>
          <h2 class='govuk-heading-m'>{s.section}</h2>
          {s.topics.map((t) => (
            <>
              <h3 class='govuk-heading-s'>{t.topic}</h3>
              {t.paragraphs.map((p) =>
                t.missing ? <WarningText>{p}</WarningText> : <p class='govuk-body'>{p}</p>
              )}
              {t.list.length ? (
                <ul class='govuk-list govuk-list--bullet'>
                  {t.list.map((x) => (
                    <li>{x}</li>
                  ))}
                </ul>
              ) : null}
              <p class='govuk-hint'>Source: {t.source}</p>
            </>
          ))}
        </section>
      ))}
    </div>
  )
}

reportPages.get('/registry/:id/protocol', async (c) => {
  const trial = await publicTrial(c.var.db, c.req.param('id'))
  const sections = await spiritOf(c.var.db, trial, c.var.deps.clock())
  return reportPage(
    c,
    `Protocol: ${trial.title}`,
    <ProtocolBody trial={trial} sections={sections} />
  )
})
