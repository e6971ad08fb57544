import {
  DomainError,
  type AnalysisResult,
  runAnalysis,
  analysisSpecSchema,
  type AnalysisSpec,
} from '../../analysis'
import type { DataTable } from '../../analysis/data'
import { adjustFamilies, type AdjustedHypothesis } from '../../analysis/multiple-comparisons'
import { estimatorFor } from '../../analysis/estimators/catalogue'
import { sampleRatioMismatch } from '../../analysis/balance'
import { sha256Hex } from '../hash'
import { executableSpecs } from '../protocol/executable-specs'
import { TREATMENT_COLUMN } from '../protocol/names'
import type { Protocol } from '../protocol/schema'

/** One comparison's outcome: its result, or the reason the data could not support it. */
export interface ComparisonReport {
  analysis: string
  role: string
  arm: string
  control: string
  spec: AnalysisSpec
  result: AnalysisResult | null
  error: { code: string; message: string } | null
  /** Multiplicity adjustment within the comparison's declared family, when it has one. */
  adjusted: {
    family: string
    method: string
    family_size: number
    adjusted_p: number
    rejected: boolean
  } | null
}

/**
 * One hypothesis of a multiplicity family after adjustment, as the report stores it (snake_case,
 * like every response body).
 *
 * @example
 * const f: FamilyHypothesis = { family: 'secondary', name: 'days:family_mediation', p: 0.02, adjusted_p: 0.04, method: 'holm', family_size: 2, rejected: true }
 */
export interface FamilyHypothesis {
  family: string
  name: string
  p: number
  adjusted_p: number
  method: AdjustedHypothesis['method']
  family_size: number
  rejected: boolean
}

export interface PlanReport {
  comparisons: ComparisonReport[]
  families: FamilyHypothesis[]
  /** Baseline balance of each non-control arm against control on the numeric covariates. */
  balance: Array<{
    arm: string
    control: string
    result: AnalysisResult | null
    error: { code: string; message: string } | null
  }>
  /** Missing outcomes overall and by arm, per outcome and comparison. */
  attrition: Array<{
    outcome: string
    arm: string
    control: string
    result: AnalysisResult | null
    error: { code: string; message: string } | null
  }>
  /** Observed arm sizes against the registered ratios (chi-square goodness of fit). */
  sample_ratio_mismatch: {
    arms: string[]
    observed: number[]
    expected: number[]
    statistic: number
    df: number
    p_value: number
  } | null
}

/**
 * The seed of an analysis's simulations (Monte Carlo randomisation inference), derived from the
 * trial's revealed randomisation seed so that anyone holding it re-derives the same p-values:
 *   seed = first 32 hex digits of SHA-256("trialworks-analysis/1|" + trialSeed + "|" + analysis + "|" + arm)
 *
 * @example
 * simulationSeed('9f2c…', 'primary_ri', 'family_mediation') // 32 hex digits
 */
export function simulationSeed(trialSeed: string, analysis: string, arm: string): string {
  return sha256Hex(`trialworks-analysis/1|${trialSeed}|${analysis}|${arm}`).slice(0, 32)
}

const failure = (err: unknown) => {
  if (err instanceof DomainError) return { code: err.code, message: err.message }
  throw err
}

function attempt<T>(run: () => T): {
  result: T | null
  error: { code: string; message: string } | null
} {
  try {
    return { result: run(), error: null }
  } catch (err) {
    return { result: null, error: failure(err) }
  }
}

/**
 * Executes a registered protocol's analysis plan on the trial's analysis dataset, exactly as
 * registered: every planned analysis for every arm against control, multiplicity adjustment within
 * each declared family, baseline balance, attrition and a sample-ratio-mismatch test. A comparison
 * the data cannot support is reported with its reason rather than failing the others. Pure and
 * deterministic: the same protocol, dataset and seed always give the same report.
 *
 * @example
 * const report = runAnalysisPlan(protocol, parseCsv(datasetCsv), trialSeed)
 * report.comparisons[0].result?.estimate
 */
export function runAnalysisPlan(
  protocol: Protocol,
  table: DataTable,
  trialSeed: string
): PlanReport {
  const comparisons: ComparisonReport[] = executableSpecs(protocol).map((c) => {
    // A sampling estimator (monte carlo randomisation inference) draws from a seed derived from the
    // trial's, unless its spec fixes one.
    const { seeded } = estimatorFor(c.spec)
    const spec = seeded ? seeded(c.spec, simulationSeed(trialSeed, c.analysis, c.arm)) : c.spec
    const { result, error } = attempt(() => runAnalysis(spec, table))
    return {
      analysis: c.analysis,
      role: c.role,
      arm: c.arm,
      control: c.control,
      spec,
      result,
      error,
      adjusted: null,
    }
  })

  const families: FamilyHypothesis[] = []
  for (const family of protocol.analysis_plan.families ?? []) {
    if (family.method === 'none') continue
    const members = comparisons.filter(
      (c) => family.analyses.includes(c.analysis) && typeof c.result?.p_value === 'number'
    )
    if (!members.length) continue
    const adjusted = adjustFamilies([
      {
        name: family.name,
        method: family.method,
        hypotheses: members.map((c) => ({
          name: `${c.analysis}:${c.arm}`,
          p: c.result!.p_value as number,
        })),
      },
    ])
    families.push(
      ...adjusted.map((a) => ({
        family: a.family,
        name: a.name,
        p: a.p,
        adjusted_p: a.adjustedP,
        method: a.method,
        family_size: a.familySize,
        rejected: a.rejected,
      }))
    )
    adjusted.forEach((a, i) => {
      members[i]!.adjusted = {
        family: a.family,
        method: a.method,
        family_size: a.familySize,
        adjusted_p: a.adjustedP,
        rejected: a.rejected,
      }
    })
  }

  const control = protocol.arms.find((a) => a.control)!.name
  const ratios = new Map(protocol.randomisation.arms.map((a) => [a.name, a.ratio]))
  const treatedArms = protocol.arms.filter((a) => !a.control).map((a) => a.name)
  const numericCovariates = protocol.covariates
    .filter((c) => c.type !== 'categorical')
    .map((c) => c.name)
  const armOrder = protocol.randomisation.arms.map((a) => a.name)
  const balance = treatedArms.map((arm) => ({
    arm,
    control,
    ...attempt(() =>
      inArmOrder(
        armOrder,
        runAnalysis(
          analysisSpecSchema.parse({
            estimator: 'balance',
            treatment: TREATMENT_COLUMN,
            treatment_arm: arm,
            control_arm: control,
            covariates: numericCovariates,
            planned_allocation: [ratios.get(arm)!, ratios.get(control)!],
          }),
          table
        ),
        [arm, control]
      )
    ),
  }))
  const outcomes = [
    protocol.primary_outcome.name,
    ...protocol.secondary_outcomes.map((o) => o.name),
  ]
  const attrition = outcomes.flatMap((outcome) =>
    treatedArms.map((arm) => ({
      outcome,
      arm,
      control,
      ...attempt(() =>
        runAnalysis(
          analysisSpecSchema.parse({
            estimator: 'attrition',
            outcome,
            treatment: TREATMENT_COLUMN,
            treatment_arm: arm,
            control_arm: control,
          }),
          table
        )
      ),
    }))
  )

  const armColumn = table.columns[TREATMENT_COLUMN]
  let srm: PlanReport['sample_ratio_mismatch'] = null
  if (armColumn) {
    const arms = protocol.randomisation.arms.map((a) => a.name)
    const observed = arms.map(
      (name) => (armColumn.values as ReadonlyArray<unknown>).filter((v) => v === name).length
    )
    if (observed.some((o) => o > 0)) {
      const s = sampleRatioMismatch(
        observed,
        protocol.randomisation.arms.map((a) => a.ratio)
      )
      srm = {
        arms,
        observed: s.observed,
        expected: s.expected,
        statistic: s.statistic,
        df: s.df,
        p_value: s.pValue,
      }
    }
  }
  return { comparisons, families, balance, attrition, sample_ratio_mismatch: srm }
}

/**
 * Names a balance result's sample-ratio block by the trial's arms and lists them in the
 * randomisation's arm order, as the trial-level block does, so every count is labelled and every
 * block reads in one order.
 */
function inArmOrder(
  order: readonly string[],
  result: AnalysisResult,
  [arm, control]: [string, string]
): AnalysisResult {
  const srm = result.sample_ratio_mismatch as
    { arms: string[]; observed: number[]; expected: number[] } | undefined
  if (!srm) return result
  // The analysis lists control first; swap when the protocol lists the treated arm first.
  const swap = order.indexOf(arm) < order.indexOf(control)
  const pick = <T>(v: readonly T[]) => (swap ? [v[1]!, v[0]!] : [v[0]!, v[1]!])
  return {
    ...result,
    sample_ratio_mismatch: {
      ...srm,
      arms: pick([control, arm]),
      observed: pick(srm.observed),
      expected: pick(srm.expected),
    },
  }
}
