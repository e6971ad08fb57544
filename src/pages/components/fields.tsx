import type { Child } from 'hono/jsx'

/** The field-level error message, prefixed "Error:" for screen readers. */
export function ErrorMessage(props: { id: string; text?: string }) {
  if (!props.text) return null
  return (
    <p id={`${props.id}-error`} class='govuk-error-message'>
      <span class='govuk-visually-hidden'>Error:</span> {props.text}
    </p>
  )
}

interface FieldProps {
  id: string
  name?: string
  label: Child
  hint?: Child
  error?: string
  /** Make the label the page heading (one-question pages). */
  isPageHeading?: boolean
}

const describedBy = (p: FieldProps) =>
  [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') ||
  undefined

function Label(props: { for: string; label: Child; isPageHeading?: boolean }) {
  return props.isPageHeading ? (
    <h1 class='govuk-label-wrapper'>
      <label class='govuk-label govuk-label--l' for={props.for}>
        {props.label}
      </label>
    </h1>
  ) : (
    <label class='govuk-label govuk-label--s' for={props.for}>
      {props.label}
    </label>
  )
}

function Hint(props: { id: string; hint?: Child }) {
  return props.hint ? (
    <div id={`${props.id}-hint`} class='govuk-hint'>
      {props.hint}
    </div>
  ) : null
}

const group = (error?: string) => `govuk-form-group${error ? ' govuk-form-group--error' : ''}`

/** GOV.UK text input. */
export function TextInput(
  props: FieldProps & {
    value?: string
    width?: '2' | '3' | '4' | '5' | '10' | '20' | '30'
    inputmode?: 'numeric' | 'decimal' | 'text'
    autocomplete?: string
    spellcheck?: boolean
    type?: 'text' | 'password' | 'date'
  }
) {
  return (
    <div class={group(props.error)}>
      <Label for={props.id} label={props.label} isPageHeading={props.isPageHeading} />
      <Hint id={props.id} hint={props.hint} />
      <ErrorMessage id={props.id} text={props.error} />
      <input
        class={`govuk-input${props.width ? ` govuk-input--width-${props.width}` : ''}${props.error ? ' govuk-input--error' : ''}`}
        id={props.id}
        name={props.name ?? props.id}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        inputmode={props.inputmode}
        autocomplete={props.autocomplete ?? 'off'}
        spellcheck={props.spellcheck}
        aria-describedby={describedBy(props)}
      />
    </div>
  )
}

/** GOV.UK textarea. */
export function Textarea(props: FieldProps & { value?: string; rows?: number }) {
  return (
    <div class={group(props.error)}>
      <Label for={props.id} label={props.label} isPageHeading={props.isPageHeading} />
      <Hint id={props.id} hint={props.hint} />
      <ErrorMessage id={props.id} text={props.error} />
      <textarea
        class={`govuk-textarea${props.error ? ' govuk-textarea--error' : ''}`}
        id={props.id}
        name={props.name ?? props.id}
        rows={props.rows ?? 4}
        aria-describedby={describedBy(props)}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  )
}

export interface Option {
  value: string
  text: string
  hint?: string
}

/** GOV.UK select. */
export function Select(props: FieldProps & { options: Option[]; value?: string }) {
  return (
    <div class={group(props.error)}>
      <Label for={props.id} label={props.label} isPageHeading={props.isPageHeading} />
      <Hint id={props.id} hint={props.hint} />
      <ErrorMessage id={props.id} text={props.error} />
      <select
        class={`govuk-select${props.error ? ' govuk-select--error' : ''}`}
        id={props.id}
        name={props.name ?? props.id}
        aria-describedby={describedBy(props)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  )
}

/** GOV.UK radios in a fieldset; the first radio carries the field id (for the error summary link). */
export function Radios(
  props: FieldProps & { options: Option[]; value?: string; small?: boolean; inline?: boolean }
) {
  return (
    <div class={group(props.error)}>
      <fieldset class='govuk-fieldset' aria-describedby={describedBy(props)}>
        <legend
          class={`govuk-fieldset__legend ${props.isPageHeading ? 'govuk-fieldset__legend--l' : 'govuk-fieldset__legend--s'}`}
        >
          {props.isPageHeading ? (
            <h1 class='govuk-fieldset__heading'>{props.label}</h1>
          ) : (
            props.label
          )}
        </legend>
        <Hint id={props.id} hint={props.hint} />
        <ErrorMessage id={props.id} text={props.error} />
        <div
          class={`govuk-radios${props.small ? ' govuk-radios--small' : ''}${props.inline ? ' govuk-radios--inline' : ''}`}
        >
          {props.options.map((o, i) => {
            const id = i === 0 ? props.id : `${props.id}-${i + 1}`
            return (
              <div class='govuk-radios__item'>
                <input
                  class='govuk-radios__input'
                  id={id}
                  name={props.name ?? props.id}
                  type='radio'
                  value={o.value}
                  checked={o.value === props.value}
                  aria-describedby={o.hint ? `${id}-item-hint` : undefined}
                />
                <label class='govuk-label govuk-radios__label' for={id}>
                  {o.text}
                </label>
                {o.hint ? (
                  <div id={`${id}-item-hint`} class='govuk-hint govuk-radios__hint'>
                    {o.hint}
                  </div>
                ) : null}
              </div>
            )
          })}
        </div>
      </fieldset>
    </div>
  )
}

/** GOV.UK file upload. */
export function FileUpload(props: FieldProps & { accept?: string }) {
  return (
    <div class={group(props.error)}>
      <Label for={props.id} label={props.label} isPageHeading={props.isPageHeading} />
      <Hint id={props.id} hint={props.hint} />
      <ErrorMessage id={props.id} text={props.error} />
      <input
        class={`govuk-file-upload${props.error ? ' govuk-file-upload--error' : ''}`}
        id={props.id}
        name={props.name ?? props.id}
        type='file'
        accept={props.accept}
        aria-describedby={describedBy(props)}
      />
    </div>
  )
}
