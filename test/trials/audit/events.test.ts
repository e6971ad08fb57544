import { describe, expect, it } from 'vitest'
import {
  councilCreateAudit,
  evaluatorGrantAudit,
  interventionCreateAudit,
  interventionReviseAudit,
  sessionOpenAudit,
  tokenCreateAudit,
  tokenRevokeAudit,
  userCreateAudit,
} from '../../../trials/audit'
import { familyMediationIntervention } from '../../../trials/protocol'

describe('the audit events of account administration', () => {
  it('records a council created about the council itself, without detail', () => {
    expect(councilCreateAudit({ id: 'c-9' })).toEqual([
      { action: 'council.create', entityType: 'council', entityId: 'c-9', councilId: 'c-9' },
    ])
  })

  it('records a user created with their role, about their council or none', () => {
    expect(userCreateAudit({ id: 'u-1', role: 'officer', councilId: 'c-1' })).toEqual([
      {
        action: 'user.create',
        entityType: 'user',
        entityId: 'u-1',
        councilId: 'c-1',
        detail: { role: 'officer' },
      },
    ])
    expect(userCreateAudit({ id: 'u-2', role: 'admin', councilId: null })[0]!.councilId).toBeNull()
  })

  it('records a token issued with its user and label, and a token revoked, about no council', () => {
    const [issued] = tokenCreateAudit({ id: 'tk-1', userId: 'u-1', label: 'laptop' })
    expect(issued).toEqual({
      action: 'token.create',
      entityType: 'api_token',
      entityId: 'tk-1',
      councilId: null,
      detail: { user_id: 'u-1', label: 'laptop' },
    })
    expect(JSON.stringify(issued!.detail)).toBe('{"user_id":"u-1","label":"laptop"}')
    expect(tokenRevokeAudit('tk-1')).toEqual([
      { action: 'token.revoke', entityType: 'api_token', entityId: 'tk-1', councilId: null },
    ])
  })

  it('records an evaluator grant with its user and trial (null for a whole council)', () => {
    const [council] = evaluatorGrantAudit({ id: 'g-1', userId: 'u-3', councilId: 'c-1' })
    expect(council).toEqual({
      action: 'evaluator.grant',
      entityType: 'evaluator_grant',
      entityId: 'g-1',
      councilId: 'c-1',
      detail: { user_id: 'u-3', trial_id: null },
    })
    expect(JSON.stringify(council!.detail)).toBe('{"user_id":"u-3","trial_id":null}')
    const [trial] = evaluatorGrantAudit({ id: 'g-2', userId: 'u-3', trialId: 't-7' })
    expect(trial!.councilId).toBeNull()
    expect(trial!.detail).toEqual({ user_id: 'u-3', trial_id: 't-7' })
  })

  it('records a session opened about the user signing in, with the token used', () => {
    expect(sessionOpenAudit({ userId: 'u-1', councilId: 'c-1', tokenId: 'tk-4' })).toEqual([
      {
        action: 'session.open',
        entityType: 'user',
        entityId: 'u-1',
        councilId: 'c-1',
        detail: { token_id: 'tk-4' },
      },
    ])
  })
})

describe('the audit events of the intervention register', () => {
  const intervention = { id: 'i-1', councilId: 'c-2' }

  it('records an intervention registered, without detail', () => {
    expect(interventionCreateAudit(intervention)).toEqual([
      {
        action: 'intervention.create',
        entityType: 'intervention',
        entityId: 'i-1',
        councilId: 'c-2',
      },
    ])
  })

  it('records a revision keeping the description it replaced', () => {
    const previous = {
      ...familyMediationIntervention,
      owning_council: { code: 'E0', name: 'Example' },
    }
    const [event] = interventionReviseAudit(intervention, previous)
    expect(event).toMatchObject({
      action: 'intervention.revise',
      entityType: 'intervention',
      entityId: 'i-1',
      councilId: 'c-2',
    })
    expect(Object.keys(event!.detail!)).toEqual(['previous'])
    expect(event!.detail!.previous).toBe(previous)
  })
})
