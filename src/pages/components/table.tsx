import type { Child } from 'hono/jsx'

export interface TableProps {
  caption: Child
  head: Child[]
  rows: Child[][]
  /** Indexes of numeric columns (right-aligned, tabular figures). */
  numeric?: number[]
  /** Row classes by index (e.g. to mark rows with errors). */
  rowClass?: (index: number) => string | undefined
  /** Caption size; "m" for a table that heads a section. */
  captionSize?: 's' | 'm' | 'l'
  /**
   * On a phone, each row stacks as a block with every cell named by its column, instead of the
   * table scrolling sideways: for tables of a few rows whose cells hold sentences.
   */
  stack?: boolean
}

/**
 * GOV.UK table, wrapped in a focusable, labelled region that scrolls sideways on a narrow screen
 * rather than widening the page.
 */
export function Table(props: TableProps) {
  const num = new Set(props.numeric ?? [])
  return (
    <div class='app-table-scroll' role='region' aria-label={String(props.caption)} tabindex={0}>
      <table class={`govuk-table${props.stack ? ' app-table--stack' : ''}`}>
        <caption class={`govuk-table__caption govuk-table__caption--${props.captionSize ?? 'm'}`}>
          {props.caption}
        </caption>
        <thead class='govuk-table__head'>
          <tr class='govuk-table__row'>
            {props.head.map((h, i) => (
              <th
                scope='col'
                class={`govuk-table__header${num.has(i) ? ' govuk-table__header--numeric' : ''}`}
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class='govuk-table__body'>
          {props.rows.map((row, r) => (
            <tr class={`govuk-table__row${props.rowClass?.(r) ? ` ${props.rowClass(r)}` : ''}`}>
              {row.map((cell, i) =>
                i === 0 ? (
                  <th scope='row' class='govuk-table__header'>
                    {cell}
                  </th>
                ) : (
                  <td
                    class={`govuk-table__cell${num.has(i) ? ' govuk-table__cell--numeric' : ''}`}
                    data-label={
                      props.stack && typeof props.head[i] === 'string' ? props.head[i] : undefined
                    }
                  >
                    {cell}
                  </td>
                )
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
