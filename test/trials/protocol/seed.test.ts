import { describe, expect, it } from 'vitest'
import {
  assertValidSeed,
  seedCommitment,
  seedProblems,
  verifySeedCommitment,
} from '../../../trials/protocol/seed'

const seed = '9c4e1f27b3a85d60e2f7194cab38d05e' // 32 hex digits, 128 bits

describe('seedProblems', () => {
  it('accepts 32 to 128 lowercase hex digits', () => {
    expect(seedProblems(seed)).toEqual([])
    expect(seedProblems(seed.repeat(4))).toEqual([])
  })

  it.each([
    ['too short', seed.slice(0, 31), ['seed-too-short']],
    ['too long', seed.repeat(4) + 'a', ['seed-too-long']],
    ['uppercase', seed.toUpperCase(), ['seed-not-hex']],
    ['not hex', seed.slice(0, 31) + 'g', ['seed-not-hex']],
    ['a passphrase', 'correct horse battery staple!!!!!', ['seed-not-hex']],
    ['all zeros', '0'.repeat(32), ['seed-low-entropy']],
    ['a repeated pair', 'ab'.repeat(32), ['seed-low-entropy']],
    ['empty', '', ['seed-too-short', 'seed-low-entropy']],
  ])('refuses a seed that is %s', (_label, candidate, codes) => {
    expect(seedProblems(candidate).map((p) => p.code)).toEqual(codes)
  })

  it('assertValidSeed throws invalid-seed with every problem', () => {
    expect(() => assertValidSeed('00')).toThrowError(
      expect.objectContaining({
        code: 'invalid-seed',
        details: {
          problems: [
            expect.objectContaining({ code: 'seed-too-short' }),
            expect.objectContaining({ code: 'seed-low-entropy' }),
          ],
        },
      })
    )
  })
})

describe('seedCommitment', () => {
  it('is SHA-256 of the seed string (checked with sha256sum)', () => {
    // printf '%s' 9c4e1f27b3a85d60e2f7194cab38d05e | sha256sum
    expect(seedCommitment(seed)).toBe(
      '316397a56a301b7b854214437e9d22cec4545af80b25e4499a705e67a5e3960b'
    )
  })

  it('refuses to commit to an invalid seed', () => {
    expect(() => seedCommitment('1234')).toThrowError(
      expect.objectContaining({ code: 'invalid-seed' })
    )
  })
})

describe('verifySeedCommitment', () => {
  it('accepts the revealed seed and refuses any other', () => {
    const commitment = seedCommitment(seed)
    expect(verifySeedCommitment(seed, commitment)).toBe(true)
    expect(verifySeedCommitment(seed, commitment.toUpperCase())).toBe(true)
    expect(verifySeedCommitment(seed.replace('9c', '9d'), commitment)).toBe(false)
    expect(verifySeedCommitment(seed.toUpperCase(), commitment)).toBe(false)
    expect(verifySeedCommitment(seed, commitment.slice(2))).toBe(false)
  })
})
