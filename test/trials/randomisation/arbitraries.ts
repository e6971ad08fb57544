// fast-check generators shared by the randomisation tests: configurations of every method and households whose
// fields fit them. Clusters are nested in strata (cluster name starts with the council) so stratified cluster
// requests are valid.
import fc from 'fast-check'

export const councils = ['York', 'Hull', 'Leeds'] as const
export const methods = [
  'simple',
  'complete',
  'permuted_block',
  'stratified_permuted_block',
  'cluster',
  'stratified_cluster',
  'minimisation',
] as const
export type Method = (typeof methods)[number]

export const armsArbitrary = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 })
  .map((ratios) => ratios.map((ratio, index) => ({ name: `arm_${index}`, ratio })))

export function configArbitrary(method: Method, sampleSize?: number) {
  return fc
    .record({
      arms: armsArbitrary,
      multipliers: fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
      pFollow: fc.double({ min: 0.5, max: 1, noNaN: true }),
      imbalance: fc.constantFrom('range' as const, 'variance' as const),
      weights: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.constantFrom(0.5, 1, 2)),
    })
    .map(({ arms, multipliers, pFollow, imbalance, weights }) => {
      const ratioSum = arms.reduce((sum, arm) => sum + arm.ratio, 0)
      const block_sizes = multipliers.map((m) => m * ratioSum)
      switch (method) {
        case 'simple':
          return { method, arms }
        case 'complete':
          return sampleSize === undefined
            ? { method, arms }
            : { method, arms, sample_size: sampleSize }
        case 'permuted_block':
          return { method, arms, block_sizes }
        case 'stratified_permuted_block':
          return { method, arms, block_sizes, strata: ['council', 'household_type'] }
        case 'cluster':
          return { method, arms, block_sizes, cluster: 'caseworker' }
        case 'stratified_cluster':
          return { method, arms, block_sizes, cluster: 'caseworker', strata: ['council'] }
        case 'minimisation':
          return {
            method,
            arms,
            minimisation: {
              factors: ['council', 'household_type'],
              weights,
              imbalance,
              p_follow: pFollow,
            },
          }
      }
    })
}

export const householdArbitrary = fc.record({
  council: fc.constantFrom(...councils),
  household_type: fc.constantFrom('single', 'family', 'couple'),
  caseworkerNumber: fc.integer({ min: 0, max: 3 }),
})

export function householdsArbitrary(minLength: number, maxLength: number) {
  return fc.array(householdArbitrary, { minLength, maxLength }).map((rows) =>
    rows.map(({ council, household_type, caseworkerNumber }, index) => ({
      id: `h-${index + 1}`,
      council,
      household_type,
      caseworker: `${council}-cw${caseworkerNumber}`,
    }))
  )
}

export const seedArbitrary = fc.string({ minLength: 1, maxLength: 24 })
