// Monte Carlo randomisation inference: 10,000 re-randomisations of 10,000 households. Headline under complete
// randomisation (number treated kept); also blocked (5 council areas) and clustered (400 caseworkers, whole
// teams assigned within areas). Reference: base R on the same outcome and assignment
// (bench/r/randomisation-inference.R). Run alone: npx tsx bench/randomisation-inference.ts
import path from 'node:path'
import seedrandom from 'seedrandom'
import { monteCarloRandomisationTest, type RandomisationDesign } from '../analysis/randomisation-inference'
import { round, roundTiming, timeSync } from './support/measure'
import { runR } from './support/r'
import { perSecond, seconds, speedRatio, type BenchmarkReport, type Row } from './support/report'
import { scratchDirectory, writeColumns } from './support/scratch'
import { runIfMain } from './support/standalone'

const HOUSEHOLDS = 10_000
const SIMULATIONS = 10_000
const GOAL_RATIO = 20

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

export async function runRandomisationInference(): Promise<BenchmarkReport> {
  const data = generate('trialworks-bench-randomisation-inference')
  const time = (treated: Uint8Array, design: RandomisationDesign) => {
    let run = 0
    let result: ReturnType<typeof monteCarloRandomisationTest> | undefined
    const timing = timeSync(
      () => (result = monteCarloRandomisationTest(data.outcome, treated, design, { simulations: SIMULATIONS, seed: `bench-${run++}`, pValueConvention: 'proportion' })),
      { warmups: 1, repeats: 5 },
    )
    return { timing, pValue: result!.pValue }
  }
  const complete = time(data.treatedIndividually, {})
  const blocked = time(data.treatedIndividually, { blocks: data.blocks })
  const clustered = time(data.treatedByCluster, { blocks: data.blocks, clusters: data.clusters })

  const goal = `at least ${GOAL_RATIO}x faster than vectorised base R`
  const ours = seconds(round(complete.timing.median))
  const rows: Row[] = []
  const notes: string[] = []
  const scratch = scratchDirectory('ri')
  let baseR: Record<string, unknown>
  try {
    const file = path.join(scratch.dir, 'ri.f64')
    writeColumns(file, [data.outcome, Float64Array.from(data.treatedIndividually)])
    const r = runR('randomisation-inference.R', [file, String(HOUSEHOLDS), String(SIMULATIONS), '1', '3'])
    baseR = r.ok ? r.value : { skipped: r.reason }
    const measure = '10k draws x 10k households'
    if (r.ok) {
      type Variant = { seconds_median: number; p_value: number }
      const variants = {
        treated_sum_loop: 'base R sample.int + sum loop',
        index_matrix_colsums: 'base R index matrix + colSums',
        permute_and_mean: 'base R replicate(sample(t)) + mean',
      } as const
      // The headline reference is the fastest vectorised variant, not the typical script.
      const fastest = (['treated_sum_loop', 'index_matrix_colsums'] as const).reduce((a, b) =>
        (r.value[a] as Variant).seconds_median <= (r.value[b] as Variant).seconds_median ? a : b,
      )
      for (const key of [fastest, ...(Object.keys(variants) as (keyof typeof variants)[]).filter((k) => k !== fastest)]) {
        const reference = seconds((r.value[key] as Variant).seconds_median)
        const ratio = round(speedRatio(ours, reference), 3)
        rows.push({
          measure,
          trialworks: ours,
          reference: { tool: variants[key], value: reference },
          ratio,
          ...(key === fastest ? { goal, goalMet: ratio >= GOAL_RATIO } : {}),
        })
      }
      // Both sides estimate the same exact p-value; they should differ by Monte Carlo error only.
      const pR = (r.value[fastest] as Variant).p_value
      const spread = Math.sqrt((2 * pR * (1 - pR)) / SIMULATIONS)
      if (spread > 0 && Math.abs(complete.pValue - pR) > 4 * spread) {
        notes.push(`p-values differ by more than 4 Monte Carlo standard errors: trialworks ${complete.pValue}, R ${pR}`)
      }
    } else {
      notes.push(`base R comparison skipped: ${r.reason}`)
      rows.push({ measure, trialworks: ours, reference: { tool: 'base R', skipped: r.reason }, goal })
    }
  } finally {
    scratch.remove()
  }
  rows.push({ measure: 'draws/s, blocked (5 areas)', trialworks: perSecond(Math.round(SIMULATIONS / blocked.timing.median)) })
  rows.push({ measure: 'draws/s, clustered (400 teams)', trialworks: perSecond(Math.round(SIMULATIONS / clustered.timing.median)) })
  const detail = (x: typeof complete) => ({ ...roundTiming(x.timing), re_randomisations_per_second: Math.round(SIMULATIONS / x.timing.median), p_value: x.pValue })
  return {
    name: 'randomisation-inference',
    title: 'Monte Carlo randomisation inference, 10,000 draws of 10,000 households',
    goal,
    rows,
    notes,
    details: {
      households: HOUSEHOLDS,
      simulations: SIMULATIONS,
      complete: detail(complete),
      blocked_5_areas: detail(blocked),
      clustered_400_caseworkers_in_5_areas: detail(clustered),
      base_r: baseR,
    },
  }
}

runIfMain(import.meta.url, runRandomisationInference)
