import { z } from 'zod'

/**
 * A source of monetary or material support (WHO Trial Registration Data Set item 4; SPIRIT 2025
 * and CONSORT 2025 "Funding"): an organisation or programme, never a person.
 *
 * @example
 * fundingSourceSchema.parse({ name: 'Homelessness Prevention Grant', support: 'monetary' })
 */
export const fundingSourceSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(300)
      .describe('The funder or programme, e.g. Homelessness Prevention Grant'),
    support: z
      .enum(['monetary', 'material'])
      .describe('monetary: money; material: staff time, premises, data or services in kind'),
    role: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('What the funder does in the design, analysis and reporting, if anything'),
  })
  .describe('A source of monetary or material support')

/**
 * A contact for queries about the trial (WHO Trial Registration Data Set items 7 and 8): a role at
 * an organisation and that role's mailbox. The protocol holds no personal data, so a contact is a
 * role (e.g. "Housing Options trial lead") with a team or role address, never a person's name.
 *
 * @example
 * registryContactSchema.parse({ role: 'Housing Options trial lead', organisation: 'Council A', email: 'housing.trials@council-a.gov.uk' })
 */
export const registryContactSchema = z
  .strictObject({
    role: z
      .string()
      .min(1)
      .max(200)
      .describe('A role, not a person, e.g. Housing Options trial lead'),
    organisation: z.string().min(1).max(300).describe('The organisation the role belongs to'),
    email: z.email().max(254).describe('A role or team mailbox, not a personal address'),
  })
  .describe('A contact for queries: a role at an organisation and its mailbox')

/**
 * Contacts for public and for scientific queries (WHO TRDS items 7 and 8).
 *
 * @example
 * registryContactsSchema.parse({ public: { role: 'Housing Options', organisation: 'Council A', email: 'housing@council-a.gov.uk' } })
 */
export const registryContactsSchema = z
  .strictObject({
    public: registryContactSchema
      .optional()
      .describe('Contact for public queries (WHO TRDS item 7)'),
    scientific: registryContactSchema
      .optional()
      .describe('Contact for scientific queries (WHO TRDS item 8), e.g. the evaluation lead'),
  })
  .describe('Contacts for public and scientific queries')

/**
 * Ethics review (WHO TRDS item 21; SPIRIT 2025 "Research ethics approval"): approved (committee and
 * date), pending (committee), or not required (why, e.g. a service evaluation under the council's
 * research governance policy). `checkRegistryDetails` says which parts each status needs.
 *
 * @example
 * ethicsReviewSchema.parse({ status: 'approved', committee: 'Council A Research Ethics Committee', approval_date: '2025-12-01' })
 */
export const ethicsReviewSchema = z
  .strictObject({
    status: z
      .enum(['approved', 'pending', 'not_required'])
      .describe('approved, pending, or not required (with the reason)'),
    committee: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe('The reviewing committee (approved or pending)'),
    approval_date: z.iso.date().optional().describe('Date of approval, YYYY-MM-DD (approved)'),
    reference: z.string().min(1).max(100).optional().describe("The committee's reference, if any"),
    reason: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('Why review is not required (not_required)'),
  })
  .describe('Ethics review of the trial')

/**
 * Registered funding sources.
 *
 * @example
 * const f: FundingSource = { name: 'Homelessness Prevention Grant', support: 'monetary' }
 */
export type FundingSource = z.infer<typeof fundingSourceSchema>
/**
 * A registered contact.
 *
 * @example
 * const c: RegistryContact = { role: 'Housing Options trial lead', organisation: 'Council A', email: 'trials@council-a.gov.uk' }
 */
export type RegistryContact = z.infer<typeof registryContactSchema>
/**
 * A registered ethics review.
 *
 * @example
 * const e: EthicsReview = { status: 'not_required', reason: 'Service evaluation' }
 */
export type EthicsReview = z.infer<typeof ethicsReviewSchema>
