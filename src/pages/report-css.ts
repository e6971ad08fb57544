/**
 * The report pages' stylesheet, served from /assets/report.css (no inline styles, so pages pass a
 * Content-Security-Policy without 'unsafe-inline'). The print rules make a report print cleanly
 * on A4: no navigation, tables kept whole where they fit, sections starting on a new page.
 */
export const REPORT_CSS = `
.report { max-width: 60rem; }
@media print {
  @page { size: A4; margin: 15mm; }
  header, nav, .report-screen-only, .govuk-header, .govuk-footer, .govuk-skip-link { display: none !important; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .report-break { break-before: page; }
  .govuk-table__row, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  code { word-break: break-all; }
}
`
