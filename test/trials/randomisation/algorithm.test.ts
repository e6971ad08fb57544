import fc from 'fast-check'
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { allocateAll, CURRENT_ALGORITHM } from '../../../trials/randomisation'
import { configArbitrary, householdsArbitrary, methods, seedArbitrary } from './arbitraries'
import { referenceAlea, referenceAllocate } from './reference-implementation'

describe('ALGORITHM.md is enough to re-derive every allocation', () => {
  it('uses Alea with the published reference value', () => {
    // seedrandom 3.0.5 README: new alea('hello.')() is "Always 0.4783254903741181".
    expect(seedrandom.alea('hello.')()).toBe(0.4783254903741181)
    expect(referenceAlea('hello.')()).toBe(0.4783254903741181)
  })

  it('re-implemented Alea matches seedrandom over long runs and unusual seeds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const ours = referenceAlea(text)
        const theirs = seedrandom.alea(text)
        for (let i = 0; i < 50; i += 1) expect(ours()).toBe(theirs())
      })
    )
  })

  it('tags the current version', () => {
    expect(CURRENT_ALGORITHM).toBe('trialworks-randomisation/1')
  })

  it.each(methods)('%s: engine equals the independent re-implementation', (method) => {
    fc.assert(
      fc.property(
        configArbitrary(method),
        seedArbitrary,
        householdsArbitrary(0, 60),
        (config, seed, units) => {
          const engine = allocateAll(config, seed, units).map(({ id: _id, ...rest }) => rest)
          expect(engine).toEqual(referenceAllocate(config, seed, units))
        }
      ),
      { numRuns: 150 }
    )
  })
})
