import type { BenchmarkReport, Quantity, Row } from './report'

function formatQuantity(q: Quantity): string {
  if (q.unit === 's')
    return q.value < 1 ? `${(q.value * 1000).toPrecision(3)} ms` : `${q.value.toPrecision(3)} s`
  const v = q.value
  const text =
    v >= 1e6
      ? `${(v / 1e6).toPrecision(3)} M`
      : v >= 1e4
        ? `${(v / 1e3).toPrecision(3)} k`
        : v.toPrecision(3)
  return `${text}/s`
}

function formatReference(row: Row): string {
  if (!row.reference) return ''
  if ('skipped' in row.reference) return `${row.reference.tool}: skipped`
  return `${formatQuantity(row.reference.value)} (${row.reference.tool})`
}

function formatRatio(row: Row): string {
  if (row.ratio === undefined) return ''
  return row.ratio >= 10 ? `x${row.ratio.toFixed(0)}` : `x${row.ratio.toPrecision(2)}`
}

function formatGoal(row: Row): string {
  if (!row.goal) return ''
  return `${row.goal}${row.goalMet === undefined ? '' : row.goalMet ? ' [met]' : ' [NOT met]'}`
}

/** A plain-text table: one line per measure, trialworks beside the reference tool, the ratio and the goal. */
export function formatTable(reports: readonly BenchmarkReport[]): string {
  const header = ['benchmark', 'measure', 'trialworks', 'reference', 'ratio', 'goal']
  const lines: string[][] = [header]
  for (const report of reports) {
    for (const row of report.rows) {
      lines.push([
        report.name,
        row.measure,
        formatQuantity(row.trialworks),
        formatReference(row),
        formatRatio(row),
        formatGoal(row),
      ])
    }
  }
  const widths = header.map((_, j) => Math.max(...lines.map((l) => l[j].length)))
  const render = (l: string[]) =>
    l
      .map((cell, j) => cell.padEnd(widths[j]))
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  const notes = reports.flatMap((r) => r.notes.map((n) => `  ${r.name}: ${n}`))
  return [
    render(lines[0]),
    rule,
    ...lines.slice(1).map(render),
    ...(notes.length ? ['', 'Notes:', ...notes] : []),
  ].join('\n')
}
