import { describe, expect, it } from 'vitest'
import {
  decideViewData,
  showsOutcomes,
  type DataView,
  type ViewedData,
} from '../../../trials/commands'

const at = new Date('2026-04-01T10:00:00.000Z')
const state = { id: 't-1', councilId: 'c-1', outcomesSeenAt: null }
const download = (
  outcomesRecorded: number,
  data: ViewedData[] = ['baseline', 'outcome']
): DataView => ({
  kind: 'download',
  what: 'dataset.csv',
  data,
  rows: 10,
  outcomesRecorded,
})

describe('deciding what seeing data writes', () => {
  it('stamps the first view that shows outcomes, with how it was seen', () => {
    const decision = decideViewData(state, download(3), at)
    expect(decision.patch).toEqual({
      outcomesSeenAt: at,
      outcomesSeenBy: 'download',
      updatedAt: at,
    })
    expect(decision.audit.map((e) => e.action)).toEqual(['data.viewed', 'trial.outcomes-seen'])
    expect(decision.audit[0]!.detail).toEqual({
      what: 'dataset.csv',
      data: ['baseline', 'outcome'],
      rows: 10,
      outcomes_recorded: 3,
    })
    for (const kind of ['planned-analysis', 'exploratory-analysis'] as const) {
      const run = decideViewData(state, { kind, run: 'r-1' }, at)
      expect(run.patch?.outcomesSeenBy).toBe(kind)
      expect(run.audit).toEqual([
        expect.objectContaining({
          action: 'trial.outcomes-seen',
          detail: { how: kind, what: 'r-1' },
        }),
      ])
    }
    expect(
      decideViewData(state, { kind: 'results', what: 'trial report' }, at).patch
    ).not.toBeNull()
  })

  it('never moves a stamp, and audits every download still', () => {
    const seen = { ...state, outcomesSeenAt: new Date('2026-03-01T00:00:00.000Z') }
    const decision = decideViewData(seen, download(3), at)
    expect(decision.patch).toBeNull()
    expect(decision.audit.map((e) => e.action)).toEqual(['data.viewed'])
    expect(decideViewData(seen, { kind: 'planned-analysis', run: 'r' }, at)).toEqual({
      patch: null,
      audit: [],
    })
  })

  it('audits every opening of stored results by role, and stamps only the first', () => {
    const first = decideViewData(state, { kind: 'results', what: 'trial report' }, at)
    expect(first.audit.map((e) => e.action)).toEqual(['results.viewed', 'trial.outcomes-seen'])
    expect(first.audit[0]!.detail).toEqual({ what: 'trial report' })
    const seen = { ...state, outcomesSeenAt: at }
    const again = decideViewData(seen, { kind: 'results', what: 'analysis runs' }, at)
    expect(again.patch).toBeNull()
    expect(again.audit.map((e) => e.action)).toEqual(['results.viewed'])
  })

  it('does not stamp a download with no outcome in it', () => {
    expect(showsOutcomes(download(0))).toBe(false)
    expect(showsOutcomes(download(5, ['baseline']))).toBe(false)
    expect(decideViewData(state, download(0), at).patch).toBeNull()
  })
})
