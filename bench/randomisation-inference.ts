// Monte Carlo randomisation inference: 10,000 re-randomisations of 10,000 households, under complete
// randomisation (number treated kept), for three outcomes of the household trial: days in temporary
// accommodation (continuous and skewed: the permutation path), repeat homelessness (binary: the tie path) and
// homelessness approaches in the year (a count: the tie path). Each is compared with the same base-R loops on
// the same assignment and outcome (bench/r/randomisation-inference.R). Also blocked (5 council areas) and
// clustered (400 caseworkers, whole teams assigned within areas) designs, and the previous stream
// (trialworks-ri/1) on two outcomes for comparison. Run alone: npx tsx bench/randomisation-inference.ts
import os from 'node:os'
import path from 'node:path'
import seedrandom from 'seedrandom'
import {
  monteCarloRandomisationTest,
  type RandomisationDesign,
  type RiAlgorithm,
} from '../analysis/randomisation-inference'
import { round, roundTiming, timeSync, type Timing } from './support/measure'
import { runR } from './support/r'
import { perSecond, seconds, speedRatio, type BenchmarkReport, type Row } from './support/report'
import { scratchDirectory, writeColumns } from './support/scratch'
import { runIfMain } from './support/standalone'

const HOUSEHOLDS = 10_000
const SIMULATIONS = 10_000
const GOAL_RATIO = 20
const OUTCOMES = {
  continuous: 'days in temporary accommodation (continuous)',
  binary: 'repeat homelessness (binary)',
  count: 'approaches in the year (count)',
} as const
type OutcomeName = keyof typeof OUTCOMES

function generate(seed: string) {
  const random = seedrandom.alea(seed)
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const blocks = new Int32Array(HOUSEHOLDS)
  const clusters = new Int32Array(HOUSEHOLDS)
  const days = new Float64Array(HOUSEHOLDS)
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
    days[i] = Math.exp(3 + 0.8 * normal())
  }
  // Binary and count outcomes from their own stream, so the continuous data stay those of earlier runs.
  const more = seedrandom.alea(`${seed}-discrete`)
  const repeat = Float64Array.from({ length: HOUSEHOLDS }, () => (more() < 0.3 ? 1 : 0))
  // Approaches: geometric with mean 1.5 (P(k) = 0.4 * 0.6^k), a long-tailed count with about 20 distinct values.
  const approaches = Float64Array.from({ length: HOUSEHOLDS }, () => {
    let k = 0
    while (more() < 0.6) k++
    return k
  })
  const outcomes: Record<OutcomeName, Float64Array> = {
    continuous: days,
    binary: repeat,
    count: approaches,
  }
  return { blocks, clusters, outcomes, treatedIndividually, treatedByCluster }
}

interface Measured {
  timing: Timing
  pValue: number
  algorithm: RiAlgorithm
}

type Variant = { seconds_median: number; p_value: number }
type ROutcome = {
  observed: number
  distinct_values: number
  treated_sum_loop: Variant
  index_matrix_colsums?: Variant
  permute_and_mean: Variant
}

export async function runRandomisationInference(): Promise<BenchmarkReport> {
  const loadStart = os.loadavg()
  const data = generate('trialworks-bench-randomisation-inference')
  const time = (
    outcome: Float64Array,
    treated: Uint8Array,
    design: RandomisationDesign,
    algorithm?: RiAlgorithm,
    repeats = 5
  ): Measured => {
    let run = 0
    let result: ReturnType<typeof monteCarloRandomisationTest> | undefined
    const timing = timeSync(
      () =>
        (result = monteCarloRandomisationTest(outcome, treated, design, {
          simulations: SIMULATIONS,
          seed: `bench-${run++}`,
          pValueConvention: 'proportion',
          algorithm,
        })),
      { warmups: 1, repeats }
    )
    return { timing, pValue: result!.pValue, algorithm: result!.algorithm }
  }
  const names = Object.keys(OUTCOMES) as OutcomeName[]
  const complete = Object.fromEntries(
    names.map((name) => [name, time(data.outcomes[name], data.treatedIndividually, {})])
  ) as Record<OutcomeName, Measured>
  const previous = {
    continuous: time(data.outcomes.continuous, data.treatedIndividually, {}, 'trialworks-ri/1', 3),
    binary: time(data.outcomes.binary, data.treatedIndividually, {}, 'trialworks-ri/1', 3),
  }
  const blockedDesign = { blocks: data.blocks }
  const blocked = time(data.outcomes.continuous, data.treatedIndividually, blockedDesign)
  const blockedBinary = time(data.outcomes.binary, data.treatedIndividually, blockedDesign)
  const clustered = time(data.outcomes.continuous, data.treatedByCluster, {
    blocks: data.blocks,
    clusters: data.clusters,
  })

  const goal = `at least ${GOAL_RATIO}x faster than vectorised base R`
  const rows: Row[] = []
  const notes: string[] = []
  const scratch = scratchDirectory('ri')
  let baseR: Record<string, unknown>
  try {
    const file = path.join(scratch.dir, 'ri.f64')
    writeColumns(file, [
      Float64Array.from(data.treatedIndividually),
      ...names.map((name) => data.outcomes[name]),
    ])
    const r = runR(
      'randomisation-inference.R',
      [file, String(HOUSEHOLDS), String(SIMULATIONS), '1', '3', names.join(',')],
      900
    )
    baseR = r.ok ? r.value : { skipped: r.reason }
    const variants = {
      treated_sum_loop: 'base R sample.int + sum loop',
      index_matrix_colsums: 'base R index matrix + colSums',
      permute_and_mean: 'base R replicate(sample(t)) + mean',
    } as const
    for (const name of names) {
      const measure = `10k draws x 10k households, ${OUTCOMES[name]}`
      const ours = seconds(round(complete[name].timing.median))
      if (!r.ok) {
        rows.push({
          measure,
          trialworks: ours,
          reference: { tool: 'base R', skipped: r.reason },
          goal,
        })
        continue
      }
      const rOutcome = (r.value.outcomes as Record<OutcomeName, ROutcome>)[name]
      // The goal is judged against the fastest vectorised variant, not the typical script.
      const vectorised = (['treated_sum_loop', 'index_matrix_colsums'] as const).filter(
        (k) => rOutcome[k] !== undefined
      )
      const fastest = vectorised.reduce((a, b) =>
        rOutcome[a]!.seconds_median <= rOutcome[b]!.seconds_median ? a : b
      )
      for (const key of [
        fastest,
        ...(Object.keys(variants) as (keyof typeof variants)[]).filter((k) => k !== fastest),
      ]) {
        const variant = rOutcome[key]
        if (variant === undefined) continue
        const reference = seconds(variant.seconds_median)
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
      const pR = rOutcome[fastest]!.p_value
      const spread = Math.sqrt((2 * pR * (1 - pR)) / SIMULATIONS)
      if (spread > 0 && Math.abs(complete[name].pValue - pR) > 4 * spread) {
        notes.push(
          `${name}: p-values differ by more than 4 Monte Carlo standard errors: trialworks ${complete[name].pValue}, R ${pR}`
        )
      }
    }
    if (!r.ok) notes.push(`base R comparison skipped: ${r.reason}`)
  } finally {
    scratch.remove()
  }
  for (const name of ['continuous', 'binary'] as const) {
    rows.push({
      measure: `10k draws, ${OUTCOMES[name]}`,
      trialworks: seconds(round(complete[name].timing.median)),
      reference: {
        tool: 'trialworks-ri/1 (Alea, permutation only)',
        value: seconds(round(previous[name].timing.median)),
      },
      ratio: round(previous[name].timing.median / complete[name].timing.median, 3),
    })
  }
  const rate = (x: Measured) => perSecond(Math.round(SIMULATIONS / x.timing.median))
  rows.push({ measure: 'draws/s, blocked (5 areas), continuous', trialworks: rate(blocked) })
  rows.push({ measure: 'draws/s, blocked (5 areas), binary', trialworks: rate(blockedBinary) })
  rows.push({ measure: 'draws/s, clustered (400 teams)', trialworks: rate(clustered) })
  const detail = (x: Measured) => ({
    ...roundTiming(x.timing),
    re_randomisations_per_second: Math.round(SIMULATIONS / x.timing.median),
    p_value: x.pValue,
    ri_algorithm: x.algorithm,
  })
  return {
    name: 'randomisation-inference',
    title: 'Monte Carlo randomisation inference, 10,000 draws of 10,000 households',
    goal,
    rows,
    notes,
    details: {
      households: HOUSEHOLDS,
      simulations: SIMULATIONS,
      complete: Object.fromEntries(names.map((name) => [name, detail(complete[name])])),
      previous_stream: { continuous: detail(previous.continuous), binary: detail(previous.binary) },
      blocked_5_areas: detail(blocked),
      blocked_5_areas_binary: detail(blockedBinary),
      clustered_400_caseworkers_in_5_areas: detail(clustered),
      base_r: baseR,
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? null,
        load_average_start: loadStart,
        load_average_end: os.loadavg(),
      },
    },
  }
}

runIfMain(import.meta.url, runRandomisationInference)
