import type { DataTable } from '../../analysis/data'
import { InvalidInputError, runAnalysis } from '../../analysis'
import {
  diagnoseDesign,
  standardNormalDraw,
  type DesignDiagnosis,
  type RandomStream,
} from '../../analysis/power'
import { executableSpecs } from '../protocol/executable-specs'
import { TREATMENT_COLUMN } from '../protocol/names'
import type { Protocol } from '../protocol/schema'
import { allocateAll } from '../randomisation'

export interface DiagnosisRequest {
  /** The effect to simulate: a risk difference for a binary primary outcome, else in outcome standard deviations. */
  effect: number
  simulations: number
  seed: string
  /** Households per simulated trial; default the registered target. */
  households?: number
  /** Binary outcome: the control-arm risk; default the registered control_proportion, else 0.3. */
  controlProportion?: number
  /** Cluster designs: intra-cluster correlation; default the registered ICC. */
  icc?: number
}

export interface RegisteredDesignDiagnosis extends DesignDiagnosis {
  analysis: string
  arm: string
  control: string
  estimator: string
  households: number
  clusters: number | null
  effect: number
}

interface Population {
  y0: number[]
  y1: number[]
  units: Array<Record<string, string | number> & { id: string }>
  covariates: Record<string, number[]>
}

const pick = <T>(rng: RandomStream, values: readonly T[]): T =>
  values[Math.floor(rng() * values.length)]!

/**
 * Diagnoses a registered design by simulation, as DeclareDesign does (Blair, Cooper, Coppock &
 * Humphreys 2019, APSR 113(3), doi:10.1017/S0003055419000194): each simulated trial draws
 * households with the protocol's strata and clusters, allocates them with the trial's own
 * randomisation method (`allocateAll`, a fresh seed per simulation), reveals outcomes under the
 * assumed effect and runs the registered primary analysis on them. Reports power, bias, RMSE and
 * coverage with Monte Carlo standard errors; deterministic given `seed`.
 *
 * Potential outcomes: binary Y(0) ~ Bernoulli(p0), Y(1) ~ Bernoulli(p0 + effect) drawn from the same
 * uniform (so each household's effect is monotone); otherwise Y(0) = u_cluster + e with
 * Var(u) = ICC and Var(e) = 1 - ICC, and Y(1) = Y(0) + effect. Numeric covariates are noise
 * (independent of outcomes), so adjusted estimators are diagnosed conservatively.
 *
 * @example
 * diagnoseRegisteredDesign(protocol, { effect: -0.1, simulations: 500, seed: 'a1' }).power.value
 */
export function diagnoseRegisteredDesign(
  protocol: Protocol,
  request: DiagnosisRequest
): RegisteredDesignDiagnosis {
  const comparison = executableSpecs(protocol).find((s) => s.role === 'primary')
  if (!comparison) throw new InvalidInputError('the protocol has no primary analysis to diagnose')
  const households = request.households ?? protocol.sample_size.target_households
  if (!Number.isInteger(households) || households < 4)
    throw new InvalidInputError('a simulated trial needs at least 4 households', { households })
  const binary = protocol.primary_outcome.type === 'binary'
  const p0 =
    request.controlProportion ?? protocol.sample_size.power_calculation.control_proportion ?? 0.3
  if (binary && !(p0 + request.effect >= 0 && p0 + request.effect <= 1)) {
    throw new InvalidInputError(
      `a risk of ${p0} plus an effect of ${request.effect} is not a probability`,
      {
        effect: request.effect,
      }
    )
  }
  const r = protocol.randomisation
  const clusterField = r.cluster
  const icc = clusterField ? (request.icc ?? protocol.sample_size.power_calculation.icc ?? 0) : 0
  const clusters = clusterField
    ? (protocol.sample_size.target_clusters ??
      Math.max(
        2,
        Math.round(households / (protocol.sample_size.power_calculation.mean_cluster_size ?? 20))
      ))
    : null
  const strataValues = (field: string): ReadonlyArray<string | number | boolean> => {
    const allowed = r.strata_values?.[field]
    if (allowed) return allowed
    const levels = protocol.covariates.find((c) => c.name === field)?.levels
    if (levels) return levels
    throw new InvalidInputError(
      `stratum ${field} has neither allowed values nor levels to simulate from`,
      { field }
    )
  }
  const numeric = protocol.covariates.filter(
    (c) => c.type !== 'categorical' && !(r.strata ?? []).includes(c.name)
  )
  const outcome = protocol.primary_outcome.name

  const population = (rng: RandomStream): Population => {
    // Clusters keep one stratum each, as cluster randomisation within strata requires.
    const clusterStrata =
      clusters === null
        ? []
        : Array.from({ length: clusters }, () =>
            Object.fromEntries((r.strata ?? []).map((f) => [f, pick(rng, strataValues(f))]))
          )
    const clusterEffect =
      clusters === null
        ? []
        : Array.from({ length: clusters }, () => Math.sqrt(icc) * standardNormalDraw(rng))
    const units: Population['units'] = []
    const y0: number[] = []
    const y1: number[] = []
    for (let i = 0; i < households; i++) {
      const c = clusters === null ? -1 : i % clusters
      const strata =
        c >= 0
          ? clusterStrata[c]!
          : Object.fromEntries((r.strata ?? []).map((f) => [f, pick(rng, strataValues(f))]))
      units.push({
        id: `u${i}`,
        ...(strata as Record<string, string | number>),
        ...(clusterField ? { [clusterField]: `c${c}` } : {}),
      })
      if (binary) {
        const u = rng()
        y0.push(u < p0 ? 1 : 0)
        y1.push(u < p0 + request.effect ? 1 : 0)
      } else {
        const y = (c >= 0 ? clusterEffect[c]! : 0) + Math.sqrt(1 - icc) * standardNormalDraw(rng)
        y0.push(y)
        y1.push(y + request.effect)
      }
    }
    const covariates = Object.fromEntries(
      numeric.map((c) => [
        c.name,
        units.map(() =>
          c.type === 'binary'
            ? rng() < 0.5
              ? 1
              : 0
            : c.type === 'count'
              ? Math.floor(rng() * 4)
              : standardNormalDraw(rng)
        ),
      ])
    )
    return { y0, y1, units, covariates }
  }

  let lastArms: string[] = []
  const diagnosis = diagnoseDesign<Population>(
    {
      population,
      assign: (rng, pop) => {
        const seed =
          Math.floor(rng() * 2 ** 32)
            .toString(16)
            .padStart(8, '0') +
          Math.floor(rng() * 2 ** 32)
            .toString(16)
            .padStart(8, '0')
        lastArms = allocateAll(r, seed, pop.units).map((a) => a.arm)
        return lastArms.map((arm) => (arm === comparison.arm ? 1 : 0))
      },
      estimator: ({ population: pop, outcome: y }) => {
        // Units of other arms are not in this comparison: they get no outcome and drop out.
        const keep = lastArms.map((arm) => arm === comparison.arm || arm === comparison.control)
        const columns: DataTable['columns'] = {
          [TREATMENT_COLUMN]: { kind: 'text', values: lastArms },
          [outcome]: { kind: 'numeric', values: y.map((v, i) => (keep[i] ? v : null)) },
          ...Object.fromEntries(
            Object.entries(pop.covariates).map(([name, values]) => [
              name,
              { kind: 'numeric' as const, values },
            ])
          ),
          ...Object.fromEntries(
            (r.strata ?? []).map((f) => [
              f,
              { kind: 'text' as const, values: pop.units.map((u) => String(u[f])) },
            ])
          ),
          ...(r.strata?.length
            ? {
                stratum: {
                  kind: 'text' as const,
                  values: pop.units.map((u) => r.strata!.map((f) => String(u[f])).join('|')),
                },
              }
            : {}),
          ...(clusterField
            ? {
                [clusterField]: {
                  kind: 'text' as const,
                  values: pop.units.map((u) => String(u[clusterField])),
                },
              }
            : {}),
        }
        const table: DataTable = { names: Object.keys(columns), rowCount: households, columns }
        const result = runAnalysis(comparison.spec, table) as Record<string, number>
        return {
          estimate: result.estimate!,
          pValue: result.p_value!,
          confLow: result.conf_low!,
          confHigh: result.conf_high!,
        }
      },
      // Among the households in the comparison: the effect the estimator targets.
      estimand: (pop) => {
        let total = 0
        let count = 0
        pop.y0.forEach((y, i) => {
          if (lastArms[i] === comparison.arm || lastArms[i] === comparison.control) {
            total += pop.y1[i]! - y
            count++
          }
        })
        return count ? total / count : 0
      },
    },
    {
      simulations: request.simulations,
      seed: request.seed,
      alpha:
        'alpha' in comparison.spec && typeof comparison.spec.alpha === 'number'
          ? comparison.spec.alpha
          : 0.05,
    }
  )
  return {
    ...diagnosis,
    analysis: comparison.analysis,
    arm: comparison.arm,
    control: comparison.control,
    estimator: comparison.spec.estimator,
    households,
    clusters,
    effect: request.effect,
  }
}

/**
 * A diagnosis as the API returns it: snake_case keys like every response body, each diagnosand
 * with its Monte Carlo standard error.
 *
 * @example
 * diagnosisOut(diagnoseRegisteredDesign(protocol, request)).power.monte_carlo_std_error
 */
export function diagnosisOut(d: RegisteredDesignDiagnosis) {
  const diagnosand = (x: { value: number; monteCarloStdError: number }) => ({
    value: x.value,
    monte_carlo_std_error: x.monteCarloStdError,
  })
  return {
    analysis: d.analysis,
    arm: d.arm,
    control: d.control,
    estimator: d.estimator,
    households: d.households,
    clusters: d.clusters,
    effect: d.effect,
    simulations: d.simulations,
    failures: d.failures,
    mean_estimand: d.meanEstimand,
    mean_estimate: diagnosand(d.meanEstimate),
    power: diagnosand(d.power),
    bias: diagnosand(d.bias),
    rmse: diagnosand(d.rmse),
    coverage: diagnosand(d.coverage),
    sd_estimate: d.sdEstimate,
  }
}
