import type { Child } from 'hono/jsx'
import { BackLink } from './panel'
import { ErrorSummary, type FieldError } from './error-summary'
import { Button, Form } from './form'

/**
 * GOV.UK "question pages" pattern: back link, error summary, a caption (the section), the
 * question as the page heading, the fields, and one "Save and continue" button.
 */
export function QuestionPage(props: {
  caption: string
  heading: string
  action: string
  csrfToken: string
  errors: FieldError[]
  back?: string
  children: Child
  intro?: Child
  button?: string
}) {
  return (
    <>
      {props.back ? <BackLink href={props.back} /> : null}
      <div class='govuk-grid-row'>
        <div class='govuk-grid-column-two-thirds'>
          <ErrorSummary errors={props.errors} />
          <span class='govuk-caption-l'>{props.caption}</span>
          <h1 class='govuk-heading-l'>{props.heading}</h1>
          {props.intro}
          <Form action={props.action} csrfToken={props.csrfToken}>
            {props.children}
            <Button>{props.button ?? 'Save and continue'}</Button>
          </Form>
        </div>
      </div>
    </>
  )
}
