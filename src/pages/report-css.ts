/**
 * The report pages' stylesheet, served from /assets/report.css (no inline styles, so pages pass a
 * Content-Security-Policy without 'unsafe-inline'). The print rules make a report print cleanly
 * on A4: no navigation, tables kept whole where they fit, sections starting on a new page.
 */
export const REPORT_CSS = `
.report { max-width: 60rem; }
.report-muted { color: #505a5f; }
.report-source { color: #505a5f; font-size: 0.85rem; margin-top: -0.4rem; }
.report-note { border-left: 5px solid #1d70b8; background: #f3f2f1; padding: 0.6rem 0.9rem; }
.report-warning { border-left: 5px solid #d4351c; background: #fdf0ee; padding: 0.6rem 0.9rem; }
.report-table { border-collapse: collapse; width: 100%; margin: 0.8rem 0 1.4rem; font-size: 0.95rem; }
.report-table caption { text-align: left; color: #505a5f; padding-bottom: 0.4rem; }
.report-table th, .report-table td { border-bottom: 1px solid #b1b4b6; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
.report-figure { margin: 1rem 0; overflow-x: auto; }
.report-figure svg { max-width: 100%; height: auto; }
.report-figures { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.2rem; }
.report-figures dd { margin: 0; font-weight: bold; }
@media print {
  @page { size: A4; margin: 15mm; }
  header, nav, .report-screen-only, .govuk-header, .govuk-footer, .govuk-skip-link { display: none !important; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .report-break { break-before: page; }
  .report-table tr, .report-figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  code { word-break: break-all; }
}
`
