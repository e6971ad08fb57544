import type { ComparisonReport, PlanReport } from '../../trials/plan'

/** Numbers as a report prints them: 3 significant decimals, p-values below 0.001 as "< 0.001". */
const num = (x: unknown, digits = 3) => (typeof x === 'number' ? x.toFixed(digits) : '–')
const pValue = (x: unknown) => (typeof x !== 'number' ? '–' : x < 0.001 ? '< 0.001' : x.toFixed(3))

export interface VersionRow {
  version: number
  reason: string | null
  createdAt: Date
  deviation: boolean
  deviationReasons: unknown
  protocolHash: string
}

/** The protocol's registered versions; amendments that are deviations are flagged. */
export function Versions(props: { versions: VersionRow[] }) {
  return (
    <section>
      <h2>Protocol versions</h2>
      <table>
        <thead>
          <tr>
            <th>Version</th>
            <th>Date</th>
            <th>Reason</th>
            <th>Hash</th>
          </tr>
        </thead>
        <tbody>
          {props.versions.map((v) => (
            <tr>
              <td>
                {v.version} {v.deviation ? <span class='tag warn'>deviation</span> : null}
              </td>
              <td>{v.createdAt.toISOString().slice(0, 10)}</td>
              <td>
                {v.reason}
                {v.deviation
                  ? (v.deviationReasons as Array<{ reason: string; path: string }>).map((d) => (
                      <div class='muted'>
                        {d.reason} (<code>{d.path}</code>)
                      </div>
                    ))
                  : null}
              </td>
              <td class='hash'>{v.protocolHash.slice(0, 16)}…</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function ComparisonRow(props: { c: ComparisonReport }) {
  const { c } = props
  const r = c.result as Record<string, unknown> | null
  return (
    <tr>
      <td>
        {c.analysis} <span class='tag'>{c.role}</span>
      </td>
      <td>
        {c.arm} vs {c.control}
      </td>
      <td>
        {c.spec.estimator}
        {'se_type' in c.spec && c.spec.se_type ? ` (${c.spec.se_type})` : ''}
      </td>
      {r ? (
        <>
          <td>{num(r.estimate)}</td>
          <td>
            [{num(r.conf_low)}, {num(r.conf_high)}]
          </td>
          <td>{pValue(r.p_value)}</td>
          <td>
            {c.adjusted
              ? `${pValue(c.adjusted.adjusted_p)} (${c.adjusted.method}, ${c.adjusted.family})`
              : '–'}
          </td>
          <td>{typeof r.n === 'number' ? r.n : '–'}</td>
        </>
      ) : (
        <td colspan={5} class='muted'>
          not estimable: {c.error?.message}
        </td>
      )}
    </tr>
  )
}

/** The registered analysis as published: every planned comparison, adjustment, deviations and data checks. */
export function Results(props: {
  report: PlanReport & { deviations: Array<{ version: number; reason: string | null }> }
  datasetHash: string
  engineVersion: string
  protocolHash: string
  at: Date
}) {
  const { report } = props
  const srm = report.sample_ratio_mismatch
  return (
    <section>
      <h2>Results of the registered analysis</h2>
      {report.deviations.length ? (
        <p class='warn-box'>
          This analysis follows a protocol amended after recruitment started (deviation in version
          {report.deviations.map((d) => ` ${d.version}`)}). Read the results with the protocol
          versions below.
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th>Analysis</th>
            <th>Comparison</th>
            <th>Estimator</th>
            <th>Estimate</th>
            <th>95% CI</th>
            <th>p</th>
            <th>Adjusted p</th>
            <th>n</th>
          </tr>
        </thead>
        <tbody>
          {report.comparisons.map((c) => (
            <ComparisonRow c={c} />
          ))}
        </tbody>
      </table>
      <p class='muted'>
        Attrition (primary outcome):{' '}
        {report.attrition
          .filter((a) => a.result)
          .slice(0, 1)
          .map((a) => {
            const r = a.result as Record<string, number>
            return `${(100 * r.overall_attrition!).toFixed(1)}% overall, ${(100 * r.differential_attrition!).toFixed(1)} points differential`
          })}
        {srm
          ? ` · arm sizes ${srm.arms.map((a, i) => `${a} ${srm.observed[i]}`).join(', ')} (sample-ratio test p = ${pValue(srm.p_value)})`
          : ''}
      </p>
      <p class='muted'>
        Run {props.at.toISOString()} with engine {props.engineVersion} on dataset{' '}
        <span class='hash'>{props.datasetHash.slice(0, 16)}…</span> under protocol{' '}
        <span class='hash'>{props.protocolHash.slice(0, 16)}…</span>.
      </p>
    </section>
  )
}

const SCHEME_LABELS: Record<string, string> = {
  eef_padlocks: 'EEF padlocks',
  wwc: 'What Works Clearinghouse',
  wwc_effect_level: 'WWC effect level',
  maryland_sms: 'Maryland Scientific Methods Scale',
  nesta_level: 'Nesta standards of evidence',
  rob2_overall: 'Risk of bias (RoB 2)',
}

export interface RatingView {
  created_at: string
  schemes: Array<{
    scheme: string
    computed_level: unknown
    final_level: unknown
    status: string
    limiting_summary: string
  }>
  declared_facts: string[]
}

/** The latest evidence rating: per scheme the computed and final level, and what limited it. */
export function Ratings(props: { rating: RatingView }) {
  return (
    <section>
      <h2>Evidence rating</h2>
      <table>
        <thead>
          <tr>
            <th>Scheme</th>
            <th>Computed</th>
            <th>Final</th>
            <th>What limited it</th>
          </tr>
        </thead>
        <tbody>
          {props.rating.schemes
            .filter((s) => s.computed_level !== null)
            .map((s) => (
              <tr>
                <td>{SCHEME_LABELS[s.scheme] ?? s.scheme}</td>
                <td>{String(s.computed_level)}</td>
                <td>
                  {s.final_level === null ? (
                    <span class='muted'>awaiting Centre review</span>
                  ) : (
                    `${String(s.final_level)} (${s.status})`
                  )}
                </td>
                <td class='muted'>{s.limiting_summary}</td>
              </tr>
            ))}
        </tbody>
      </table>
      {props.rating.declared_facts.length ? (
        <p class='muted'>
          Declared by the evaluator, not measured: {props.rating.declared_facts.join(', ')}.
        </p>
      ) : null}
    </section>
  )
}
