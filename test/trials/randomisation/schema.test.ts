import { describe, expect, it } from 'vitest'
import { randomisationRequestSchema, randomisationSchema } from '../../../trials/randomisation'

const arms = [
  { name: 'mediation', ratio: 2 },
  { name: 'usual_care', ratio: 1 },
]

function problems(input: unknown): string[] {
  const result = randomisationSchema.safeParse(input)
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

describe('randomisationSchema', () => {
  it('accepts every method with its settings', () => {
    const valid = [
      { method: 'simple', arms },
      { method: 'complete', arms, sample_size: 300 },
      { method: 'permuted_block', arms, block_sizes: [3, 6] },
      {
        method: 'stratified_permuted_block',
        arms,
        block_sizes: [6],
        strata: ['council'],
        strata_values: { council: ['York'] },
      },
      { method: 'cluster', arms, block_sizes: [3], cluster: 'caseworker' },
      {
        method: 'stratified_cluster',
        arms,
        block_sizes: [3],
        cluster: 'office',
        strata: ['council'],
      },
      {
        method: 'minimisation',
        arms,
        minimisation: {
          factors: ['age_band'],
          weights: [2],
          imbalance: 'variance',
          p_follow: 0.75,
        },
      },
    ]
    for (const config of valid) expect(problems(config)).toEqual([])
  })

  it('lists every cross-field problem with its path', () => {
    expect(
      problems({
        method: 'stratified_permuted_block',
        arms: [...arms, { name: 'mediation', ratio: 1 }],
        block_sizes: [4, 8, 6],
        strata_values: { council: ['York', 'York'] },
        cluster: 'office',
        sample_size: 10,
      })
    ).toEqual([
      'arms: arm name "mediation" appears more than once',
      'block_sizes.2: block size 6 is not a multiple of the ratio sum 4',
      'strata: method stratified_permuted_block requires strata',
      'strata_values.council: "council" is not one of the strata fields',
      'strata_values.council: value "York" appears more than once',
      'cluster: cluster is not used by method stratified_permuted_block',
      'sample_size: sample_size is not used by method stratified_permuted_block',
    ])
  })

  it('refuses one arm, a zero or fractional ratio, unknown keys and p_follow outside (0, 1]', () => {
    expect(problems({ method: 'simple', arms: [arms[0]] })).toHaveLength(1)
    expect(
      problems({
        method: 'simple',
        arms: [
          { name: 'a', ratio: 0 },
          { name: 'b', ratio: 1.5 },
        ],
      })
    ).toHaveLength(2)
    expect(problems({ method: 'simple', arms, seed: 'x' })).toEqual([': Unrecognized key: "seed"'])
    const minimisation = (p_follow: number) => ({
      method: 'minimisation',
      arms,
      minimisation: { factors: ['f'], p_follow },
    })
    expect(problems(minimisation(0))).toHaveLength(1)
    expect(problems(minimisation(1.2))).toHaveLength(1)
    expect(problems(minimisation(1))).toEqual([])
  })

  it('requires the settings each method needs', () => {
    expect(problems({ method: 'permuted_block', arms })).toEqual([
      'block_sizes: method permuted_block requires block_sizes',
    ])
    expect(problems({ method: 'cluster', arms, block_sizes: [3] })).toEqual([
      'cluster: method cluster requires cluster',
    ])
    expect(problems({ method: 'minimisation', arms })).toEqual([
      'minimisation: method minimisation requires minimisation settings',
    ])
    expect(
      problems({
        method: 'minimisation',
        arms,
        minimisation: { factors: ['a', 'b'], weights: [1], p_follow: 0.9 },
      })
    ).toEqual(['minimisation.weights: weights has 1 entries but factors has 2'])
  })

  it('the request schema adds seed and units and keeps the cross-field checks', () => {
    const parsed = randomisationRequestSchema.parse({
      seed: 42,
      method: 'simple',
      arms,
      units: [{ id: 'h', x: 1 }],
    })
    expect(parsed.seed).toBe('42')
    expect(parsed.units[0]).toEqual({ id: 'h', x: 1 })
    expect(
      randomisationRequestSchema.safeParse({
        seed: 's',
        method: 'permuted_block',
        arms,
        block_sizes: [4],
        units: [],
      }).success
    ).toBe(false)
  })
})
