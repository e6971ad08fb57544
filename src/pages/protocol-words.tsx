import type { Protocol } from '../../trials/protocol'
import { SummaryList } from './components'
import {
  DIRECTION_WORDS,
  ESTIMATOR_WORDS,
  RANDOMISATION_WORDS,
  dateWords,
  humanise,
  labelsOf,
} from './words'

/** Everything a registered protocol says, in words: what was tested, on whom, and how. */
export function ProtocolInWords(props: { protocol: Protocol }) {
  const p = props.protocol
  const labels = labelsOf(p)
  const ratio = new Map(p.randomisation.arms.map((a) => [a.name, a.ratio]))
  const outcomes = [p.primary_outcome, ...p.secondary_outcomes]
  return (
    <>
      <h2 class='govuk-heading-m'>What is being tested</h2>
      <p class='govuk-body'>{p.summary}</p>
      <h3 class='govuk-heading-s'>Arms</h3>
      <ul class='govuk-list govuk-list--bullet'>
        {p.arms.map((a) => (
          <li>
            <strong>{labels.arm(a.name)}</strong>
            {a.control ? ' (control)' : ''}: {a.description}. Allocation ratio{' '}
            {ratio.get(a.name) ?? '–'}.
          </li>
        ))}
      </ul>
      <h3 class='govuk-heading-s'>Who can take part</h3>
      <p class='govuk-body'>
        Unit of randomisation:{' '}
        {p.unit_of_randomisation === 'cluster'
          ? `cluster (${humanise(p.cluster_type ?? 'other')})`
          : 'household'}
        . Eligible households meet all of:
      </p>
      <ul class='govuk-list govuk-list--bullet'>
        {p.eligibility.inclusion.map((x) => (
          <li>{x}</li>
        ))}
      </ul>
      {p.eligibility.exclusion.length ? (
        <>
          <p class='govuk-body'>and none of:</p>
          <ul class='govuk-list govuk-list--bullet'>
            {p.eligibility.exclusion.map((x) => (
              <li>{x}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 class='govuk-heading-s'>Outcomes</h3>
      <ul class='govuk-list govuk-list--bullet'>
        {outcomes.map((o, i) => (
          <li>
            <strong>{o.label}</strong> ({i === 0 ? 'primary' : 'secondary'}, {o.type},{' '}
            {o.time_point.label}): {o.definition}
          </li>
        ))}
      </ul>
      <h3 class='govuk-heading-s'>Hypotheses</h3>
      <ul class='govuk-list govuk-list--bullet'>
        {p.hypotheses.map((h) => (
          <li>
            {h.statement} ({labels.outcome(h.outcome)} {DIRECTION_WORDS[h.direction]})
          </li>
        ))}
      </ul>
      <h3 class='govuk-heading-s'>Design and size</h3>
      <SummaryList
        rows={[
          {
            key: 'Randomisation',
            value: RANDOMISATION_WORDS[p.randomisation.method] ?? p.randomisation.method,
          },
          {
            key: 'Stratified by',
            value: p.randomisation.strata?.length
              ? p.randomisation.strata.map((s) => labels.covariate(s)).join(', ')
              : 'Not stratified',
          },
          {
            key: 'Target size',
            value: `${p.sample_size.target_households.toLocaleString('en-GB')} households${p.sample_size.target_clusters ? ` in ${p.sample_size.target_clusters} clusters` : ''}`,
          },
          {
            key: 'Power calculation',
            value: `${Math.round(p.sample_size.power_calculation.power * 100)}% power to detect ${p.sample_size.power_calculation.mdes} standard deviations at a ${p.sample_size.power_calculation.alpha} significance level${p.sample_size.power_calculation.expected_attrition ? `, allowing ${Math.round(p.sample_size.power_calculation.expected_attrition * 100)}% attrition` : ''}`,
          },
          {
            key: 'Recruitment',
            value: `${dateWords(p.timeline.recruitment_start)} to ${dateWords(p.timeline.recruitment_end)}; last outcome by ${dateWords(p.timeline.final_outcome_date)}`,
          },
          { key: 'Councils taking part', value: p.councils.map((c) => c.name).join(', ') },
        ]}
      />
      <h3 class='govuk-heading-s'>Analysis plan</h3>
      <ul class='govuk-list govuk-list--bullet'>
        {p.analysis_plan.analyses.map((a) => (
          <li>
            <strong>{labels.analysis(a.name)}</strong> ({a.role}):{' '}
            {ESTIMATOR_WORDS[a.spec.estimator] ?? humanise(a.spec.estimator)}
            {'outcome' in a.spec && typeof a.spec.outcome === 'string'
              ? ` on ${labels.outcome(a.spec.outcome)}`
              : ''}
            {'covariates' in a.spec && Array.isArray(a.spec.covariates) && a.spec.covariates.length
              ? `, adjusted for ${a.spec.covariates.map((x: string) => labels.covariate(x)).join(', ')}`
              : ''}
            .
          </li>
        ))}
      </ul>
      {p.analysis_plan.missing_data ? (
        <p class='govuk-body'>Missing data: {p.analysis_plan.missing_data}</p>
      ) : null}
    </>
  )
}
