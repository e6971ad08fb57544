import type { RandomisationConfig } from '../schema'
import { AllocatorStateMismatchError } from '../errors'
import type { MethodState } from '../state-schema'
import type { FieldValue, MethodAllocator } from '../types'
import { createStream, pickWeighted, resumeStream } from './draw'
import { checkArms } from './resume'
import { readField } from './unit-fields'

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b)
}

/**
 * Imbalance of one factor level if the unit joined `candidate`: counts are ratio-adjusted to integers,
 * x_b = (n_b + [b = candidate]) * L / r_b with L = lcm(r), then
 *   range:    max(x) - min(x)
 *   variance: (K sum(x^2) - (sum x)^2) / (K (K - 1))   (sample variance of x)
 *
 * @example
 * levelImbalance([3, 1], 1, [1, 1], 'range') // 1: (3, 2) after adding one to arm 1
 */
export function levelImbalance(
  counts: ArrayLike<number>,
  candidate: number,
  scale: readonly number[],
  measure: 'range' | 'variance'
): number {
  const armCount = scale.length
  let max = -Infinity
  let min = Infinity
  let sum = 0
  let sumSquares = 0
  for (let arm = 0; arm < armCount; arm += 1) {
    const x = (counts[arm] + (arm === candidate ? 1 : 0)) * scale[arm]
    if (x > max) max = x
    if (x < min) min = x
    sum += x
    sumSquares += x * x
  }
  return measure === 'range'
    ? max - min
    : (armCount * sumSquares - sum * sum) / (armCount * (armCount - 1))
}

/**
 * Pocock–Simon minimisation (Pocock & Simon 1975, Biometrics 31:103, doi:10.2307/2529712), stream `minimisation`.
 * For unit k with factor levels l_f: G_a = sum_f w_f * D_f(a) (summed in factor order), D_f from
 * {@link levelImbalance} over earlier units at level l_f of factor f. M = arms with the smallest G.
 * - unit 1, or every arm in M: one draw, arm = pickWeighted(u, ratios) over all arms;
 * - otherwise three draws: preferred = pickWeighted(u1, ratios) over M; if u2 < p_follow the preferred arm,
 *   else pickWeighted(u3, ratios) over the other arms.
 *
 * @example
 * const method = createMinimisation(config, 'trialworks-randomisation/1', 'c0ffee')
 * method.allocate({ id: 'h-1', age_band: '18-24', prior_episode: true }, 1) // { id: 'h-1', arm: 'mediation' } or another arm
 */
export function createMinimisation(
  config: RandomisationConfig,
  tag: string,
  seed: string,
  saved?: Extract<MethodState, { kind: 'minimisation' }>
): MethodAllocator {
  const settings = config.minimisation ?? {
    factors: [],
    imbalance: 'range' as const,
    p_follow: 1,
    weights: undefined,
  }
  const rng = saved ? resumeStream(saved.stream) : createStream(tag, seed, 'minimisation')
  const ratios = config.arms.map((arm) => arm.ratio)
  const armCount = ratios.length
  const lcm = ratios.reduce((acc, ratio) => (acc * ratio) / greatestCommonDivisor(acc, ratio), 1)
  const scale = ratios.map((ratio) => lcm / ratio)
  const weights = settings.weights ?? settings.factors.map(() => 1)
  const allArms = ratios.map((_, arm) => arm)
  const tables = settings.factors.map(() => new Map<FieldValue, Int32Array>())
  const totals = new Float64Array(armCount)
  if (saved) {
    if (saved.factors.length !== tables.length) {
      throw new AllocatorStateMismatchError(
        `saved minimisation state has ${saved.factors.length} factors, the configuration ${tables.length}`,
        { saved: saved.factors.length, factors: tables.length }
      )
    }
    saved.factors.forEach((levels, f) => {
      for (const { level, counts } of levels) {
        checkArms(counts, armCount, `counts of factor ${settings.factors[f]}`, true)
        tables[f].set(level, Int32Array.from(counts))
      }
    })
  }

  return {
    snapshot: () => ({
      kind: 'minimisation',
      stream: rng.state(),
      // A level with no units yet (met only by a refused unit) is the same as an absent one.
      factors: tables.map((table) =>
        Array.from(table)
          .filter(([, counts]) => counts.some((count) => count > 0))
          .map(([level, counts]) => ({ level, counts: Array.from(counts) }))
      ),
    }),
    allocate(unit, position) {
      const levels = settings.factors.map((factor, f) => {
        const value = readField(unit, factor, position, 'minimisation factor')
        let counts = tables[f].get(value)
        if (counts === undefined) {
          counts = new Int32Array(armCount)
          tables[f].set(value, counts)
        }
        return counts
      })
      for (let arm = 0; arm < armCount; arm += 1) {
        let total = 0
        for (let f = 0; f < levels.length; f += 1) {
          total += weights[f] * levelImbalance(levels[f], arm, scale, settings.imbalance)
        }
        totals[arm] = total
      }
      const best = Math.min(...totals)
      const minimising = allArms.filter((arm) => totals[arm] === best)

      let chosen: number
      if (position === 1 || minimising.length === armCount) {
        chosen = pickWeighted(rng(), ratios, allArms)
      } else {
        const preferred = pickWeighted(rng(), ratios, minimising)
        if (rng() < settings.p_follow) {
          chosen = preferred
        } else {
          chosen = pickWeighted(
            rng(),
            ratios,
            allArms.filter((arm) => arm !== preferred)
          )
        }
      }
      for (const counts of levels) counts[chosen] += 1
      return { id: unit.id, arm: config.arms[chosen].name }
    },
  }
}
