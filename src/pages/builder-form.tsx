/** The builder's step contract and the helpers its question pages share to read and apply forms. */
import type { Child } from 'hono/jsx'
import type { FieldError } from './components'

/** A draft as the builder edits it: any part may be missing. */
export type Draft = Record<string, any>
export type Form = Record<string, string>

/** One question page of the builder. */
export interface Step {
  slug: string
  caption: string
  heading: string
  /** The draft's values as form fields. */
  read(draft: Draft): Form
  /** The fields, filled with `values` and their errors. */
  fields(values: Form, errors: FieldError[], draft: Draft): Child
  /** Applies the form to the draft; errors are input the draft cannot hold (e.g. text for a number). */
  apply(draft: Draft, form: Form): { draft: Draft; errors: FieldError[] }
  /** The form field a JSON Pointer into the protocol belongs to. */
  fieldOf(pointer: string): string
}

export const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
export const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
export const filled = (form: Form, prefix: string, keys: string[]) =>
  keys.some((k) => (form[`${prefix}-${k}`] ?? '').trim() !== '')

/** Parses a number typed in a form; `undefined` for an empty field. */
export function number(
  form: Form,
  field: string,
  errors: FieldError[],
  what: string,
  integer = false
): number | undefined {
  const text = (form[field] ?? '').trim().replace(/,/g, '')
  if (!text) return undefined
  const pattern = integer ? /^\d+$/ : /^-?(\d+\.?\d*|\.\d+)$/
  if (!pattern.test(text)) {
    errors.push({
      field,
      text: `${what} must be ${integer ? 'a whole number' : 'a number'}, like ${integer ? '800' : '0.05'}`,
    })
    return undefined
  }
  return Number(text)
}

export const text = (form: Form, field: string) => {
  const t = (form[field] ?? '').trim()
  return t === '' ? undefined : t
}

/** Drops undefined members so the draft stays a plain JSON document. */
export const clean = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

export const Row = (props: { title: string; children: Child }) => (
  <fieldset class='govuk-fieldset govuk-!-margin-bottom-6'>
    <legend class='govuk-fieldset__legend govuk-fieldset__legend--m'>{props.title}</legend>
    {props.children}
  </fieldset>
)

/** `/protocol/arms/1/name` -> ['arms', '1', 'name'] (the API's pointers start with /protocol). */
export const segments = (pointer: string) =>
  pointer
    .replace(/^\/protocol/, '')
    .split('/')
    .filter(Boolean)
