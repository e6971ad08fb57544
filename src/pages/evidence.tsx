import { raw } from 'hono/html'
import { createRouter } from '../openapi'
import { isUuid } from '../auth/scope'
import { notFound } from '../problem'
import { evidenceSummary, forestSvg, groupPrediction } from '../services/evidence-summary'
import { StatusTag, Table } from './components'
import { SCHEME_LABELS } from './results'
import { page } from './render'
import { fixed, humanise, levelWords, pIs } from './words'

type Summary = Awaited<ReturnType<typeof evidenceSummary>>

/**
 * The pooled effect of two or more trials in words. A single trial pools nothing (its headline is
 * its own estimate), so this is not shown for it.
 */
function PooledEffect({
  synthesis: s,
  prediction,
}: {
  synthesis: Summary['syntheses'][number]
  prediction: ReturnType<typeof groupPrediction>
}) {
  return (
    <>
      <p class='govuk-body'>
        Pooled effect (REML random effects): <strong>{fixed(s.pooled.REML.estimate, 3)}</strong>{' '}
        (95% CI {fixed(s.pooled.REML.conf_low, 3)} to {fixed(s.pooled.REML.conf_high, 3)},{' '}
        {pIs(s.pooled.REML.p_value)}).
        {prediction
          ? ` A new trial's effect is expected between ${fixed(prediction.low, 3)} and ${fixed(prediction.high, 3)} (95% prediction interval).`
          : ' With fewer than three trials there is no prediction interval.'}
      </p>
      <p class='govuk-body-s'>
        Fixed effect {fixed(s.pooled.FE.estimate, 3)}; DerSimonian–Laird{' '}
        {fixed(s.pooled.DL.estimate, 3)}; τ² = {fixed(s.pooled.REML.tau2, 4)}, I² ={' '}
        {fixed(s.pooled.REML.i2, 1)}%, Q = {fixed(s.heterogeneity.q, 2)} on {s.heterogeneity.q_df}{' '}
        df.
      </p>
    </>
  )
}

/** What the network knows about an intervention: each pooled comparison, then its trials. */
function EvidenceBody({ summary }: { summary: Summary }) {
  const { intervention, totals } = summary
  const plural = (n: number, word: string) =>
    `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`
  return (
    <>
      <span class='govuk-caption-l'>Evidence on an intervention</span>
      <h1 class='govuk-heading-l'>{intervention.name}</h1>
      <p class='govuk-body'>
        {humanise(intervention.category)}: {plural(totals.trials, 'analysed trial')} in{' '}
        {plural(totals.councils, 'council')}, {plural(totals.households_randomised, 'household')}{' '}
        randomised, {totals.rated_trials} rated.
      </p>
      {summary.syntheses.length === 0 ? (
        <p class='govuk-body'>No trial of this intervention has a registered analysis yet.</p>
      ) : null}
      {summary.syntheses.map((s, i) => {
        const prediction = groupPrediction(summary.groups[i]!, 'REML')
        return (
          <section>
            <h2 class='govuk-heading-m'>
              {s.axis_label.replace(/ \(treatment.*\)$/, '')}: {humanise(s.arm)} against control
            </h2>
            {s.k > 1 ? (
              <PooledEffect synthesis={s} prediction={prediction} />
            ) : (
              <p class='govuk-body'>{s.headline}</p>
            )}
            <figure class='app-figure'>
              {raw(forestSvg(summary, i, 'REML'))}
              <figcaption>
                {s.k > 1
                  ? `Forest plot: each trial's estimate with its 95% confidence interval, the pooled estimate as a diamond${prediction ? ' and the prediction interval below it' : ''}.`
                  : "Forest plot: the trial's estimate with its 95% confidence interval; one trial pools nothing."}
              </figcaption>
            </figure>
          </section>
        )
      })}
      <Table
        caption='Trials'
        head={['Trial', 'Households', 'Primary effect', 'Ratings (final)']}
        numeric={[1]}
        rows={summary.trials.map((t) => [
          <>
            <a class='govuk-link' href={`/registry/${t.trial_id}`}>
              {t.label}
            </a>{' '}
            <StatusTag status={t.status} />
          </>,
          t.households_randomised?.toLocaleString('en-GB') ?? '–',
          <>
            {t.comparisons.map((cmp) => (
              <p class='govuk-body-s govuk-!-margin-bottom-1'>
                {humanise(cmp.arm)}: {fixed(cmp.estimate, 3)} (standard error{' '}
                {fixed(cmp.std_error, 3)})
              </p>
            ))}
          </>,
          t.rating ? (
            <>
              {Object.entries(t.rating.schemes)
                .filter(
                  ([scheme, level]) => scheme in SCHEME_LABELS && level.computed_level !== null
                )
                .map(([scheme, level]) => (
                  <p class='govuk-body-s govuk-!-margin-bottom-1'>
                    {SCHEME_LABELS[scheme]}: {levelWords(level.final_level ?? level.computed_level)}
                    {level.status === 'pending' ? ' (computed, not yet confirmed)' : ''}
                  </p>
                ))}
            </>
          ) : (
            'Not yet rated'
          ),
        ])}
      />
      <p class='govuk-body-s'>{summary.notice}</p>
    </>
  )
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
  return page(c, {
    title: `Evidence: ${summary.intervention.name}`,
    children: <EvidenceBody summary={summary} />,
  })
})
