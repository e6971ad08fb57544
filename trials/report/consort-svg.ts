import type { ConsortFlow, FollowUpBox, ReasonCount } from './consort-flow'

const FONT = 12
const LINE = 16
const PAD = 8
const CHAR = 6.4 // average advance of Arial at 12 px, for wrapping

/** One line of a box: text, indentation, and the count it states (for checking against the data). */
interface Line {
  text: string
  indent?: boolean
  count?: { key: string; n: number }
  bold?: boolean
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const words = (reason: string) => reason.replace(/_/g, ' ')

function wrap(text: string, width: number): string[] {
  const max = Math.max(10, Math.floor(width / CHAR))
  const out: string[] = []
  let line = ''
  for (const w of text.split(' ')) {
    if (line && (line + ' ' + w).length > max) {
      out.push(line)
      line = w
    } else line = line ? `${line} ${w}` : w
  }
  if (line) out.push(line)
  return out
}

function reasonLines(count: ReasonCount, key: string, limit = 5): Line[] {
  const shown = count.reasons.slice(0, limit)
  const rest = count.reasons.slice(limit).reduce((n, r) => n + r.n, 0)
  const lines: Line[] = shown.map((r) => ({
    text: `${words(r.reason)} (n = ${r.n})`,
    indent: true,
    count: { key: `${key}:${r.reason}`, n: r.n },
  }))
  if (rest) lines.push({ text: `other reasons (n = ${rest})`, indent: true })
  return lines
}

/** When a time point falls due, in words: the dates and, for other anchors, what they count from. */
function dueLine(f: FollowUpBox): string {
  const dates =
    f.due_from === null
      ? 'no household can be dated yet'
      : f.due_from === f.due_to
        ? `due ${f.due_from}`
        : `due ${f.due_from} to ${f.due_to}`
  return f.anchor === 'randomisation'
    ? `Counted from randomisation: ${dates}`
    : `Counted from each household's ${words(f.anchor)} date: ${dates}`
}

interface Box {
  x: number
  y: number
  width: number
  height: number
  body: string
}

function box(x: number, y: number, width: number, lines: readonly Line[], id: string): Box {
  const parts: string[] = []
  let dy = PAD + FONT
  for (const line of lines) {
    const indent = line.indent ? 12 : 0
    const wrapped = wrap((line.indent ? '• ' : '') + line.text, width - 2 * PAD - indent)
    wrapped.forEach((t, i) => {
      const data =
        line.count && i === 0
          ? ` data-count="${escape(line.count.key)}" data-n="${line.count.n}"`
          : ''
      const weight = line.bold ? ' font-weight="bold"' : ''
      parts.push(`<text x="${x + PAD + indent}" y="${y + dy}"${weight}${data}>${escape(t)}</text>`)
      dy += LINE
    })
  }
  const height = dy - LINE + PAD + 4
  return {
    x,
    y,
    width,
    height,
    body:
      `<g data-box="${escape(id)}"><rect x="${x}" y="${y}" width="${width}" height="${height}" fill="#ffffff" stroke="#0b0c0c" stroke-width="1.5"/>` +
      parts.join('') +
      '</g>',
  }
}

const arrow = (x1: number, y1: number, x2: number, y2: number) =>
  `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#0b0c0c" stroke-width="1.5" marker-end="url(#consort-arrow)"/>`

function stage(label: string, y: number, width: number): string {
  return (
    `<rect x="0" y="${y}" width="${width}" height="26" fill="#d2e2f1" stroke="#1d70b8" stroke-width="1"/>` +
    `<text x="${width / 2}" y="${y + 17}" text-anchor="middle" font-weight="bold">${escape(label)}</text>`
  )
}

/**
 * Draws the CONSORT 2025 flow diagram as a standalone SVG document: Enrolment (assessed, excluded by
 * reason, randomised), Allocation, Follow-up (one row per outcome time point) and Analysis, one
 * column per arm. Styling uses SVG presentation attributes only (no style element or attribute),
 * so the diagram passes a Content-Security-Policy without 'unsafe-inline' and prints as drawn.
 * Each stated count carries `data-count` and `data-n`, so that tests can compare every box with
 * the database.
 *
 * @example
 * consortSvg(consortFlow(input)).startsWith('<svg') // true
 */
export function consortSvg(flow: ConsortFlow, title = 'CONSORT 2025 flow diagram'): string {
  const columns = Math.max(flow.arms.length, 1)
  const colWidth = columns > 2 ? 250 : 300
  const gap = 30
  const width = Math.max(columns * colWidth + (columns - 1) * gap + 40, 680)
  const parts: string[] = []
  let y = 10

  parts.push(stage('Enrolment', y, width))
  y += 40
  const center = width / 2
  const assessed = box(
    center - 140,
    y,
    280,
    [
      {
        text: `Assessed for eligibility (n = ${flow.assessed})`,
        count: { key: 'assessed', n: flow.assessed },
      },
    ],
    'assessed'
  )
  parts.push(assessed.body)
  const excludedLines: Line[] = [
    { text: `Excluded (n = ${flow.excluded.n})`, count: { key: 'excluded', n: flow.excluded.n } },
  ]
  for (const r of flow.excluded.by_reason) {
    excludedLines.push({
      text: `${r.label} (n = ${r.n})`,
      indent: true,
      count: { key: `excluded:${r.reason}`, n: r.n },
    })
  }
  const midY = y + assessed.height + 30
  const excludedBox = box(
    center + 40,
    midY,
    Math.min(300, width - center - 50),
    excludedLines,
    'excluded'
  )
  parts.push(excludedBox.body)
  const randomY = midY + excludedBox.height + 30
  parts.push(arrow(center, y + assessed.height, center, randomY))
  parts.push(arrow(center, midY + 16, center + 40, midY + 16))
  const randomised = box(
    center - 110,
    randomY,
    220,
    [
      {
        text: `Randomised (n = ${flow.randomised})`,
        count: { key: 'randomised', n: flow.randomised },
        bold: true,
      },
    ],
    'randomised'
  )
  parts.push(randomised.body)
  y = randomY + randomised.height + 20

  const left = (width - (columns * colWidth + (columns - 1) * gap)) / 2
  const xOf = (i: number) => left + i * (colWidth + gap)
  // Branch lines from Randomised to each column.
  const branchY = y + 6
  parts.push(
    `<line x1="${center}" y1="${randomY + randomised.height}" x2="${center}" y2="${branchY}" stroke="#0b0c0c" stroke-width="1.5"/>`
  )
  parts.push(
    `<line x1="${xOf(0) + colWidth / 2}" y1="${branchY}" x2="${xOf(columns - 1) + colWidth / 2}" y2="${branchY}" stroke="#0b0c0c" stroke-width="1.5"/>`
  )
  y = branchY + 10
  parts.push(stage('Allocation', y, width))
  y += 36

  const rows: Array<(arm: ConsortFlow['arms'][number]) => { lines: Line[]; id: string }> = []
  rows.push((a) => {
    const lines: Line[] = [
      {
        text: `Allocated to ${a.label} (n = ${a.allocated})`,
        count: { key: `allocated:${a.arm}`, n: a.allocated },
        bold: true,
      },
    ]
    if (a.control) {
      lines.push({
        text: `Received usual service only (n = ${a.received})`,
        count: { key: `received:${a.arm}`, n: a.received },
      })
      lines.push({
        text: `Received the intervention though allocated to control (n = ${a.not_received.n})`,
        count: { key: `not_received:${a.arm}`, n: a.not_received.n },
      })
    } else {
      lines.push({
        text: `Received allocated intervention (n = ${a.received})`,
        count: { key: `received:${a.arm}`, n: a.received },
      })
      lines.push({
        text: `Did not receive allocated intervention (n = ${a.not_received.n})`,
        count: { key: `not_received:${a.arm}`, n: a.not_received.n },
      })
    }
    lines.push(...reasonLines(a.not_received, `not_received:${a.arm}`))
    lines.push({
      text: `Receipt not recorded (n = ${a.adherence_not_recorded})`,
      count: { key: `adherence_not_recorded:${a.arm}`, n: a.adherence_not_recorded },
    })
    return { lines, id: `allocation:${a.arm}` }
  })
  const timePoints = flow.arms[0]?.follow_up.length ?? 0
  const stageAt = new Map<number, string>([
    [1, 'Follow-up'],
    [1 + timePoints, 'Analysis'],
  ])
  for (let t = 0; t < timePoints; t++) {
    rows.push((a) => {
      const f = a.follow_up[t]!
      const k = `${a.arm}:${f.key}`
      const lines: Line[] = [
        { text: `${f.time_point} (${words(f.outcome)})`, bold: true },
        { text: dueLine(f) },
        { text: `Lost to follow-up (n = ${f.lost.n})`, count: { key: `lost:${k}`, n: f.lost.n } },
        ...reasonLines(f.lost, `lost:${k}`),
        {
          text: `Discontinued intervention (n = ${f.discontinued.n})`,
          count: { key: `discontinued:${k}`, n: f.discontinued.n },
        },
        ...reasonLines(f.discontinued, `discontinued:${k}`),
      ]
      if (f.not_yet_due)
        lines.push({
          text: `Not yet due (n = ${f.not_yet_due})`,
          count: { key: `not_yet_due:${k}`, n: f.not_yet_due },
        })
      if (f.awaiting_anchor_date)
        lines.push({
          text: `Awaiting ${words(f.anchor)} date (n = ${f.awaiting_anchor_date})`,
          indent: true,
          count: { key: `awaiting_anchor_date:${k}`, n: f.awaiting_anchor_date },
        })
      if (f.outstanding)
        lines.push({
          text: `Due, not yet recorded (n = ${f.outstanding})`,
          count: { key: `outstanding:${k}`, n: f.outstanding },
        })
      return { lines, id: `follow-up:${k}` }
    })
  }
  rows.push((a) => ({
    id: `analysis:${a.arm}`,
    lines: [
      {
        text: `Analysed (n = ${a.analysis.analysed})`,
        count: { key: `analysed:${a.arm}`, n: a.analysis.analysed },
        bold: true,
      },
      {
        text: `Excluded from analysis (n = ${a.analysis.excluded.n})`,
        count: { key: `excluded_from_analysis:${a.arm}`, n: a.analysis.excluded.n },
      },
      ...(a.analysis.after_randomisation.n
        ? [
            {
              text: `Ineligible at randomisation, found later (n = ${a.analysis.after_randomisation.n})`,
              indent: true,
              count: {
                key: `excluded_after_randomisation:${a.arm}`,
                n: a.analysis.after_randomisation.n,
              },
            },
            ...reasonLines(
              a.analysis.after_randomisation,
              `excluded_after_randomisation:${a.arm}`,
              3
            ),
          ]
        : []),
      ...(a.analysis.no_outcome.n
        ? [
            {
              text: `No primary outcome (n = ${a.analysis.no_outcome.n})`,
              indent: true,
              count: { key: `no_outcome:${a.arm}`, n: a.analysis.no_outcome.n },
            },
            ...reasonLines(a.analysis.no_outcome, `no_outcome:${a.arm}`, 4),
          ]
        : []),
      ...(a.analysis.kept_in_analysis.n
        ? [
            {
              text: `Exclusion recorded, kept in the analysis as randomised (n = ${a.analysis.kept_in_analysis.n})`,
              count: { key: `kept_in_analysis:${a.arm}`, n: a.analysis.kept_in_analysis.n },
            },
            ...reasonLines(a.analysis.kept_in_analysis, `kept_in_analysis:${a.arm}`, 3),
          ]
        : []),
    ],
  }))

  let previous: Box[] = []
  rows.forEach((row, r) => {
    const label = stageAt.get(r)
    if (label) {
      parts.push(stage(label, y, width))
      y += 36
    }
    const boxes = flow.arms.map((a, i) => {
      const { lines, id } = row(a)
      return box(xOf(i), y, colWidth, lines, id)
    })
    const height = Math.max(...boxes.map((b) => b.height))
    boxes.forEach((b, i) => {
      const top = previous[i] ? previous[i]!.y + previous[i]!.height : branchY
      parts.push(arrow(b.x + colWidth / 2, top, b.x + colWidth / 2, b.y))
      parts.push(b.body)
    })
    previous = boxes
    y += height + (stageAt.has(r + 1) ? 14 : 28)
  })

  const height = Math.ceil(y + 10)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="consort-title" font-family="Arial, sans-serif" font-size="${FONT}" fill="#0b0c0c">` +
    `<title id="consort-title">${escape(title)}</title>` +
    `<defs><marker id="consort-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#0b0c0c"/></marker></defs>` +
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>` +
    parts.join('') +
    '</svg>'
  )
}
