/**
 * Reporting a trial the way journals and What Works centres expect: the CONSORT 2025 flow from the
 * trial's records, its diagram as SVG, the checklist, the report and the practitioner summary, and
 * the registry exports (WHO Trial Registration Data Set, SPIRIT 2025-ordered protocol).
 *
 * Pure: loaded records in, models and strings out; the shell loads, calls and renders.
 */
export * from './vocabulary'
export * from './iso-week'
export * from './record-inputs'
export * from './consort-flow'
export * from './consort-flow-schema'
export * from './consort-svg'
export * from './waitlist-eligibility'
export * from './consort-checklist'
export * from './consort-checklist-schema'
export * from './limiting-words'
export * from './practitioner-summary'
export * from './practitioner-summary-schema'
export * from './baseline-table'
export * from './trial-report'
export * from './trial-report-schema'
export * from './who-trds'
export * from './who-trds-schema'
export * from './spirit-protocol'
export * from './take-up'
export * from './relative-effects'
export * from './waitlist-progress'
export * from './waitlist-progress-schema'
export * from './report-publication-schema'
