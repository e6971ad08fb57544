import type { Child } from 'hono/jsx'

/** GOV.UK panel (confirmation). */
export function Panel(props: { title: Child; children?: Child }) {
  return (
    <div class='govuk-panel govuk-panel--confirmation'>
      <h1 class='govuk-panel__title'>{props.title}</h1>
      {props.children ? <div class='govuk-panel__body app-arm-panel'>{props.children}</div> : null}
    </div>
  )
}

/** GOV.UK notification banner; "success" is announced as a status. */
export function NotificationBanner(props: {
  title?: string
  heading: Child
  children?: Child
  success?: boolean
}) {
  return (
    <div
      class={`govuk-notification-banner${props.success ? ' govuk-notification-banner--success' : ''}`}
      role={props.success ? 'alert' : 'region'}
      aria-labelledby='notification-banner-title'
      data-module='govuk-notification-banner'
    >
      <div class='govuk-notification-banner__header'>
        <h2 class='govuk-notification-banner__title' id='notification-banner-title'>
          {props.title ?? (props.success ? 'Success' : 'Important')}
        </h2>
      </div>
      <div class='govuk-notification-banner__content'>
        <p class='govuk-notification-banner__heading'>{props.heading}</p>
        {props.children}
      </div>
    </div>
  )
}

/** GOV.UK warning text. */
export function WarningText(props: { children: Child }) {
  return (
    <div class='govuk-warning-text'>
      <span class='govuk-warning-text__icon' aria-hidden='true'>
        !
      </span>
      <strong class='govuk-warning-text__text'>
        <span class='govuk-visually-hidden'>Warning</span>
        {props.children}
      </strong>
    </div>
  )
}

/** GOV.UK back link. */
export function BackLink(props: { href: string; text?: string }) {
  return (
    <a href={props.href} class='govuk-back-link'>
      {props.text ?? 'Back'}
    </a>
  )
}
