import { STATUS_WORDS, type LifecycleStatus as TrialStatus } from '../../../trials/protocol'

const COLOURS: Record<TrialStatus, string> = {
  draft: 'grey',
  registered: 'blue',
  recruiting: 'green',
  closed: 'yellow',
  data_complete: 'orange',
  analysed: 'purple',
  rated: 'teal',
  withdrawn: 'red',
}

/** A trial status in words. */
export const statusWords = (status: string) => STATUS_WORDS[status as TrialStatus] ?? status

/** GOV.UK tag. */
export function Tag(props: { text: string; colour?: string }) {
  return (
    <strong class={`govuk-tag${props.colour ? ` govuk-tag--${props.colour}` : ''}`}>
      {props.text}
    </strong>
  )
}

/** A trial's status as a coloured tag. */
export function StatusTag(props: { status: string }) {
  return (
    <Tag text={statusWords(props.status)} colour={COLOURS[props.status as TrialStatus] ?? 'grey'} />
  )
}
