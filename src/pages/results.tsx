import type { ComparisonReport, PlanReport } from '../../trials/plan'
import type { ProtocolDraft } from '../../trials/protocol'
import { Table, WarningText } from './components'
import {
  ESTIMATOR_WORDS,
  dateWords,
  fixed,
  humanise,
  labelsOf,
  levelWords,
  pIs,
  pWords,
} from './words'

interface VersionRow {
  version: number
  reason: string | null
  createdAt: Date
  deviation: boolean
  deviationReasons: unknown
  protocolHash: string
  /** Whether outcome data or results had been seen when it was made (null: not recorded then). */
  outcomesSeen?: boolean | null
}

/**
 * The protocol's registered versions; amendments that are deviations are flagged, and so is every amendment
 * made after outcome data or results were first seen.
 */
export function Versions(props: { versions: VersionRow[] }) {
  return (
    <Table
      caption='Protocol versions'
      head={['Version', 'Date', 'Reason', 'Hash (SHA-256)']}
      rows={props.versions.map((v) => [
        <>
          {v.version}
          {v.deviation ? (
            <>
              {' '}
              <strong class='govuk-tag govuk-tag--red'>Deviation</strong>
            </>
          ) : null}
          {v.version > 1 && v.outcomesSeen ? (
            <>
              {' '}
              <strong class='govuk-tag govuk-tag--orange'>After outcomes seen</strong>
            </>
          ) : null}
        </>,
        dateWords(v.createdAt),
        <>
          {v.reason}
          {v.version > 1 && v.outcomesSeen ? (
            <p class='govuk-body-s govuk-!-margin-bottom-0'>
              Made after outcome data or results of the trial were first seen
              {v.deviation ? ': the plan may have been changed in the light of the results' : ''}.
            </p>
          ) : null}
          {v.deviation
            ? (v.deviationReasons as Array<{ reason: string; path: string }>).map((d) => (
                <p class='govuk-body-s govuk-!-margin-bottom-0'>{d.reason}</p>
              ))
            : null}
        </>,
        <span class='app-hash'>{v.protocolHash}</span>,
      ])}
    />
  )
}

type Labels = ReturnType<typeof labelsOf>

function estimatorWords(c: ComparisonReport) {
  const se = 'se_type' in c.spec && c.spec.se_type ? `, ${c.spec.se_type} standard errors` : ''
  return `${ESTIMATOR_WORDS[c.spec.estimator] ?? humanise(c.spec.estimator)}${se}`
}

function comparisonRow(c: ComparisonReport, labels: Labels) {
  const r = c.result
  const outcome = 'outcome' in c.spec && typeof c.spec.outcome === 'string' ? c.spec.outcome : ''
  const head = (
    <>
      {labels.analysis(c.analysis)}{' '}
      <strong class='govuk-tag govuk-tag--grey'>{humanise(c.role)}</strong>
    </>
  )
  const common = [
    head,
    outcome ? labels.outcome(outcome) : '–',
    `${labels.arm(c.arm)} against ${labels.arm(c.control)}`,
  ]
  if (!r) return [...common, `Not estimable: ${c.error?.message ?? 'no result'}`, '', '', '', '']
  return [
    ...common,
    fixed(r.estimate, 3),
    <span class='app-nowrap'>
      {fixed(r.conf_low, 3)} to {fixed(r.conf_high, 3)}
    </span>,
    pWords(r.p_value),
    c.adjusted
      ? `${pWords(c.adjusted.adjusted_p)} (${humanise(c.adjusted.method)} within ${humanise(c.adjusted.family).toLowerCase()})`
      : '–',
    typeof r.n === 'number' ? r.n.toLocaleString('en-GB') : '–',
  ]
}

/** The registered analysis as published: every planned comparison, in the registered labels. */
export function Results(props: {
  report: PlanReport & {
    deviations?: Array<{ version: number; reason: string | null; outcomes_seen?: boolean | null }>
  }
  /** The protocol the results are labelled from (its outcome and arm labels). */
  protocol: ProtocolDraft
  datasetHash: string
  engineVersion: string
  protocolHash: string
  at: Date
  heading?: string
}) {
  const { report } = props
  const labels = labelsOf(props.protocol)
  const srm = report.sample_ratio_mismatch
  const deviations = report.deviations ?? []
  const attrition = report.attrition.find((a) => a.result)?.result as
    Record<string, number> | undefined
  return (
    <section>
      <h2 class='govuk-heading-m'>{props.heading ?? 'Results of the registered analysis'}</h2>
      {deviations.length ? (
        <WarningText>
          This analysis follows a protocol amended after recruitment started (deviation in version
          {deviations.map((d) => ` ${d.version}`)}).
          {deviations.some((d) => d.outcomes_seen)
            ? ` Version ${deviations
                .filter((d) => d.outcomes_seen)
                .map((d) => d.version)
                .join(', ')} was made after outcome data or results had been seen.`
            : ''}{' '}
          Read the results with the protocol versions.
        </WarningText>
      ) : null}
      <Table
        caption='Estimated effects (arm minus control) with 95% confidence intervals'
        captionSize='s'
        head={['Analysis', 'Outcome', 'Comparison', 'Estimate', '95% CI', 'p', 'Adjusted p', 'n']}
        numeric={[3, 5, 6, 7]}
        rows={report.comparisons.map((c) => comparisonRow(c, labels))}
      />
      <p class='govuk-body-s'>
        Estimators:{' '}
        {[
          ...new Set(
            report.comparisons.map((c) => `${labels.analysis(c.analysis)}: ${estimatorWords(c)}`)
          ),
        ].join('; ')}
        .
      </p>
      {attrition ? (
        <p class='govuk-body'>
          Attrition on the primary outcome: {fixed(100 * (attrition.overall_attrition ?? NaN), 1)}%
          overall, a difference of {fixed(100 * (attrition.differential_attrition ?? NaN), 1)}{' '}
          percentage points between arms.
        </p>
      ) : null}
      {srm ? (
        <p class='govuk-body'>
          Households by arm:{' '}
          {srm.arms.map((a, i) => `${labels.arm(a)} ${srm.observed[i]}`).join(', ')} (sample-ratio
          check {pIs(srm.p_value)}
          {srm.p_value < 0.01 ? '; the arm sizes differ from the registered ratio' : ''}).
        </p>
      ) : null}
      <p class='govuk-body-s app-wrap'>
        Run on {dateWords(props.at)} with engine {props.engineVersion}; dataset{' '}
        <span class='app-hash'>{props.datasetHash}</span>, protocol{' '}
        <span class='app-hash'>{props.protocolHash}</span>.
      </p>
    </section>
  )
}

export const SCHEME_LABELS: Record<string, string> = {
  eef_padlocks: 'EEF padlocks',
  wwc: 'What Works Clearinghouse',
  wwc_effect_level: 'WWC effect level',
  maryland_sms: 'Maryland Scientific Methods Scale',
  nesta_level: 'Nesta standards of evidence',
  rob2_overall: 'Risk of bias (RoB 2)',
}

interface RatingView {
  created_at: string
  schemes: Array<{
    scheme: string
    computed_level: unknown
    final_level: unknown
    status: string
    /** What limited the level, in the report's words (see `limitingWords`). */
    limiting_words: string
    decisions?: Array<{
      scheme: string
      action: string
      reason: string | null
      final_level: unknown
    }>
  }>
  declared_facts: string[]
}

/** The latest evidence rating: per scheme the computed and final level, and what limited it. */
export function Ratings(props: { rating: RatingView }) {
  const overrides = props.rating.schemes.flatMap((s) =>
    (s.decisions ?? []).filter((d) => d.action === 'override')
  )
  return (
    <section>
      <Table
        caption='Evidence rating'
        stack
        head={['Scheme', 'Computed', 'Final', 'What limited it']}
        rows={props.rating.schemes
          .filter((s) => s.computed_level !== null)
          .map((s) => [
            SCHEME_LABELS[s.scheme] ?? humanise(s.scheme),
            levelWords(s.computed_level),
            s.final_level === null
              ? 'Awaiting Centre review'
              : `${levelWords(s.final_level)} (${s.status})`,
            s.limiting_words,
          ])}
      />
      {overrides.length ? (
        <>
          <h3 class='govuk-heading-s'>Overridden by the Centre</h3>
          <ul class='govuk-list govuk-list--bullet'>
            {overrides.map((d) => (
              <li>
                {SCHEME_LABELS[d.scheme] ?? humanise(d.scheme)} set to {levelWords(d.final_level)}:{' '}
                {d.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {props.rating.declared_facts.length ? (
        <p class='govuk-body-s'>
          Declared by the evaluator, not measured:{' '}
          {props.rating.declared_facts.map((f) => humanise(f).toLowerCase()).join(', ')}.
        </p>
      ) : null}
    </section>
  )
}
