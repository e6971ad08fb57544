// The pure randomisation engine. Headline: stratified permuted blocks (2:1, block sizes 3, 6, 9) for 1,000,000
// households across 200 strata, as one batch and one household at a time; each method at 100,000 households.
// Reference: base R on the same task (bench/r/randomisation.R), per-stratum sample() and a vectorised variant.
// Run alone: npx tsx bench/randomisation.ts
import { allocateAll, createAllocator, type RandomisationUnit } from '../trials/randomisation'
import { round, roundTiming, timeSync } from './support/measure'
import { runR } from './support/r'
import { perSecond, seconds, speedRatio, type BenchmarkReport, type Row } from './support/report'
import { runIfMain } from './support/standalone'

const arms = [
  { name: 'mediation', ratio: 2 },
  { name: 'usual_care', ratio: 1 },
]
const seed = '5d1e8c0f3a7b9e2d4c6a8f0b1e3d5c7a'
const GOAL_SECONDS = 5

function households(count: number): RandomisationUnit[] {
  // 200 strata = 20 councils x 10 household types; 2,000 caseworkers nested in councils.
  // Knuth's multiplicative hash spreads households over strata in a scrambled but fixed order.
  return Array.from({ length: count }, (_, i) => {
    const hash = Math.imul(i, 2654435761) >>> 0
    const council = `council-${hash % 20}`
    return {
      id: `h-${i}`,
      council,
      household_type: `type-${(hash >>> 8) % 10}`,
      caseworker: `${council}-cw-${(hash >>> 16) % 100}`,
    }
  })
}

const stratified = {
  method: 'stratified_permuted_block',
  arms,
  block_sizes: [3, 6, 9],
  strata: ['council', 'household_type'],
}

const methodConfigs = {
  simple: { method: 'simple', arms },
  complete: { method: 'complete', arms },
  permuted_block: { method: 'permuted_block', arms, block_sizes: [3, 6, 9] },
  stratified_permuted_block: stratified,
  cluster: { method: 'cluster', arms, block_sizes: [3, 6], cluster: 'caseworker' },
  stratified_cluster: {
    method: 'stratified_cluster',
    arms,
    block_sizes: [3, 6],
    cluster: 'caseworker',
    strata: ['council'],
  },
  minimisation: {
    method: 'minimisation',
    arms,
    minimisation: { factors: ['council', 'household_type'], imbalance: 'range', p_follow: 0.8 },
  },
}

export async function runRandomisation(): Promise<BenchmarkReport> {
  const million = households(1_000_000)
  const strataCount = new Set(million.map((u) => `${u.council}|${u.household_type}`)).size
  let allocated = 0
  const batch = timeSync(() => (allocated = allocateAll(stratified, seed, million).length), {
    warmups: 1,
    repeats: 5,
  })
  if (allocated !== million.length)
    throw new Error(`allocated ${allocated} of ${million.length} households`)
  const sequential = timeSync(
    () => {
      const allocator = createAllocator(stratified, seed)
      for (const unit of million) allocator.allocate(unit)
    },
    { warmups: 1, repeats: 3 }
  )
  const hundredThousand = households(100_000)
  const perMethod = Object.fromEntries(
    Object.entries(methodConfigs).map(([name, config]) => [
      name,
      roundTiming(
        timeSync(() => allocateAll(config, seed, hundredThousand), { warmups: 1, repeats: 3 })
      ),
    ])
  )

  const goal = `1,000,000 households in ${GOAL_SECONDS} s or less`
  const batchFigure = seconds(round(batch.median))
  const sequentialFigure = seconds(round(sequential.median))
  const notes: string[] = []
  const rows: Row[] = []
  const r = runR('randomisation.R', ['1', '3'])
  let baseR: unknown
  if (r.ok) {
    baseR = r.value
    const perStratum = seconds(
      (r.value.per_stratum_sample as { seconds_median: number }).seconds_median
    )
    const vectorised = seconds((r.value.vectorised as { seconds_median: number }).seconds_median)
    rows.push({
      measure: 'stratified blocks 1M/200, batch',
      trialworks: batchFigure,
      reference: { tool: 'base R per-stratum sample()', value: perStratum },
      ratio: round(speedRatio(batchFigure, perStratum), 3),
      goal,
      goalMet: batch.median <= GOAL_SECONDS,
    })
    rows.push({
      measure: 'stratified blocks 1M/200, batch',
      trialworks: batchFigure,
      reference: { tool: 'base R vectorised order(block, runif)', value: vectorised },
      ratio: round(speedRatio(batchFigure, vectorised), 3),
    })
    rows.push({
      measure: 'stratified blocks 1M/200, one by one',
      trialworks: sequentialFigure,
      reference: { tool: 'base R per-stratum sample()', value: perStratum },
      ratio: round(speedRatio(sequentialFigure, perStratum), 3),
      goal,
      goalMet: sequential.median <= GOAL_SECONDS,
    })
  } else {
    baseR = { skipped: r.reason }
    notes.push(`base R comparison skipped: ${r.reason}`)
    const reference = { tool: 'base R per-stratum sample()', skipped: r.reason }
    rows.push({
      measure: 'stratified blocks 1M/200, batch',
      trialworks: batchFigure,
      reference,
      goal,
      goalMet: batch.median <= GOAL_SECONDS,
    })
    rows.push({
      measure: 'stratified blocks 1M/200, one by one',
      trialworks: sequentialFigure,
      reference,
      goal,
      goalMet: sequential.median <= GOAL_SECONDS,
    })
  }
  rows.push({
    measure: 'minimisation 100k, batch',
    trialworks: perSecond(Math.round(100_000 / perMethod.minimisation.median)),
  })
  notes.push(
    'The one-by-one allocator keeps a running state per stratum and is what the enrolment API replays; R has no equivalent, so its batch time is shown.'
  )
  return {
    name: 'randomisation',
    title: 'Stratified permuted blocks, 1,000,000 households across 200 strata',
    goal,
    rows,
    notes,
    details: {
      households: million.length,
      strata: strataCount,
      ratio: '2:1',
      block_sizes: [3, 6, 9],
      batch: roundTiming(batch),
      one_by_one: roundTiming(sequential),
      households_per_second_batch: Math.round(million.length / batch.median),
      per_method_100k_households: perMethod,
      base_r: baseR,
    },
  }
}

runIfMain(import.meta.url, runRandomisation)
