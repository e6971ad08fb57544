/**
 * Version of the rating rules in this folder. Bump when a rule changes, so stored ratings can be
 * traced to the rules that produced them.
 *
 * @example
 * ENGINE_VERSION // 'trialworks-ratings/1.0.0'
 */
export const ENGINE_VERSION = 'trialworks-ratings/1.0.0'

/**
 * Versions of the standards the rules encode (EVIDENCE_RATINGS.md draft 2). The WWC table part
 * names the optimistic column in force, or says that staff supplied their own table.
 *
 * @example
 * standardsTableVersion('B', false) // 'evidence-ratings-spec/draft-2; eef-2019; wwc-v4.1-table-II.1-optimistic-B; ...'
 */
export function standardsTableVersion(optimisticColumn: 'A' | 'B', staffTable: boolean): string {
  const wwc = staffTable
    ? 'wwc-v4.1-table-II.1-staff-supplied'
    : `wwc-v4.1-table-II.1-optimistic-${optimisticColumn}`
  return [
    'evidence-ratings-spec/draft-2',
    'eef-2019',
    wwc,
    'maryland-sms-wwg-2016',
    'nesta-2013',
    'rob2-2019',
  ].join('; ')
}
