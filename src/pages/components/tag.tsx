import type { LifecycleStatus as TrialStatus } from '../../../trials/protocol'

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

const WORDS: Record<TrialStatus, string> = {
  draft: 'Draft',
  registered: 'Registered',
  recruiting: 'Recruiting',
  closed: 'Recruitment closed',
  data_complete: 'Data complete',
  analysed: 'Analysed',
  rated: 'Rated',
  withdrawn: 'Withdrawn',
}

/** A trial status in words. */
export const statusWords = (status: string) => WORDS[status as TrialStatus] ?? status

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
