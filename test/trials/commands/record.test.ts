import { describe, expect, it } from 'vitest'
import { dataImportAudit, householdRecordAudit } from '../../../trials/commands'

const state = { id: 't-1', councilId: 'c-1' }

describe('the audit event of recording one household', () => {
  it('records nothing when every value sent was already recorded', () => {
    expect(
      householdRecordAudit(state, { household: 'h-1', changes: { tenure: 'unchanged' } })
    ).toEqual([])
    expect(householdRecordAudit(state, { household: 'h-1', changes: {} })).toEqual([])
  })

  it('records created values without a reason', () => {
    const events = householdRecordAudit(state, {
      household: 'h-1',
      changes: { tenure: 'created', arrears: 'unchanged' },
      reason: 'ignored when nothing is corrected',
    })
    expect(events).toEqual([
      {
        action: 'trial.observations-record',
        entityType: 'trial',
        entityId: 't-1',
        councilId: 'c-1',
        detail: { household: 'h-1', changes: { tenure: 'created', arrears: 'unchanged' } },
      },
    ])
  })

  it('records a correction with its reason, after the household and the changes', () => {
    const [event] = householdRecordAudit(state, {
      household: 'h-2',
      changes: { tenure: 'created', arrears: 'corrected' },
      reason: 'typo in the case file',
    })
    expect(event!.action).toBe('trial.observations-correct')
    expect(JSON.stringify(event!.detail)).toBe(
      '{"household":"h-2","changes":{"tenure":"created","arrears":"corrected"},"reason":"typo in the case file"}'
    )
  })
})

describe('the audit event of a data import', () => {
  const imported = {
    importId: 'imp-1',
    kind: 'outcome' as const,
    rows: 3,
    created: 2,
    corrected: 0,
    unchanged: 1,
    bodySha256: 'ab12',
  }

  it('names the import, its counts and the upload hash, in that order', () => {
    const events = dataImportAudit(state, { ...imported, reason: 'not a correction' })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      action: 'trial.data-import',
      entityType: 'trial',
      entityId: 't-1',
      councilId: 'c-1',
    })
    expect(JSON.stringify(events[0]!.detail)).toBe(
      '{"import_id":"imp-1","kind":"outcome","rows":3,"created":2,"corrected":0,"unchanged":1,"body_sha256":"ab12"}'
    )
  })

  it('keeps the reason of an import that corrected values, before the upload hash', () => {
    const [event] = dataImportAudit(state, {
      ...imported,
      created: 0,
      corrected: 2,
      reason: 'late returns',
    })
    expect(JSON.stringify(event!.detail)).toBe(
      '{"import_id":"imp-1","kind":"outcome","rows":3,"created":0,"corrected":2,"unchanged":1,"reason":"late returns","body_sha256":"ab12"}'
    )
  })
})
