import type { ForestPlotData } from '../../analysis/meta-analysis'

/** What the forest plot needs besides its rows. */
interface ForestSvgOptions {
  title: string
  /** Axis label, e.g. "Difference in proportion (treatment - control)". */
  axisLabel: string
  /** Label under the pooled diamond's numbers, e.g. "tau2 = 0.003, I2 = 50.4%, Q = 6.14 (p = 0.105)". */
  footnote?: string
  /** Words under each side of the line of no effect, e.g. "Favours intervention" / "Favours control". */
  favours?: { below: string; above: string }
  /** Random-effects prediction interval for a new trial, drawn as a bar under the diamond. */
  prediction?: { low: number; high: number }
}

const WIDTH = 860
const PLOT_LEFT = 270
const PLOT_RIGHT = 620
const ROW = 26
const TOP = 64

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const fmt = (x: number, digits = 3) =>
  (Object.is(Math.round(x * 10 ** digits), -0) ? 0 : x).toFixed(digits)
const px = (x: number) => x.toFixed(2)
/** Characters of the bold title that fit on one line of the plot's width. */
const TITLE_CHARS = 88
const TITLE_LINE = 18

/** Words broken into lines of at most `width` characters (a longer word keeps a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  for (const word of text.split(' ')) {
    const last = lines[lines.length - 1]
    if (last !== undefined && last.length + 1 + word.length <= width)
      lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines
}

// Tick step from the 1-2-5 series so that about five ticks span the range.
function ticks(low: number, high: number): number[] {
  const raw = (high - low) / 5
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!
  const out: number[] = []
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step)
    out.push(Math.round(t / step) * step)
  return out
}

/** The pooled estimate's row: its label, a diamond spanning its interval, its numbers. */
function pooledRow(
  s: ForestPlotData['summary'],
  summaryY: number,
  x: (v: number) => number
): string[] {
  const half = 8
  return [
    `<line x1="16" y1="${summaryY - ROW / 2}" x2="${WIDTH - 16}" y2="${summaryY - ROW / 2}" stroke="#d1d5db"/>`,
    `<text x="16" y="${summaryY + 4}" font-weight="bold">${escape(s.label)}</text>`,
    `<polygon class="pooled" points="${px(x(s.confLow))},${summaryY} ${px(x(s.estimate))},${summaryY - half} ${px(x(s.confHigh))},${summaryY} ${px(x(s.estimate))},${summaryY + half}" fill="#b91c1c"/>`,
    `<text x="${PLOT_RIGHT + 16}" y="${summaryY + 4}" font-weight="bold">${fmt(s.estimate)} [${fmt(s.confLow)}, ${fmt(s.confHigh)}]</text>`,
    `<text x="${WIDTH - 16}" y="${summaryY + 4}" text-anchor="end" font-weight="bold">100%</text>`,
  ]
}

/**
 * A forest plot as standalone SVG: one row per trial (point estimate as a square whose area is
 * proportional to its weight, with its confidence interval as whiskers), the pooled estimate as a
 * diamond spanning its interval (none for a single trial, which pools nothing), and a dashed line
 * of no effect at 0. Numbers are printed beside
 * each row. Output depends only on the input, so the same evidence gives byte-identical SVG.
 */
export function renderForestSvg(plot: ForestPlotData, options: ForestSvgOptions): string {
  const rows = plot.studies
  const values = [
    ...rows.flatMap((r) => [r.confLow, r.confHigh]),
    plot.summary.confLow,
    plot.summary.confHigh,
    ...(options.prediction ? [options.prediction.low, options.prediction.high] : []),
    0,
  ]
  let low = Math.min(...values)
  let high = Math.max(...values)
  const pad = (high - low) * 0.05 || 0.1
  low -= pad
  high += pad
  const x = (v: number) => PLOT_LEFT + ((v - low) / (high - low)) * (PLOT_RIGHT - PLOT_LEFT)
  // One trial pools nothing: its own row is the estimate, so no pooled diamond is drawn.
  const pooled = rows.length > 1
  const summaryY = TOP + rows.length * ROW + ROW
  const predictionY = summaryY + ROW
  const axisY = pooled ? summaryY + ROW + (options.prediction ? ROW : 0) : summaryY
  // A long title wraps, and everything under it moves down by the lines it adds.
  const titleLines = wrap(options.title, TITLE_CHARS)
  const shift = (titleLines.length - 1) * TITLE_LINE
  const height = axisY + 64 + (options.favours ? 20 : 0) + (options.footnote ? 20 : 0) + shift
  const maxWeight = Math.max(...rows.map((r) => r.weightPercent), 1e-12)
  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escape(options.title)}" font-family="system-ui, sans-serif" font-size="13">`
  )
  parts.push(`<title>${escape(options.title)}</title>`)
  parts.push(`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`)
  parts.push(
    `<text x="16" y="24" font-size="15" font-weight="bold">${titleLines
      .map((line, i) => `<tspan x="16" dy="${i ? TITLE_LINE : 0}">${escape(line)}</tspan>`)
      .join('')}</text>`
  )
  if (shift) parts.push(`<g transform="translate(0 ${shift})">`)
  parts.push(`<text x="16" y="${TOP - 16}" font-weight="bold">Trial</text>`)
  parts.push(
    `<text x="${PLOT_RIGHT + 16}" y="${TOP - 16}" font-weight="bold">Estimate [95% CI]</text>`
  )
  parts.push(
    `<text x="${WIDTH - 16}" y="${TOP - 16}" font-weight="bold" text-anchor="end">Weight</text>`
  )
  parts.push(
    `<line x1="${px(x(0))}" y1="${TOP - 8}" x2="${px(x(0))}" y2="${axisY}" stroke="#666666" stroke-dasharray="4 3"/>`
  )
  rows.forEach((r, i) => {
    const y = TOP + i * ROW + ROW / 2
    const side = 5 + 11 * Math.sqrt(r.weightPercent / maxWeight)
    const label = r.label.length > 38 ? `${r.label.slice(0, 37)}…` : r.label
    parts.push(`<g class="study">`)
    parts.push(`<text x="16" y="${y + 4}">${escape(label)}</text>`)
    parts.push(
      `<line x1="${px(x(r.confLow))}" y1="${y}" x2="${px(x(r.confHigh))}" y2="${y}" stroke="#1f2937" stroke-width="1.5"/>`
    )
    parts.push(
      `<rect x="${px(x(r.estimate) - side / 2)}" y="${px(y - side / 2)}" width="${px(side)}" height="${px(side)}" fill="#1f4e79"/>`
    )
    parts.push(
      `<text x="${PLOT_RIGHT + 16}" y="${y + 4}">${fmt(r.estimate)} [${fmt(r.confLow)}, ${fmt(r.confHigh)}]</text>`
    )
    parts.push(
      `<text x="${WIDTH - 16}" y="${y + 4}" text-anchor="end">${r.weightPercent.toFixed(1)}%</text>`
    )
    parts.push(`</g>`)
  })
  if (pooled) parts.push(...pooledRow(plot.summary, summaryY, x))
  if (pooled && options.prediction) {
    const p = options.prediction
    parts.push(`<text x="16" y="${predictionY + 4}">Prediction interval (new trial)</text>`)
    parts.push(
      `<line class="prediction" x1="${px(x(p.low))}" y1="${predictionY}" x2="${px(x(p.high))}" y2="${predictionY}" stroke="#b91c1c" stroke-width="3"/>`
    )
    for (const end of [p.low, p.high])
      parts.push(
        `<line x1="${px(x(end))}" y1="${predictionY - 5}" x2="${px(x(end))}" y2="${predictionY + 5}" stroke="#b91c1c" stroke-width="2"/>`
      )
    parts.push(
      `<text x="${PLOT_RIGHT + 16}" y="${predictionY + 4}">${fmt(p.low)} to ${fmt(p.high)}</text>`
    )
  }
  parts.push(
    `<line x1="${PLOT_LEFT}" y1="${axisY}" x2="${PLOT_RIGHT}" y2="${axisY}" stroke="#1f2937"/>`
  )
  for (const t of ticks(low, high)) {
    parts.push(
      `<line x1="${px(x(t))}" y1="${axisY}" x2="${px(x(t))}" y2="${axisY + 5}" stroke="#1f2937"/>`
    )
    parts.push(
      `<text x="${px(x(t))}" y="${axisY + 19}" text-anchor="middle" font-size="11">${fmt(t, 2)}</text>`
    )
  }
  parts.push(
    `<text x="${(PLOT_LEFT + PLOT_RIGHT) / 2}" y="${axisY + 40}" text-anchor="middle">${escape(options.axisLabel)}</text>`
  )
  if (options.favours) {
    const zero = px(x(0))
    parts.push(
      `<text x="${zero}" y="${axisY + 60}" dx="-8" text-anchor="end" font-weight="bold">← ${escape(options.favours.below)}</text>`
    )
    parts.push(
      `<text x="${zero}" y="${axisY + 60}" dx="8" text-anchor="start" font-weight="bold">${escape(options.favours.above)} →</text>`
    )
  }
  if (options.footnote)
    parts.push(
      `<text x="16" y="${axisY + (options.favours ? 80 : 60)}" font-size="11" fill="#374151">${escape(options.footnote)}</text>`
    )
  if (shift) parts.push(`</g>`)
  parts.push(`</svg>`)
  return parts.join('\n') + '\n'
}
