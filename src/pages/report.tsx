import { and, eq, isNotNull } from 'drizzle-orm'
import { raw } from 'hono/html'
import { consortSvg, formatPence, type TrialReport } from '../../trials/report'
import { isUuid } from '../auth/scope'
import { trials } from '../db/schema'
import { createRouter } from '../openapi'
import { notFound } from '../problem'
import { loadReportContext, reportOf } from '../services/report'
import { spiritOf, whoTrdsOf } from '../services/report-exports'
import { Layout } from './layout'
import { REPORT_CSS } from './report-css'

/** Public report pages: the registered protocol and its exports, and a report once published. */
export const reportPages = createRouter()

const Styles = () => <link rel='stylesheet' href='/assets/report.css' />

/** A registered (ever) trial by id, or 404: drafts are never public. */
async function publicTrial(db: Parameters<typeof loadReportContext>[0], id: string) {
  if (!isUuid(id)) throw notFound(`trial ${id}`)
  const [trial] = await db
    .select()
    .from(trials)
    .where(and(eq(trials.id, id), isNotNull(trials.registeredAt)))
  if (!trial) throw notFound(`registered trial ${id}`)
  return trial
}

const num = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined ? '–' : Number(x.toFixed(digits)).toString()
const percent = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`
const pValue = (p: number | null) => (p === null ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(3))

function NotPublished(props: { title: string; id: string }) {
  return (
    <Layout title='Report not published'>
      <Styles />
      <h1>{props.title}</h1>
      <p>The report of this trial has not been published yet.</p>
      <p>
        <a href={`/registry/${props.id}`}>The registration record</a> and{' '}
        <a href={`/registry/${props.id}/protocol`}>the protocol</a> are public.
      </p>
    </Layout>
  )
}

function ResultsTable(props: { rows: TrialReport['results']; caption: string }) {
  return (
    <table class='report-table'>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope='col'>Outcome</th>
          <th scope='col'>Comparison</th>
          <th scope='col'>By arm (n, mean or %)</th>
          <th scope='col'>Effect (95% CI)</th>
          <th scope='col'>Relative effect (95% CI)</th>
          <th scope='col'>p (adjusted)</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>
              {r.outcome_label}
              <span class='report-muted'>
                {' '}
                ({r.role}, {r.time_point})
              </span>
            </td>
            <td>
              {r.arm_label} vs {r.control_label}
              <span class='report-muted'> · {r.scale}</span>
            </td>
            <td>
              {Object.entries(r.by_arm).map(([arm, s]) => (
                <div>
                  {arm.replace(/_/g, ' ')}: n = {s.n},{' '}
                  {r.scale.startsWith('difference in proportions')
                    ? percent(s.mean)
                    : num(s.mean, 2)}
                </div>
              ))}
            </td>
            <td>
              {r.not_estimable
                ? `not estimable: ${r.not_estimable}`
                : `${num(r.estimate)} (${num(r.conf_low)} to ${num(r.conf_high)})`}
            </td>
            <td>
              {r.relative && 'estimate' in r.relative
                ? `RR ${num(r.relative.estimate, 2)} (${num(r.relative.conf_low, 2)} to ${num(r.relative.conf_high, 2)})`
                : r.relative
                  ? r.relative.error
                  : '–'}
            </td>
            <td>
              {pValue(r.p_value)}
              {r.adjusted_p !== null ? ` (${pValue(r.adjusted_p)})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The trial report page (prints as the report: A4, no navigation). */
export function ReportPage(props: { report: TrialReport & { publication: unknown }; svg: string }) {
  const r = props.report
  const arms = r.design.arms
  const missing = r.checklist_missing
  return (
    <Layout title={`Report: ${r.trial.title}`}>
      <Styles />
      <article class='report'>
        <h1>{r.trial.title}</h1>
        <p class='report-muted'>
          {r.trial.council} · registered {r.trial.registered_at} · protocol version{' '}
          {r.trial.protocol_version} · SHA-256 <code>{r.trial.protocol_hash}</code>
        </p>
        {r.analysis_run ? (
          <p class={r.analysis_run.interim ? 'report-warning' : 'report-note'}>
            {r.analysis_run.label}: run {r.analysis_run.created_at.slice(0, 10)}, dataset SHA-256{' '}
            <code>{r.analysis_run.dataset_hash}</code>, engine {r.analysis_run.engine_version}.
          </p>
        ) : (
          <p class='report-warning'>No planned analysis has run.</p>
        )}
        {r.design.waitlist ? <p class='report-note'>{r.design.waitlist.statement}</p> : null}

        <section>
          <h2>Summary for practitioners</h2>
          {r.summary.paragraphs.map((p) => (
            <p>{p}</p>
          ))}
        </section>

        <section class='report-break'>
          <h2>Participant flow (CONSORT 2025)</h2>
          <figure class='report-figure'>
            {raw(props.svg)}
            <figcaption>
              Counted from the screening log, enrolments, adherence and outcome records on{' '}
              {r.flow.as_of.slice(0, 10)}.
            </figcaption>
          </figure>
        </section>

        <section class='report-break'>
          <h2>Baseline characteristics by arm</h2>
          <table class='report-table'>
            <thead>
              <tr>
                <th scope='col'>Characteristic</th>
                {arms.map((a) => (
                  <th scope='col'>
                    {a.label} (n = {r.flow.arms.find((f) => f.arm === a.name)?.allocated ?? 0})
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.baseline.map((row) => (
                <tr>
                  <td>{row.label}</td>
                  {arms.map((a) => (
                    <td>{row.by_arm[a.name]?.text ?? '–'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section>
          <h2>Results</h2>
          <ResultsTable
            rows={r.results}
            caption='Effects are arm minus control, with 95% confidence intervals, as registered.'
          />
        </section>

        <section>
          <h2>Harms and unintended effects</h2>
          {r.harms ? (
            <>
              <p>
                {r.harms.definition} (assessed {r.harms.assessment.replace('_', '-')}).
              </p>
              {r.harms.results.length ? (
                <ResultsTable rows={r.harms.results} caption='Registered harm outcomes.' />
              ) : (
                <p>No harm outcome was analysed.</p>
              )}
            </>
          ) : (
            <p>No harms were registered for this trial.</p>
          )}
        </section>

        <section>
          <h2>Adherence</h2>
          <table class='report-table'>
            <thead>
              <tr>
                <th scope='col'>Arm</th>
                <th scope='col'>Allocated</th>
                <th scope='col'>Received as allocated</th>
                <th scope='col'>Not as allocated (reasons)</th>
                <th scope='col'>Not recorded</th>
              </tr>
            </thead>
            <tbody>
              {r.adherence.map((a) => (
                <tr>
                  <td>{a.label}</td>
                  <td>{a.allocated}</td>
                  <td>{a.received}</td>
                  <td>
                    {a.not_received.n}
                    {a.not_received.reasons.length
                      ? ` (${a.not_received.reasons.map((x) => `${x.reason}: ${x.n}`).join('; ')})`
                      : ''}
                    {a.control ? ' received the intervention though allocated to control' : ''}
                  </td>
                  <td>{a.not_recorded}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section>
          <h2>Deviations from the registered protocol</h2>
          {r.deviations.length ? (
            <ul>
              {r.deviations.map((d) => (
                <li>
                  Version {d.version} ({d.amended_at.slice(0, 10)}): {d.reason ?? 'no reason given'}
                  {d.outcomes_seen ? ' (made after outcome data or results had been seen)' : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p>None: the analysis is as registered.</p>
          )}
        </section>

        <section>
          <h2>Evidence rating</h2>
          {r.rating ? (
            <table class='report-table'>
              <thead>
                <tr>
                  <th scope='col'>Scheme</th>
                  <th scope='col'>Level</th>
                  <th scope='col'>Status</th>
                  <th scope='col'>Limited by</th>
                </tr>
              </thead>
              <tbody>
                {r.rating.schemes.map((s) => (
                  <tr>
                    <td>{s.scheme.replace(/_/g, ' ')}</td>
                    <td>{String(s.level ?? '–')}</td>
                    <td>{s.status}</td>
                    <td>{s.limiting_summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Not rated yet.</p>
          )}
        </section>

        <section class='report-break'>
          <h2>CONSORT 2025 checklist</h2>
          {missing.length ? (
            <div class='report-warning'>
              <p>{missing.length} item(s) are missing from this report:</p>
              <ul>
                {missing.map((m) => (
                  <li>
                    {m.item} {m.topic}: {m.detail}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p>Every item is answered.</p>
          )}
          <table class='report-table'>
            <thead>
              <tr>
                <th scope='col'>Item</th>
                <th scope='col'>Topic</th>
                <th scope='col'>Status</th>
                <th scope='col'>Where answered</th>
              </tr>
            </thead>
            <tbody>
              {r.checklist.map((i) => (
                <tr>
                  <td>{i.item}</td>
                  <td>{i.topic}</td>
                  <td>{i.status.replace('_', ' ')}</td>
                  <td>{i.where ?? i.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <p class='report-muted report-screen-only'>
          <a href={`/registry/${r.trial.id}`}>Registration record</a> ·{' '}
          <a href={`/registry/${r.trial.id}/protocol`}>Protocol (SPIRIT 2025 order)</a> ·{' '}
          <a href={`/registry/${r.trial.id}/summary`}>Practitioner summary</a> ·{' '}
          <a href={`/registry/${r.trial.id}/consort.svg`}>Flow diagram (SVG)</a>
        </p>
      </article>
    </Layout>
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
  if (!ctx.publication) return c.html(<NotPublished title={trial.title} id={trial.id} />, 404)
  const report = await reportOf(c.var.db, ctx)
  if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(report)
  return c.html(
    <ReportPage
      report={report}
      svg={consortSvg(report.flow, `CONSORT 2025 flow diagram: ${trial.title}`)}
    />
  )
})

reportPages.get('/registry/:id/summary', async (c) => {
  const trial = await publicTrial(c.var.db, c.req.param('id'))
  const ctx = await loadReportContext(c.var.db, trial, c.var.deps.clock())
  if (!ctx.publication) return c.html(<NotPublished title={trial.title} id={trial.id} />, 404)
  const report = await reportOf(c.var.db, ctx)
  const s = report.summary
  return c.html(
    <Layout title={`Summary: ${trial.title}`}>
      <Styles />
      <article class='report'>
        <p class='report-muted'>Practitioner summary · {report.trial.council}</p>
        <h1>{s.headline}</h1>
        {s.paragraphs.slice(1).map((p) => (
          <p>{p}</p>
        ))}
        {s.cost ? (
          <dl class='report-figures'>
            <dt>Cost per household receiving it</dt>
            <dd>{formatPence(s.cost.per_household_receiving_pence)}</dd>
            <dt>Cost per household offered</dt>
            <dd>{formatPence(s.cost.per_household_offered_pence)}</dd>
            {s.cost.per_outcome_avoided_pence !== null ? (
              <>
                <dt>Cost per outcome avoided</dt>
                <dd>{formatPence(s.cost.per_outcome_avoided_pence)}</dd>
              </>
            ) : null}
            {s.number_needed_to_treat ? (
              <>
                <dt>Number needed to treat</dt>
                <dd>{s.number_needed_to_treat.value}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
        <p class='report-screen-only'>
          <a href={`/registry/${trial.id}/report`}>The full report</a>
        </p>
      </article>
    </Layout>
  )
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

reportPages.get('/registry/:id/protocol', async (c) => {
  const trial = await publicTrial(c.var.db, c.req.param('id'))
  const sections = await spiritOf(c.var.db, trial, c.var.deps.clock())
  return c.html(
    <Layout title={`Protocol: ${trial.title}`}>
      <Styles />
      <article class='report'>
        <p class='report-muted'>
          Trial protocol in the order of SPIRIT 2025, generated from the registered record (version{' '}
          {trial.protocolVersion}).{' '}
          <a href={`/registry/${trial.id}/who-trds.json`}>WHO Trial Registration Data Set (JSON)</a>
        </p>
        <h1>{trial.title}</h1>
        {sections.map((s) => (
          <section>
            <h2>{s.section}</h2>
            {s.topics.map((t) => (
              <>
                <h3>{t.topic}</h3>
                {t.paragraphs.map((p) => (
                  <p class={t.missing ? 'report-warning' : undefined}>{p}</p>
                ))}
                {t.list.length ? (
                  <ul>
                    {t.list.map((x) => (
                      <li>{x}</li>
                    ))}
                  </ul>
                ) : null}
                <p class='report-source'>Source: {t.source}</p>
              </>
            ))}
          </section>
        ))}
      </article>
    </Layout>
  )
})
