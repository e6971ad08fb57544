import type { Child } from 'hono/jsx'

/** The hidden CSRF field every form carries; a post without it is refused. */
export function CsrfField(props: { token: string }) {
  return <input type='hidden' name='csrf_token' value={props.token} />
}

/** A POST form with its CSRF field. `novalidate`: the server validates and shows GOV.UK errors. */
export function Form(props: {
  action: string
  csrfToken: string
  children: Child
  multipart?: boolean
  class?: string
}) {
  return (
    <form
      method='post'
      action={props.action}
      novalidate
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      class={props.class}
    >
      <CsrfField token={props.csrfToken} />
      {props.children}
    </form>
  )
}

/** GOV.UK button (submit), or a link styled as one. */
export function Button(props: {
  children: Child
  href?: string
  secondary?: boolean
  warning?: boolean
  name?: string
  value?: string
}) {
  const cls = `govuk-button${props.secondary ? ' govuk-button--secondary' : ''}${props.warning ? ' govuk-button--warning' : ''}`
  return props.href ? (
    <a href={props.href} role='button' draggable={false} class={cls} data-module='govuk-button'>
      {props.children}
    </a>
  ) : (
    <button
      type='submit'
      class={cls}
      data-module='govuk-button'
      data-prevent-double-click='true'
      name={props.name}
      value={props.value}
    >
      {props.children}
    </button>
  )
}

export function ButtonGroup(props: { children: Child }) {
  return <div class='govuk-button-group'>{props.children}</div>
}
