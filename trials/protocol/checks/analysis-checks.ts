import { analysisSpecSchema } from '../../../analysis'
import { BINARY_ONLY_ESTIMATORS } from '../analysis-plan'
import { comparisonSpec } from '../executable-specs'
import { STRATUM_COLUMN } from '../names'
import type { ProblemSink } from '../problems'
import type { ProtocolDraft } from '../schema'
import type { ProtocolLookup } from './lookup'

type Path = Array<string | number>
type DraftAnalysis = NonNullable<NonNullable<ProtocolDraft['analysis_plan']>['analyses']>[number]
type LooseSpec = {
  estimator?: string
  outcome?: string
  covariates?: string[]
  blocks?: string
  clusters?: string
  endogenous?: string
  alpha?: number
  method?: string
}

/** Estimators whose spec has a `clusters` field and so can reflect a cluster design. */
const CLUSTER_AWARE = new Set(['difference_in_means', 'ols', 'lin', 'iv'])
/** Exact randomisation inference enumerates choose(n, n1) assignments; the oracle limits it to n <= 14. */
const EXACT_INFERENCE_MAX_UNITS = 14

/**
 * Checks hypotheses: each names a known outcome and a non-control arm, and the primary outcome has one.
 *
 * @example
 * checkHypotheses(draft, lookup(draft), sink)
 */
export function checkHypotheses(
  draft: ProtocolDraft,
  index: ProtocolLookup,
  sink: ProblemSink
): void {
  const hypotheses = draft.hypotheses ?? []
  const names = new Set<string>()
  hypotheses.forEach((h, i) => {
    if (typeof h?.name === 'string') {
      if (names.has(h.name))
        sink.error(
          ['hypotheses', i, 'name'],
          'duplicate-name',
          `hypothesis name "${h.name}" is used more than once`
        )
      names.add(h.name)
    }
    if (typeof h?.outcome === 'string' && !index.outcomes.has(h.outcome)) {
      sink.error(
        ['hypotheses', i, 'outcome'],
        'unknown-outcome',
        `"${h.outcome}" is not a declared outcome`
      )
    }
    if (typeof h?.arm === 'string') {
      if (!index.arms.includes(h.arm))
        sink.error(['hypotheses', i, 'arm'], 'unknown-arm', `"${h.arm}" is not an arm`)
      else if (index.controlArms.includes(h.arm))
        sink.error(
          ['hypotheses', i, 'arm'],
          'comparison-with-control-arm',
          `"${h.arm}" is the control arm; name the arm compared with it`
        )
    }
  })
  if (
    index.primaryOutcome !== undefined &&
    draft.hypotheses !== undefined &&
    !hypotheses.some((h) => h?.outcome === index.primaryOutcome)
  ) {
    sink.error(
      ['hypotheses'],
      'missing-primary-hypothesis',
      `state the hypothesis (with its direction) for the primary outcome "${index.primaryOutcome}"`
    )
  }
}

function checkSpec(
  draft: ProtocolDraft,
  index: ProtocolLookup,
  analysis: DraftAnalysis,
  path: Path,
  sink: ProblemSink
): void {
  const spec = (analysis?.spec ?? {}) as LooseSpec
  const at = (...rest: Path) => [...path, 'spec', ...rest]
  const estimator = spec.estimator
  const outcome = typeof spec.outcome === 'string' ? index.outcomes.get(spec.outcome) : undefined
  if (typeof spec.outcome === 'string' && outcome === undefined) {
    sink.error(
      at('outcome'),
      'unknown-outcome',
      `"${spec.outcome}" is not a declared primary or secondary outcome`
    )
  }
  if (
    outcome !== undefined &&
    estimator !== undefined &&
    outcome.type !== 'binary' &&
    (BINARY_ONLY_ESTIMATORS as readonly string[]).includes(estimator)
  ) {
    sink.error(
      at('estimator'),
      'estimator-needs-binary-outcome',
      `${estimator} needs a 0/1 outcome; "${spec.outcome}" is ${outcome.type} (use ols, lin or difference_in_means)`
    )
  }
  ;(spec.covariates ?? []).forEach((name, j) => {
    const covariate = index.covariates.get(name)
    if (covariate === undefined)
      sink.error(at('covariates', j), 'unknown-covariate', `"${name}" is not a declared covariate`)
    else if (covariate.type === 'categorical') {
      sink.error(
        at('covariates', j),
        'categorical-covariate-in-model',
        `"${name}" is categorical; models take numeric covariates (use blocks for strata, or declare 0/1 indicators)`
      )
    }
  })
  if (spec.blocks !== undefined) {
    const factors = draft.randomisation?.minimisation?.factors ?? []
    const ok =
      index.strata.includes(spec.blocks) ||
      factors.includes(spec.blocks) ||
      (spec.blocks === STRATUM_COLUMN && index.strata.length > 0)
    if (!ok) {
      const allowed =
        index.strata.length > 0
          ? `"${STRATUM_COLUMN}" or one of ${index.strata.join(', ')}`
          : 'nothing: the design is not stratified'
      sink.error(
        at('blocks'),
        'blocks-not-strata',
        `blocks "${spec.blocks}" must match the randomisation strata: ${allowed}`
      )
    } else if (spec.blocks !== STRATUM_COLUMN && index.strata.length > 1) {
      sink.warning(
        at('blocks'),
        'blocks-coarser-than-strata',
        `blocks "${spec.blocks}" is one of ${index.strata.length} stratification fields; "${STRATUM_COLUMN}" blocks on the strata as randomised`
      )
    }
  }
  const designCluster = draft.randomisation?.cluster
  if (index.isClusterDesign && estimator !== undefined) {
    if (!CLUSTER_AWARE.has(estimator)) {
      sink.error(
        at('estimator'),
        'cluster-design-without-clusters',
        `${estimator} cannot account for cluster randomisation; use difference_in_means, ols, lin or iv with clusters`
      )
    } else if (spec.clusters === undefined) {
      sink.error(
        at('clusters'),
        'cluster-design-without-clusters',
        `clusters were randomised, so the analysis must cluster on ${designCluster ?? 'the cluster field'}`
      )
    } else if (designCluster !== undefined && spec.clusters !== designCluster) {
      sink.error(
        at('clusters'),
        'clusters-not-design-cluster',
        `the analysis clusters on "${spec.clusters}" but clusters of "${designCluster}" were randomised`
      )
    }
  } else if (spec.clusters !== undefined && !index.covariates.has(spec.clusters)) {
    sink.error(
      at('clusters'),
      'unknown-covariate',
      `cluster column "${spec.clusters}" is not a declared covariate`
    )
  }
  if (
    estimator === 'iv' &&
    typeof spec.endogenous === 'string' &&
    !index.processMeasures.has(spec.endogenous)
  ) {
    sink.error(
      at('endogenous'),
      'unknown-process-measure',
      `"${spec.endogenous}" is not a declared process measure (take-up)`
    )
  }
  const target = draft.sample_size?.target_households
  if (
    estimator === 'randomisation_inference' &&
    (spec.method ?? 'exact') === 'exact' &&
    typeof target === 'number' &&
    target > EXACT_INFERENCE_MAX_UNITS
  ) {
    sink.error(
      at('method'),
      'exact-inference-infeasible',
      `exact randomisation inference enumerates every assignment and is limited to ${EXACT_INFERENCE_MAX_UNITS} units; use monte_carlo`
    )
  }
  // The estimator's own cross-field rules (se_type against clusters, ...), on the spec the engine will run.
  const [arm, control] = [
    index.arms.find((a) => !index.controlArms.includes(a)) ?? 'treatment',
    index.controlArms[0] ?? 'control',
  ]
  const parsed = analysisSpecSchema.safeParse(comparisonSpec(analysis ?? {}, arm, control))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code !== 'custom') continue
      sink.error(at(...(issue.path as Path)), 'invalid-analysis-spec', issue.message)
    }
  }
}

/**
 * Checks the analysis plan: every analysis names declared outcomes, covariates, blocks and clusters
 * consistent with the design; exactly one primary analysis, of the primary outcome; families name
 * known analyses, each at most once; secondary outcomes are analysed and adjusted for multiplicity.
 *
 * @example
 * checkAnalysisPlan(draft, lookup(draft), sink)
 */
export function checkAnalysisPlan(
  draft: ProtocolDraft,
  index: ProtocolLookup,
  sink: ProblemSink
): void {
  const plan = draft.analysis_plan
  if (plan === undefined) return
  const analyses = plan.analyses ?? []
  const names = new Map<string, number>()
  analyses.forEach((analysis, i) => {
    const path: Path = ['analysis_plan', 'analyses', i]
    if (typeof analysis?.name === 'string') {
      if (names.has(analysis.name))
        sink.error(
          [...path, 'name'],
          'duplicate-name',
          `analysis name "${analysis.name}" is used more than once`
        )
      else names.set(analysis.name, i)
    }
    checkSpec(draft, index, analysis, path, sink)
    ;(analysis?.arms ?? []).forEach((arm, j) => {
      if (!index.arms.includes(arm))
        sink.error([...path, 'arms', j], 'unknown-arm', `"${arm}" is not an arm`)
      else if (index.controlArms.includes(arm))
        sink.error(
          [...path, 'arms', j],
          'comparison-with-control-arm',
          `"${arm}" is the control arm; every comparison is against it`
        )
    })
    const outcome = (analysis?.spec as { outcome?: string } | undefined)?.outcome
    if (
      analysis?.role === 'primary' &&
      index.primaryOutcome !== undefined &&
      typeof outcome === 'string' &&
      outcome !== index.primaryOutcome
    ) {
      sink.error(
        [...path, 'spec', 'outcome'],
        'primary-analysis-wrong-outcome',
        `the primary analysis must analyse the primary outcome "${index.primaryOutcome}", not "${outcome}"`
      )
    }
  })

  const primaries = analyses.map((a, i) => [a, i] as const).filter(([a]) => a?.role === 'primary')
  if (primaries.length === 0) {
    sink.error(
      ['analysis_plan', 'analyses'],
      'primary-outcome-not-analysed',
      'the plan needs exactly one analysis with role primary, of the primary outcome'
    )
  }
  for (const [, i] of primaries.slice(1)) {
    sink.error(
      ['analysis_plan', 'analyses', i, 'role'],
      'multiple-primary-analyses',
      'only one analysis can be primary; make the others sensitivity analyses'
    )
  }
  const analysedOutcomes = new Set(
    analyses.map((a) => (a?.spec as { outcome?: string } | undefined)?.outcome)
  )
  ;(draft.secondary_outcomes ?? []).forEach((outcome, i) => {
    if (typeof outcome?.name === 'string' && !analysedOutcomes.has(outcome.name)) {
      sink.warning(
        ['secondary_outcomes', i],
        'outcome-not-analysed',
        `secondary outcome "${outcome.name}" has no planned analysis`
      )
    }
  })

  const stratified = index.strata.length > 0 || draft.randomisation?.method === 'minimisation'
  const respectsDesign = analyses.some((a) => {
    const spec = (a?.spec ?? {}) as LooseSpec
    const factors = [...index.strata, ...(draft.randomisation?.minimisation?.factors ?? [])]
    return (
      spec.outcome === index.primaryOutcome &&
      (spec.blocks !== undefined ||
        (factors.length > 0 && factors.every((f) => spec.covariates?.includes(f))))
    )
  })
  if (stratified && index.primaryOutcome !== undefined && analyses.length > 0 && !respectsDesign) {
    // Ignoring the stratification in analysis gives conservative SEs and lost power (Kahan & Morris
    // 2012, Stat Med 31(4):328-340, doi:10.1002/sim.4431).
    sink.warning(
      ['analysis_plan', 'analyses'],
      'stratification-ignored',
      'no analysis of the primary outcome blocks on the randomisation strata or adjusts for them'
    )
  }

  checkFamilies(draft, index, names, sink)
}

function checkFamilies(
  draft: ProtocolDraft,
  index: ProtocolLookup,
  names: Map<string, number>,
  sink: ProblemSink
): void {
  const plan = draft.analysis_plan!
  const analyses = plan.analyses ?? []
  const familyOf = new Map<string, string>()
  const familyNames = new Set<string>()
  ;(plan.families ?? []).forEach((family, i) => {
    const path: Path = ['analysis_plan', 'families', i]
    if (typeof family?.name === 'string') {
      if (familyNames.has(family.name))
        sink.error(
          [...path, 'name'],
          'duplicate-name',
          `family name "${family.name}" is used more than once`
        )
      familyNames.add(family.name)
    }
    const alphas = new Set<number>()
    ;(family?.analyses ?? []).forEach((name, j) => {
      const k = names.get(name)
      if (k === undefined) {
        sink.error(
          [...path, 'analyses', j],
          'unknown-analysis',
          `"${name}" is not a planned analysis`
        )
        return
      }
      if (familyOf.has(name))
        sink.error(
          [...path, 'analyses', j],
          'analysis-in-several-families',
          `"${name}" is already in family "${familyOf.get(name)}"`
        )
      familyOf.set(name, family?.name ?? '')
      alphas.add((analyses[k]?.spec as { alpha?: number } | undefined)?.alpha ?? 0.05)
    })
    if (alphas.size > 1)
      sink.error(
        [...path, 'analyses'],
        'family-alpha-mismatch',
        `the analyses of a family must share one alpha; found ${[...alphas].join(', ')}`
      )
  })
  const comparisons = (a: DraftAnalysis) => a?.arms?.length ?? Math.max(index.arms.length - 1, 1)
  const unadjustedSecondary = analyses.filter(
    (a) => a?.role === 'secondary' && typeof a.name === 'string' && !familyOf.has(a.name)
  )
  if (unadjustedSecondary.reduce((n, a) => n + comparisons(a), 0) > 1) {
    sink.warning(
      ['analysis_plan', 'families'],
      'unadjusted-secondary-analyses',
      `secondary analyses ${unadjustedSecondary.map((a) => a?.name).join(', ')} are in no multiple-comparison family`
    )
  }
  const primary = analyses.find((a) => a?.role === 'primary')
  if (
    primary !== undefined &&
    comparisons(primary) > 1 &&
    typeof primary.name === 'string' &&
    !familyOf.has(primary.name)
  ) {
    sink.warning(
      ['analysis_plan', 'families'],
      'unadjusted-multi-arm-comparisons',
      `the primary analysis makes ${comparisons(primary)} comparisons with control but is in no family`
    )
  }
}
