import { z } from 'zod'
import { REPORT_DETAIL_KEYS, type ReportDetailKey } from './consort-checklist'
import { checklistItemSchema } from './consort-checklist-schema'

/**
 * The parts of a report only its authors can write, as saved: each present key answers a CONSORT
 * 2025 item (see `REPORT_DETAIL_KEYS`).
 *
 * @example
 * reportDetailsSchema.parse({ funding: 'Funded by the Centre for Homelessness Impact.' })
 */
export const reportDetailsSchema = z.object(
  Object.fromEntries(REPORT_DETAIL_KEYS.map((k) => [k, z.string().optional()])) as Record<
    ReportDetailKey,
    z.ZodOptional<z.ZodString>
  >
)

/**
 * `PUT /trials/{id}/report/details`: the details as they stand after the change.
 *
 * @example
 * reportDetailsDocumentSchema.parse({ trial_id: 't-1', details: { funding: '…' } })
 */
export const reportDetailsDocumentSchema = z.object({
  trial_id: z.string(),
  details: reportDetailsSchema,
})
/** @example const saved: ReportDetailsDocument = { trial_id: 't-1', details: {} } */
export type ReportDetailsDocument = z.infer<typeof reportDetailsDocumentSchema>

/**
 * A trial report's publication: when, by whom, from which analysis run, and the checklist as it
 * stood (missing items the publisher acknowledged included).
 *
 * @example
 * publicationSchema.parse({ published_at: '2026-11-02T10:00:00.000Z', published_by: 'uuid', run_id: 'uuid', checklist: [] })
 */
export const publicationSchema = z.object({
  published_at: z.string(),
  published_by: z.string().nullable(),
  run_id: z.string().nullable(),
  checklist: z.array(checklistItemSchema).readonly().nullable(),
})

/**
 * `POST /trials/{id}/report/publish`: what was published and where.
 *
 * @example
 * publishedReportSchema.parse({ trial_id: 't-1', published_at: '2026-11-02T10:00:00.000Z', run_id: 'uuid', missing_items: [], public_url: '/registry/t-1/report' })
 */
export const publishedReportSchema = z.object({
  trial_id: z.string(),
  published_at: z.string(),
  run_id: z.string().describe('The final planned analysis run the report is written from'),
  missing_items: z
    .array(z.string())
    .describe('Checklist items missing at publication, acknowledged by the publisher'),
  public_url: z.string(),
})
/** @example const published: PublishedReport = await (await fetch(url, { method: 'POST' })).json() */
export type PublishedReport = z.infer<typeof publishedReportSchema>
