import { raw } from 'hono/html'
import { createRouter } from '../openapi'
import { isUuid } from '../auth/scope'
import { notFound } from '../problem'
import { evidenceSummary, forestSvg } from '../services/evidence-summary'
import { Layout } from './layout'

const num = (x: unknown, digits = 3) => (typeof x === 'number' ? x.toFixed(digits) : '–')
const SCHEME_LABELS: Record<string, string> = {
  eef_padlocks: 'EEF padlocks',
  wwc: 'WWC',
  maryland_sms: 'Maryland SMS',
  nesta_level: 'Nesta level',
  rob2_overall: 'RoB 2',
}

/**
 * The public evidence page of an intervention: what the network knows about it, pooled across
 * councils. Results of registered trials are public in the registry already; this page shows their
 * aggregates only (no household-level data), as an evidence and gap map entry would.
 */
export const evidencePages = createRouter().get('/evidence/:id', async (c) => {
  const id = c.req.param('id')
  if (!isUuid(id)) throw notFound(`intervention ${id}`)
  const summary = await evidenceSummary(c.var.db, id)
  const { intervention, totals } = summary
  return c.html(
    <Layout title={`Evidence: ${intervention.name}`}>
      <h1>{intervention.name}</h1>
      <p class='muted'>
        {intervention.category.replace(/_/g, ' ')} · {totals.trials} analysed trial
        {totals.trials === 1 ? '' : 's'} in {totals.councils} council
        {totals.councils === 1 ? '' : 's'} · {totals.households_randomised.toLocaleString('en-GB')}{' '}
        households randomised · {totals.rated_trials} rated
      </p>
      {summary.syntheses.length === 0 ? (
        <p>No trial of this intervention has a registered analysis yet.</p>
      ) : null}
      {summary.syntheses.map((s, i) => (
        <section>
          <h2>
            {s.axis_label} · {s.arm.replace(/_/g, ' ')} against control
          </h2>
          <p>{s.headline}</p>
          <figure class='forest'>{raw(forestSvg(summary, i, 'REML'))}</figure>
        </section>
      ))}
      <section>
        <h2>Trials</h2>
        <table>
          <thead>
            <tr>
              <th>Trial</th>
              <th>Households</th>
              <th>Primary effect</th>
              <th>Ratings (final)</th>
            </tr>
          </thead>
          <tbody>
            {summary.trials.map((t) => (
              <tr>
                <td>
                  <a href={`/registry/${t.trial_id}`}>{t.label}</a>{' '}
                  <span class='tag'>{t.status}</span>
                </td>
                <td>{t.households_randomised ?? '–'}</td>
                <td>
                  {t.comparisons.map((cmp) => (
                    <div>
                      {cmp.arm}: {num(cmp.estimate)} (SE {num(cmp.std_error)})
                    </div>
                  ))}
                </td>
                <td>
                  {t.rating ? (
                    Object.entries(t.rating.schemes)
                      .filter(([scheme]) => scheme in SCHEME_LABELS)
                      .map(([scheme, level]) => (
                        <div>
                          {SCHEME_LABELS[scheme]}:{' '}
                          {String(level.final_level ?? level.computed_level)}
                          {level.status === 'pending' ? (
                            <span class='muted'> (computed, not yet confirmed)</span>
                          ) : null}
                        </div>
                      ))
                  ) : (
                    <span class='muted'>not yet rated</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p class='muted'>{summary.notice}</p>
    </Layout>
  )
})
