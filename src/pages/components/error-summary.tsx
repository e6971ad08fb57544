/** One form problem: the id of the field it belongs to, and the message in words. */
export interface FieldError {
  field: string
  text: string
}

/**
 * GOV.UK error summary: listed at the top of the page, each linking to its field. Focus moves to
 * it without JavaScript through `autofocus`, so screen readers announce it first.
 */
export function ErrorSummary(props: { errors: FieldError[]; title?: string }) {
  if (!props.errors.length) return null
  return (
    <div class='govuk-error-summary' data-module='govuk-error-summary' tabindex={-1} autofocus>
      <div role='alert'>
        <h2 class='govuk-error-summary__title'>{props.title ?? 'There is a problem'}</h2>
        <div class='govuk-error-summary__body'>
          <ul class='govuk-list govuk-error-summary__list'>
            {props.errors.map((e) => (
              <li>
                <a href={`#${e.field}`}>{e.text}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  )
}

/** The first error of a field, if any. */
export const errorFor = (errors: FieldError[] | undefined, field: string) =>
  errors?.find((e) => e.field === field)?.text

/**
 * A field's id, its value as entered and its first error, to spread into an input component:
 * `<TextInput {...bound(values, errors, 'date')} label='Date' />`.
 */
export const bound = <V, K extends string & keyof V>(
  values: V,
  errors: FieldError[] | undefined,
  id: K
) => ({
  id,
  value: values[id],
  error: errorFor(errors, id),
})
