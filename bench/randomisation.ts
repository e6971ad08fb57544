// Benchmark of the pure randomisation engine. Run: npx tsx bench/randomisation.ts
// Headline: stratified permuted blocks (2:1, block sizes 3, 6, 9) for 1,000,000 households across 200 strata,
// batch and one at a time. Also each method at 100,000 households, and base R's per-stratum sample() on the same
// task (bench/randomisation.R) when Rscript is on the PATH. Writes bench/results/randomisation.json.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { allocateAll, createAllocator, type RandomisationUnit } from '../trials/randomisation'

const here = import.meta.dirname
const arms = [
  { name: 'mediation', ratio: 2 },
  { name: 'usual_care', ratio: 1 },
]
const seed = '5d1e8c0f3a7b9e2d4c6a8f0b1e3d5c7a'

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(run: () => void, repeats: number): number {
  run() // warm-up: JIT and first-touch allocation
  const seconds: number[] = []
  for (let r = 0; r < repeats; r += 1) {
    const start = process.hrtime.bigint()
    run()
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9)
  }
  return median(seconds)
}

const stratified = {
  method: 'stratified_permuted_block',
  arms,
  block_sizes: [3, 6, 9],
  strata: ['council', 'household_type'],
}
const million = households(1_000_000)
const strataCount = new Set(million.map((u) => `${u.council}|${u.household_type}`)).size
const batchSeconds = time(() => void allocateAll(stratified, seed, million), 5)
const sequentialSeconds = time(() => {
  const allocator = createAllocator(stratified, seed)
  for (const unit of million) allocator.allocate(unit)
}, 3)

const hundredThousand = households(100_000)
const methodConfigs = {
  simple: { method: 'simple', arms },
  complete: { method: 'complete', arms },
  permuted_block: { method: 'permuted_block', arms, block_sizes: [3, 6, 9] },
  stratified_permuted_block: stratified,
  cluster: { method: 'cluster', arms, block_sizes: [3, 6], cluster: 'caseworker' },
  stratified_cluster: { method: 'stratified_cluster', arms, block_sizes: [3, 6], cluster: 'caseworker', strata: ['council'] },
  minimisation: {
    method: 'minimisation',
    arms,
    minimisation: { factors: ['council', 'household_type'], imbalance: 'range', p_follow: 0.8 },
  },
}
const perMethod = Object.fromEntries(
  Object.entries(methodConfigs).map(([name, config]) => [
    name,
    { households: 100_000, seconds_median: Number(time(() => void allocateAll(config, seed, hundredThousand), 3).toFixed(3)) },
  ]),
)

let baseR: unknown = { skipped: 'Rscript not found on PATH' }
const r = spawnSync('Rscript', [path.join(here, 'randomisation.R')], { encoding: 'utf8' })
if (r.status === 0) baseR = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}')
else if (r.error === undefined) baseR = { failed: r.stderr.trim().split('\n').at(-1) }

const results = {
  benchmark: 'randomisation',
  node: process.version,
  // Timings on a shared machine move with its load; record it next to the figures.
  cpus: os.cpus().length,
  load_average_1m_at_end: Number(os.loadavg()[0].toFixed(2)),
  headline: {
    method: 'stratified_permuted_block',
    households: million.length,
    strata: strataCount,
    ratio: '2:1',
    block_sizes: [3, 6, 9],
    batch_seconds_median: Number(batchSeconds.toFixed(3)),
    sequential_seconds_median: Number(sequentialSeconds.toFixed(3)),
    households_per_second: Math.round(million.length / batchSeconds),
  },
  per_method: perMethod,
  base_r_per_stratum_sample: baseR,
}
mkdirSync(path.join(here, 'results'), { recursive: true })
writeFileSync(path.join(here, 'results', 'randomisation.json'), `${JSON.stringify(results, null, 2)}\n`)
console.log(JSON.stringify(results, null, 2))
