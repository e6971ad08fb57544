/**
 * Plots drawn on the server as inline SVG with presentation attributes only (the
 * Content-Security-Policy forbids style attributes), black and grey so they print legibly, each
 * with a title for assistive technology and a table of the same numbers beside it.
 */
import type { Child } from 'hono/jsx'
import { dateWords } from './words'

const fmt = (x: number, digits = 2) =>
  (Object.is(Math.round(x * 10 ** digits), -0) ? 0 : x).toFixed(digits)

/** An SVG plot with its title as accessible name, a white ground and the title drawn at the top. */
function PlotFrame(props: { title: string; width: number; height: number; children: Child }) {
  const { title, width, height } = props
  return (
    <svg
      xmlns='http://www.w3.org/2000/svg'
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role='img'
      aria-label={title}
      font-family='arial, sans-serif'
      font-size='13'
    >
      <title>{title}</title>
      <rect width={width} height={height} fill='#ffffff' />
      <text x='10' y='22' font-weight='bold'>
        {title}
      </text>
      {props.children}
    </svg>
  )
}

/**
 * Love plot: the standardised mean difference of each baseline covariate between arms
 * (Austin 2009, Stat Med 28:3083), with reference lines at 0.1 and at 0.25, the What Works
 * Clearinghouse threshold beyond which baseline equivalence cannot be claimed.
 */
export function LovePlot(props: { title: string; rows: Array<{ label: string; smd: number }> }) {
  const width = 640
  const left = 230
  const right = width - 30
  const rowHeight = 26
  const top = 40
  const bottom = top + props.rows.length * rowHeight
  const extent = Math.max(0.3, ...props.rows.map((r) => Math.abs(r.smd) * 1.1))
  const x = (v: number) => left + ((v + extent) / (2 * extent)) * (right - left)
  const height = bottom + 50
  const ticks = [-0.25, -0.1, 0, 0.1, 0.25].filter((t) => Math.abs(t) <= extent)
  return (
    <PlotFrame title={props.title} width={width} height={height}>
      {[-0.25, 0.25]
        .filter((t) => Math.abs(t) <= extent)
        .map((t) => (
          <line
            x1={fmt(x(t))}
            y1={top - 6}
            x2={fmt(x(t))}
            y2={bottom}
            stroke='#6f777b'
            stroke-dasharray='4 3'
          />
        ))}
      {[-0.1, 0.1].map((t) => (
        <line
          x1={fmt(x(t))}
          y1={top - 6}
          x2={fmt(x(t))}
          y2={bottom}
          stroke='#b1b4b6'
          stroke-dasharray='2 3'
        />
      ))}
      <line x1={fmt(x(0))} y1={top - 6} x2={fmt(x(0))} y2={bottom} stroke='#0b0c0c' />
      {props.rows.map((r, i) => {
        const y = top + i * rowHeight + rowHeight / 2
        const label = r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label
        return (
          <g>
            <text x='10' y={y + 4}>
              {label}
            </text>
            <line x1={left} y1={y} x2={right} y2={y} stroke='#f3f2f1' />
            <circle
              cx={fmt(x(r.smd))}
              cy={y}
              r='5'
              fill={Math.abs(r.smd) > 0.25 ? '#d4351c' : '#0b0c0c'}
            />
          </g>
        )
      })}
      <line x1={left} y1={bottom} x2={right} y2={bottom} stroke='#0b0c0c' />
      {ticks.map((t) => (
        <text x={fmt(x(t))} y={bottom + 18} text-anchor='middle' font-size='11'>
          {fmt(t)}
        </text>
      ))}
      <text x={fmt((left + right) / 2)} y={bottom + 38} text-anchor='middle'>
        Standardised difference (arm minus control)
      </text>
    </PlotFrame>
  )
}

/** Cumulative households enrolled by day, against the target. */
export function RecruitmentChart(props: { title: string; dates: string[]; target: number | null }) {
  const width = 640
  const height = 280
  const left = 60
  const right = width - 20
  const top = 40
  const bottom = height - 50
  const days = props.dates.map((d) => Date.parse(d)).sort((a, b) => a - b)
  const first = days[0] ?? 0
  const last = Math.max(days[days.length - 1] ?? 0, first + 86_400_000)
  const maxY = Math.max(props.target ?? 0, days.length, 1)
  const x = (t: number) => left + ((t - first) / (last - first)) * (right - left)
  const y = (n: number) => bottom - (n / maxY) * (bottom - top)
  const points = days.map((t, i) => `${fmt(x(t), 1)},${fmt(y(i + 1), 1)}`)
  const day = (t: number) => dateWords(new Date(t))
  return (
    <PlotFrame title={props.title} width={width} height={height}>
      <line x1={left} y1={bottom} x2={right} y2={bottom} stroke='#0b0c0c' />
      <line x1={left} y1={top} x2={left} y2={bottom} stroke='#0b0c0c' />
      {props.target ? (
        <>
          <line
            x1={left}
            y1={fmt(y(props.target))}
            x2={right}
            y2={fmt(y(props.target))}
            stroke='#6f777b'
            stroke-dasharray='5 4'
          />
          <text x={right} y={fmt(y(props.target) - 6)} text-anchor='end' font-size='11'>
            Target {props.target}
          </text>
        </>
      ) : null}
      {points.length ? (
        <polyline
          points={`${fmt(x(first), 1)},${fmt(y(0), 1)} ${points.join(' ')}`}
          fill='none'
          stroke='#1d70b8'
          stroke-width='2.5'
        />
      ) : null}
      <text x={left - 8} y={bottom + 4} text-anchor='end' font-size='11'>
        0
      </text>
      <text x={left - 8} y={fmt(y(maxY) + 4)} text-anchor='end' font-size='11'>
        {maxY}
      </text>
      <text x={left} y={bottom + 18} font-size='11'>
        {days.length ? day(first) : ''}
      </text>
      <text x={right} y={bottom + 18} text-anchor='end' font-size='11'>
        {days.length ? day(last) : ''}
      </text>
      <text x={fmt((left + right) / 2)} y={bottom + 38} text-anchor='middle'>
        Households enrolled (cumulative)
      </text>
    </PlotFrame>
  )
}
