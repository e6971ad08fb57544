import { z } from 'zod'

/**
 * One CONSORT 2025 checklist item: answered (and where), missing (and what would answer it), or
 * not applicable (and why).
 *
 * @example
 * checklistItemSchema.parse({ item: '2', section: 'Open science', topic: 'Trial registration', requirement: '...', status: 'answered', where: 'registry record', detail: '...' })
 */
export const checklistItemSchema = z.object({
  item: z.string().describe('The CONSORT 2025 item number, such as 5a'),
  section: z.string(),
  topic: z.string(),
  requirement: z.string(),
  status: z.enum(['answered', 'missing', 'not_applicable']),
  where: z.string().nullable().describe("Where in the trial's record the item is answered"),
  detail: z.string(),
})
/** @example const item: ChecklistItem = consortChecklist(input)[0] */
export type ChecklistItem = z.infer<typeof checklistItemSchema>

/**
 * A missing checklist item as listed apart: its number, topic and what would answer it.
 *
 * @example
 * missingItemSchema.parse({ item: '5a', topic: 'Funding', detail: 'name the funders (report details: funding)' })
 */
export const missingItemSchema = checklistItemSchema.pick({ item: true, topic: true, detail: true })

/** The guideline the checklist follows, as the API names it. */
const GUIDELINE = 'CONSORT 2025 (Hopewell et al., BMJ 2025;389:e081123)'

/**
 * `GET /trials/{id}/checklist`: every item, and the missing ones listed apart.
 *
 * @example
 * checklistDocumentSchema.parse(checklistDocument('t-1', items)).missing
 */
export const checklistDocumentSchema = z.object({
  trial_id: z.string(),
  guideline: z.string(),
  items: z.array(checklistItemSchema),
  missing: z.array(missingItemSchema),
})
/** @example const document: ChecklistDocument = checklistDocument('t-1', items) */
export type ChecklistDocument = z.infer<typeof checklistDocumentSchema>

/**
 * The missing items of a checklist, listed apart (in the checklist document and the report).
 *
 * @example
 * missingItems(items).map((i) => i.item) // ['5a', '5b', ...]
 */
export function missingItems(items: readonly ChecklistItem[]): z.infer<typeof missingItemSchema>[] {
  return items
    .filter((i) => i.status === 'missing')
    .map((i) => ({ item: i.item, topic: i.topic, detail: i.detail }))
}

/**
 * The checklist as the API answers it: every item, and the missing ones listed apart.
 *
 * @example
 * checklistDocument('t-1', consortChecklist(input)).guideline // 'CONSORT 2025 (Hopewell et al., BMJ 2025;389:e081123)'
 */
export function checklistDocument(
  trialId: string,
  items: readonly ChecklistItem[]
): ChecklistDocument {
  return {
    trial_id: trialId,
    guideline: GUIDELINE,
    items: [...items],
    missing: missingItems(items),
  }
}
