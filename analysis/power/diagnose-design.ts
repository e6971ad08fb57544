import { DomainError, InvalidInputError } from '../errors'
import { seededStream, type RandomStream } from './random-draws'

/**
 * Potential outcomes of every unit under control (y0) and treatment (y1), plus anything else the design needs.
 *
 * @example
 * const population: SimulatedPopulation = { y0: [10, 12], y1: [8, 10] }
 */
export interface SimulatedPopulation {
  readonly y0: readonly number[]
  readonly y1: readonly number[]
}

/**
 * What the estimator sees: the population (for covariates, clusters...), the assignment and revealed outcomes.
 *
 * @example
 * const data: RevealedData<SimulatedPopulation> = { population, treatment: [1, 0], outcome: [8, 12] }
 */
export interface RevealedData<P extends SimulatedPopulation> {
  population: P
  /** 1 = treated, 0 = control, one entry per unit. */
  treatment: readonly number[]
  outcome: readonly number[]
}

/**
 * The parts of an estimate a diagnosis scores.
 *
 * @example
 * const e: SimulatedEstimate = { estimate: -2, pValue: 0.04, confLow: -3.9, confHigh: -0.1 }
 */
export interface SimulatedEstimate {
  estimate: number
  pValue: number
  confLow: number
  confHigh: number
}

/**
 * A design to diagnose: how units come to be, how they are assigned, how the effect is estimated.
 *
 * @example
 * const design: DesignToDiagnose<SimulatedPopulation> = { population, assign, estimator }
 */
export interface DesignToDiagnose<P extends SimulatedPopulation> {
  /** Draws potential outcomes under the assumed effect. */
  population: (rng: RandomStream) => P
  /** The trial's own assignment procedure (injected, so analysis/ never imports trials/). */
  assign: (rng: RandomStream, population: P) => readonly number[]
  estimator: (data: RevealedData<P>) => SimulatedEstimate
  /** The target of inference; the sample average treatment effect mean(y1 - y0) by default. */
  estimand?: (population: P) => number
}

/**
 * How many simulations, from which seed, at which level.
 *
 * @example
 * const options: DiagnosisOptions = { simulations: 1000, seed: 'plan-v1', alpha: 0.05 }
 */
export interface DiagnosisOptions {
  simulations: number
  seed: string | number
  /** Significance level for power; default 0.05. */
  alpha?: number
}

/**
 * A diagnosand with its Monte Carlo standard error.
 *
 * @example
 * const { value, monteCarloStdError }: Diagnosand = diagnosis.power
 */
export interface Diagnosand {
  value: number
  monteCarloStdError: number
}

/**
 * The diagnosands of a simulated design, each with its Monte Carlo error.
 *
 * @example
 * const diagnosis: DesignDiagnosis = diagnoseDesign(design, { simulations: 1000, seed: 1 })
 */
export interface DesignDiagnosis {
  simulations: number
  /** Simulations in which the estimator refused the data (a DomainError), left out of every diagnosand. */
  failures: number
  meanEstimand: number
  meanEstimate: Diagnosand
  power: Diagnosand
  bias: Diagnosand
  rmse: Diagnosand
  coverage: Diagnosand
  /** Standard deviation of the estimates across simulations: the design's true standard error. */
  sdEstimate: number
}

/**
 * Diagnoses a design by simulation, in the manner of DeclareDesign (Blair, Cooper, Coppock & Humphreys 2019,
 * APSR 113:838): repeatedly draw a population, assign, reveal y = t y1 + (1 - t) y0, estimate, and score.
 *   power = share(p <= alpha),  bias = mean(est - estimand),  RMSE = sqrt(mean((est - estimand)^2)),
 *   coverage = share(conf_low <= estimand <= conf_high).
 * Monte Carlo SEs follow Morris, White & Crowther (2019), Stat Med 38:2074, Table 6:
 *   SE(power) = sqrt(p (1 - p) / S),  SE(bias) = sd(est - estimand) / sqrt(S),
 *   SE(RMSE) = sd((est - estimand)^2) / (2 RMSE sqrt(S))  (delta method on the MSE).
 * Populations and assignments come from separate seeded streams, so two designs diagnosed with the same seed
 * share their populations (common random numbers) and their difference is estimated more precisely.
 *
 * @example
 * diagnoseDesign({ population, assign, estimator }, { simulations: 1000, seed: 'plan-v1' }).power.value
 */
export function diagnoseDesign<P extends SimulatedPopulation>(
  design: DesignToDiagnose<P>,
  options: DiagnosisOptions
): DesignDiagnosis {
  const { simulations, seed } = options
  const alpha = options.alpha ?? 0.05
  if (!Number.isInteger(simulations) || simulations < 2) {
    throw new InvalidInputError('a diagnosis needs an integer number of simulations, at least 2', {
      simulations,
    })
  }
  if (!(alpha > 0 && alpha < 1))
    throw new InvalidInputError('alpha must lie strictly between 0 and 1', { alpha })
  const populationStream = seededStream(seed, 'diagnose-design/population')
  const assignmentStream = seededStream(seed, 'diagnose-design/assignment')
  const estimand = design.estimand ?? sampleAverageEffect

  const errors: number[] = []
  const estimands: number[] = []
  const estimates: number[] = []
  let rejections = 0
  let covered = 0
  let failures = 0
  for (let s = 0; s < simulations; s++) {
    const population = design.population(populationStream)
    const treatment = design.assign(assignmentStream, population)
    const units = population.y0.length
    if (population.y1.length !== units || treatment.length !== units) {
      throw new InvalidInputError(
        'potential outcomes and assignment must have one entry per unit',
        {
          y0: units,
          y1: population.y1.length,
          treatment: treatment.length,
        }
      )
    }
    const outcome = new Array<number>(units)
    for (let i = 0; i < units; i++)
      outcome[i] = treatment[i] === 1 ? population.y1[i] : population.y0[i]
    let result: SimulatedEstimate
    try {
      result = design.estimator({ population, treatment, outcome })
    } catch (error) {
      if (error instanceof DomainError) {
        failures++
        continue
      }
      throw error
    }
    const target = estimand(population)
    estimands.push(target)
    estimates.push(result.estimate)
    errors.push(result.estimate - target)
    if (result.pValue <= alpha) rejections++
    if (result.confLow <= target && target <= result.confHigh) covered++
  }

  const count = errors.length
  if (count < 2)
    throw new InvalidInputError('the estimator failed in all but at most one simulation', {
      failures,
    })
  const proportion = (k: number): Diagnosand => {
    const p = k / count
    return { value: p, monteCarloStdError: Math.sqrt((p * (1 - p)) / count) }
  }
  const squaredErrors = errors.map((e) => e * e)
  const mse = mean(squaredErrors)
  const rmse = Math.sqrt(mse)
  return {
    simulations,
    failures,
    meanEstimand: mean(estimands),
    meanEstimate: {
      value: mean(estimates),
      monteCarloStdError: standardDeviation(estimates) / Math.sqrt(count),
    },
    power: proportion(rejections),
    bias: { value: mean(errors), monteCarloStdError: standardDeviation(errors) / Math.sqrt(count) },
    rmse: {
      value: rmse,
      monteCarloStdError:
        rmse > 0 ? standardDeviation(squaredErrors) / (2 * rmse * Math.sqrt(count)) : 0,
    },
    coverage: proportion(covered),
    sdEstimate: standardDeviation(estimates),
  }
}

function sampleAverageEffect(population: SimulatedPopulation): number {
  let total = 0
  for (let i = 0; i < population.y0.length; i++) total += population.y1[i] - population.y0[i]
  return total / population.y0.length
}

function mean(values: readonly number[]): number {
  let total = 0
  for (const v of values) total += v
  return total / values.length
}

function standardDeviation(values: readonly number[]): number {
  const m = mean(values)
  let total = 0
  for (const v of values) total += (v - m) * (v - m)
  return Math.sqrt(total / (values.length - 1))
}
