// Benchmark of Monte Carlo randomisation inference. Run: npx tsx bench/randomisation-inference.ts
// Headline: 10,000 re-randomisations of 10,000 households under complete randomisation (number treated kept).
// Also blocked (5 council areas, each block's treated count kept) and clustered (400 caseworkers assigned whole,
// within areas) designs, and base R on the headline task (bench/randomisation-inference.R) when Rscript is on
// the PATH. Writes bench/results/randomisation-inference.json.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import seedrandom from 'seedrandom'
import { monteCarloRandomisationTest, type RandomisationDesign } from '../analysis/randomisation-inference'

const here = import.meta.dirname
const HOUSEHOLDS = 10_000
const SIMULATIONS = 10_000
const REPEATS = 5

function generate(seed: string) {
  const random = seedrandom.alea(seed)
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const blocks = new Int32Array(HOUSEHOLDS)
  const clusters = new Int32Array(HOUSEHOLDS)
  const outcome = new Float64Array(HOUSEHOLDS)
  const treatedIndividually = new Uint8Array(HOUSEHOLDS)
  const treatedByCluster = new Uint8Array(HOUSEHOLDS)
  // 400 caseworkers, 80 per area; caseworkers 0, 2, 4, ... are treated, so half the teams in each area.
  for (let i = 0; i < HOUSEHOLDS; i++) {
    const caseworker = Math.floor(random() * 400)
    clusters[i] = caseworker
    blocks[i] = Math.floor(caseworker / 80)
    treatedIndividually[i] = random() < 0.5 ? 1 : 0
    treatedByCluster[i] = caseworker % 2 === 0 ? 1 : 0
    // Skewed days in temporary accommodation, as in the household trial.
    outcome[i] = Math.exp(3 + 0.8 * normal())
  }
  return { blocks, clusters, outcome, treatedIndividually, treatedByCluster }
}

const data = generate('trialworks-bench-randomisation-inference')

function time(treated: Uint8Array, design: RandomisationDesign) {
  const seconds: number[] = []
  let result: ReturnType<typeof monteCarloRandomisationTest> | undefined
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now()
    result = monteCarloRandomisationTest(data.outcome, treated, design, { simulations: SIMULATIONS, seed: `bench-${r}` })
    seconds.push((performance.now() - start) / 1000)
  }
  seconds.sort((a, b) => a - b)
  return {
    seconds_median: Number(seconds[Math.floor(REPEATS / 2)].toFixed(4)),
    seconds_min: Number(seconds[0].toFixed(4)),
    re_randomisations_per_second: Math.round(SIMULATIONS / seconds[Math.floor(REPEATS / 2)]),
    p_value_last_run: result!.pValue,
  }
}

const complete = time(data.treatedIndividually, {})
const blocked = time(data.treatedIndividually, { blocks: data.blocks })
const clustered = time(data.treatedByCluster, { blocks: data.blocks, clusters: data.clusters })

let baseR: unknown = { skipped: 'Rscript not found on PATH' }
const r = spawnSync('Rscript', [path.join(here, 'randomisation-inference.R')], { encoding: 'utf8' })
if (r.status === 0) baseR = JSON.parse(r.stdout.trim())
else if (r.error === undefined) baseR = { failed: r.stderr.trim().split('\n').slice(-3).join(' ') }

const results = {
  benchmark: 'randomisation-inference',
  node: process.version,
  cpus: os.cpus().length,
  load_average_1m_at_end: Number(os.loadavg()[0].toFixed(2)),
  households: HOUSEHOLDS,
  simulations: SIMULATIONS,
  repeats: REPEATS,
  headline_complete_randomisation: complete,
  blocked_5_areas: blocked,
  clustered_400_caseworkers_in_5_areas: clustered,
  base_r_complete_randomisation: baseR,
}
mkdirSync(path.join(here, 'results'), { recursive: true })
writeFileSync(path.join(here, 'results', 'randomisation-inference.json'), `${JSON.stringify(results, null, 2)}\n`)
console.log(JSON.stringify(results, null, 2))
