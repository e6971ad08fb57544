import type { Child } from 'hono/jsx'

export interface SummaryRow {
  key: Child
  value: Child
  /** A "Change" link (check-answers pattern); `what` is read out after "Change". */
  change?: { href: string; what: string }
}

/** GOV.UK summary list: key-value rows, optionally with change links. */
export function SummaryList(props: { rows: SummaryRow[]; noBorder?: boolean }) {
  const anyChange = props.rows.some((r) => r.change)
  return (
    <dl class={`govuk-summary-list${props.noBorder ? ' govuk-summary-list--no-border' : ''}`}>
      {props.rows.map((r) => (
        <div
          class={`govuk-summary-list__row${anyChange && !r.change ? ' govuk-summary-list__row--no-actions' : ''}`}
        >
          <dt class='govuk-summary-list__key'>{r.key}</dt>
          <dd class='govuk-summary-list__value app-wrap'>{r.value}</dd>
          {r.change ? (
            <dd class='govuk-summary-list__actions'>
              <a class='govuk-link' href={r.change.href}>
                Change<span class='govuk-visually-hidden'> {r.change.what}</span>
              </a>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  )
}

/** GOV.UK summary card: a titled summary list. */
export function SummaryCard(props: { title: Child; rows: SummaryRow[]; action?: Child }) {
  return (
    <div class='govuk-summary-card'>
      <div class='govuk-summary-card__title-wrapper'>
        <h2 class='govuk-summary-card__title'>{props.title}</h2>
        {props.action ? <div class='govuk-summary-card__actions'>{props.action}</div> : null}
      </div>
      <div class='govuk-summary-card__content'>
        <SummaryList rows={props.rows} />
      </div>
    </div>
  )
}
