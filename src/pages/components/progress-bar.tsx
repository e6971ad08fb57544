/**
 * Progress against a target as words plus a bar. The bar is SVG with presentation attributes
 * (no style attribute, which the Content-Security-Policy forbids) and is hidden from assistive
 * technology, which reads the words.
 */
export function ProgressBar(props: { value: number; target: number | null; label: string }) {
  const share = props.target ? Math.min(1, props.value / props.target) : 0
  const percent = Math.round(share * 100)
  return (
    <div>
      <p class='govuk-body-s govuk-!-margin-bottom-1'>
        {props.label}: {props.value.toLocaleString('en-GB')}
        {props.target ? ` of ${props.target.toLocaleString('en-GB')} (${percent}%)` : ''}
      </p>
      <svg
        class='app-bar'
        viewBox='0 0 100 6'
        preserveAspectRatio='none'
        aria-hidden='true'
        focusable='false'
      >
        <rect x='0' y='0' width='100' height='6' fill='#dddddd' />
        <rect x='0' y='0' width={(share * 100).toFixed(2)} height='6' fill='#1d70b8' />
      </svg>
    </div>
  )
}
