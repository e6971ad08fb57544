import type { DataTable } from '../../analysis/data'
import {
  parseFacts,
  type BaselineEffectSize,
  type Facts,
  type Threat,
} from '../../analysis/ratings'
import { analyticSampleBaseline } from './analytic-baseline'
import { formatNumber } from '../../analysis'
import type { PlanReport } from '../plan/run-plan'
import type { Protocol } from '../protocol/schema'
import type { ClusterCounts } from './cluster-counts'
import { declaredFactsSchema, type DeclaredFacts, type DeclaredFactsInput } from './declared-facts'
import { minimumDetectableEffect, type ArmSizes } from '../../analysis/power'
import { primaryComparison } from './primary-comparison'
import { nonComplianceThreat, type AdherenceCounts } from './non-compliance'
import type { FactProvenance, ProvenanceMap } from './provenance'

/**
 * A protocol version recorded after registration, with the deviations it introduced (as stored
 * with each analysis run).
 *
 * @example
 * const a: AmendmentDeviations = { version: 2, deviation_reasons: [{ path: '/primary_outcome/time_point/offset', category: 'primary-outcome', reason: '...' }] }
 */
export interface AmendmentDeviations {
  version: number
  deviation_reasons: ReadonlyArray<{ path: string; category: string; reason: string }> | null
  /** Whether outcome data or results had been seen when it was made (absent or null: not recorded). */
  outcomes_seen?: boolean | null
}

/**
 * What else the shell knows: the arm to rate (multi-arm trials), the registered intervention, and
 * the cluster counts of a cluster trial (from the analysis dataset, `countClusters`).
 *
 * @example
 * const context: DeriveContext = { trialId: 't-1', intervention: { theory_of_change: '...', delivery_cost_pence: 52500 } }
 */
export interface DeriveContext {
  arm?: string
  /** The analysis dataset the run used: baseline equivalence is measured on its analytic sample. */
  table?: DataTable
  trialId?: string
  intervention?: { theory_of_change?: string; delivery_cost_pence?: number }
  clusters?: ClusterCounts | null
  /** Adherence in the rated comparison, from the adherence records: `non_compliance` is derived from it. */
  adherence?: AdherenceCounts | null
}

/**
 * Facts in the ratings vocabulary, where each came from, and which comparison they describe.
 *
 * @example
 * const { facts, provenance }: DerivedFacts = deriveFacts(protocol, report, [], { outcome_source: 'administrative' })
 */
export interface DerivedFacts {
  facts: Facts
  provenance: ProvenanceMap
  comparison: { analysis: string; arm: string; control: string; outcome: string }
  warnings: string[]
}

type Defaultable = Exclude<
  keyof DeclaredFacts,
  | 'outcome_source'
  | 'theory_of_change'
  | 'cost_data_reported'
  | 'joiners_in_analytic_sample'
  | 'confound_single_unit'
>

// Facts no data can supply take these values until the evaluator answers; each says why.
const DEFAULTS: Record<Defaultable, { value: unknown; detail: string }> = {
  outcome_measurement_blind: { value: null, detail: 'not declared: treated as not reported' },
  randomisation_compromised: {
    value: false,
    detail:
      'not declared: trialworks made every allocation and enrolments cannot be changed or re-allocated',
  },
  individuals_representative_of_clusters: {
    value: null,
    detail: 'not declared: treated as not reported',
  },
  controls_for_observables: {
    value: 'none',
    detail:
      'not declared: no adjustment for selection is assumed (read only if randomisation was compromised)',
  },
  comparison_group_justified: { value: null, detail: 'not declared: treated as not reported' },
  pre_period_outcome_measured: { value: false, detail: 'not declared: assumed not measured' },
  parallel_trends_evidence: { value: null, detail: 'not declared: treated as not examined' },
  threats: { value: [], detail: 'not declared: no threats to internal validity recorded' },
  missingness_depends_on_outcome: { value: null, detail: 'not declared: treated as not reported' },
  missing_data_sensitivity_robust: { value: null, detail: 'not declared: treated as not reported' },
  wwc_attrition_boundary: { value: 'cautious', detail: 'not declared: the cautious WWC boundary' },
  independent_evaluation: { value: false, detail: 'not declared: assumed not independent' },
  replicated_independently_other_sites: {
    value: false,
    detail: 'not declared: assumed not replicated elsewhere',
  },
  manualised: { value: false, detail: 'not declared: assumed not manualised' },
  chi_egm_confidence: { value: null, detail: 'not entered' },
  chi_intervention_tool_rating: { value: null, detail: 'not entered' },
}

const fixed = (source: FactProvenance['source'], detail: string): FactProvenance => ({
  source,
  detail,
})

/**
 * Derives the facts of one trial's primary comparison for the rating engine (EVIDENCE_RATINGS.md §1),
 * each with its provenance: design and pre-specification are `registered`; counts, attrition and
 * baseline effect sizes are `measured` from the planned analysis run; MDES at randomisation and at
 * analysis are `derived` from the registered alpha, power and ICC with the achieved sample; what no
 * data can supply is `declared` by the evaluator or takes a stated `default`. The result is
 * validated against `factsSchema` (InvalidFactsError lists every fact outside its domain).
 *
 * Baseline effect sizes are measured on the analytic sample (households with the primary outcome)
 * of the dataset in `context.table`, every covariate included, a categorical one as one indicator
 * per category (§4.3-4.4, `analyticSampleBaseline`). Without a dataset they fall back to the run's
 * balance check (every randomised household, numeric covariates only), and the provenance says so.
 *
 * @example
 * deriveFacts(protocol, run.report, run.report.deviations, { outcome_source: 'administrative' }).facts.mdes_at_analysis
 */
export function deriveFacts(
  protocol: Protocol,
  report: PlanReport,
  amendments: readonly AmendmentDeviations[],
  declaredInput: DeclaredFactsInput,
  context: DeriveContext = {}
): DerivedFacts {
  const declared = declaredFactsSchema.parse(declaredInput)
  const primary = primaryComparison(protocol, report, context.arm)
  const provenance: ProvenanceMap = {}
  const facts: Record<string, unknown> = {}
  const warnings: string[] = []
  const set = (name: string, value: unknown, p: FactProvenance) => {
    facts[name] = value
    provenance[name] = p
  }
  const cluster = protocol.unit_of_randomisation === 'cluster'
  const declaredOr = (name: keyof DeclaredFacts, fallback: () => [unknown, FactProvenance]) => {
    if (declared[name] !== undefined)
      set(name, declared[name], fixed('declared', 'answered by the evaluator'))
    else set(name, ...fallback())
  }

  if (context.trialId) set('trial_id', context.trialId, fixed('registered', 'the trial id'))
  set(
    'design',
    cluster ? 'cluster_rct' : 'rct',
    fixed(
      'registered',
      `unit_of_randomisation = ${protocol.unit_of_randomisation}, allocated by trialworks (${protocol.randomisation.method})`
    )
  )
  set(
    'randomisation_concealed',
    true,
    fixed(
      'registered',
      'allocated by trialworks from a seed kept secret (only its SHA-256 published) until recruitment closed'
    )
  )

  const { randomised, analysed } = primary
  const outcome = protocol.primary_outcome.name
  set(
    'n_randomised_treatment',
    randomised.treatment,
    fixed('measured', `households allocated to ${primary.arm} in the analysis dataset`)
  )
  set(
    'n_randomised_control',
    randomised.control,
    fixed('measured', `households allocated to ${primary.control} in the analysis dataset`)
  )
  set(
    'n_analysed_treatment',
    analysed.treatment,
    fixed('measured', `${primary.arm} households with ${outcome} observed`)
  )
  set(
    'n_analysed_control',
    analysed.control,
    fixed('measured', `${primary.control} households with ${outcome} observed`)
  )
  const resultN = primary.comparison.result?.n
  if (typeof resultN === 'number' && resultN < analysed.treatment + analysed.control) {
    warnings.push(`primary_estimate_n_below_analysed:${resultN}`)
  }

  const clusters = cluster ? (context.clusters ?? null) : null
  const clusterSource = clusters
    ? fixed(
        'measured',
        `distinct ${protocol.randomisation.cluster} values in the analysis dataset (analysed: with ${outcome} observed)`
      )
    : fixed(
        cluster ? 'default' : 'registered',
        cluster ? 'cluster counts not supplied' : 'individually randomised: no clusters'
      )
  set('n_clusters_randomised_treatment', clusters?.randomised.treatment ?? null, clusterSource)
  set('n_clusters_randomised_control', clusters?.randomised.control ?? null, clusterSource)
  set('n_clusters_analysed_treatment', clusters?.analysed.treatment ?? null, clusterSource)
  set('n_clusters_analysed_control', clusters?.analysed.control ?? null, clusterSource)
  if (cluster && !clusters) warnings.push('cluster_counts_missing')

  declaredOr('joiners_in_analytic_sample', () =>
    cluster
      ? [
          true,
          fixed(
            'default',
            'not declared: households join a cluster after its allocation is known when clusters are allocated at their first household'
          ),
        ]
      : [
          false,
          fixed(
            'registered',
            'individually randomised: households cannot join a cluster after allocation'
          ),
        ]
  )
  const singleCluster =
    clusters !== null && (clusters.randomised.treatment === 1 || clusters.randomised.control === 1)
  if (singleCluster)
    set(
      'confound_single_unit',
      true,
      fixed(
        'measured',
        'one arm has a single cluster, so the cluster and the intervention cannot be told apart'
      )
    )
  else
    declaredOr('confound_single_unit', () => [
      false,
      fixed(
        'default',
        'not declared: no single caseworker, office or provider is assumed to deliver a whole arm'
      ),
    ])

  const mdes = deriveMdes(protocol, primary.randomised, primary.analysed, clusters)
  set('mdes_at_randomisation', mdes.atRandomisation.value, mdes.atRandomisation.provenance)
  set('mdes_at_analysis', mdes.atAnalysis.value, mdes.atAnalysis.provenance)

  const balance = context.table
    ? analyticBaselineFacts(protocol, primary, context.table, warnings)
    : baselineEffectSizes(protocol, primary, warnings)
  set('baseline_effect_sizes', balance.sizes, balance.provenance)

  const prespecified = prespecification(amendments, primary.comparison.analysis)
  set('prespecified_analysis', prespecified.value, prespecified.provenance)

  declaredOr('theory_of_change', () => {
    const toc = context.intervention?.theory_of_change
    return toc
      ? [true, fixed('registered', 'the registered intervention states a theory of change')]
      : [false, fixed('default', 'no theory of change registered or declared')]
  })
  declaredOr('cost_data_reported', () => {
    const cost = context.intervention?.delivery_cost_pence
    return typeof cost === 'number'
      ? [
          true,
          fixed(
            'registered',
            `the registered intervention states a delivery cost of ${cost} pence per household`
          ),
        ]
      : [false, fixed('default', 'no delivery cost registered or declared')]
  })
  set(
    'outcome_source',
    declared.outcome_source,
    fixed(
      'declared',
      `answered by the evaluator (registered data source: ${protocol.primary_outcome.data_source})`
    )
  )
  for (const [name, d] of Object.entries(DEFAULTS) as [
    Defaultable,
    { value: unknown; detail: string },
  ][]) {
    declaredOr(name, () => [d.value, fixed('default', d.detail)])
  }
  // Non-compliance is measured from the adherence records when there are any; a declared
  // non_compliance threat is then replaced, and every other declared threat kept.
  const measured = context.adherence ? nonComplianceThreat(context.adherence) : null
  if (measured) {
    const others = (declared.threats ?? []).filter((t) => t.type !== 'non_compliance')
    set('threats', [...others, ...(measured.threat ? [measured.threat] : [])], {
      source: 'measured',
      detail: `non_compliance ${measured.provenance.detail}${others.length ? `; other threats answered by the evaluator: ${others.map((t) => t.type).join(', ')}` : ''}`,
    })
  }

  const reporting = selectiveReportingThreat(amendments, primary.comparison.analysis)
  if (reporting) {
    const current = facts.threats as Threat[]
    const rank = (t: Threat) => SEVERITY_RANK[t.severity]
    const declaredWorse = current.some(
      (t) => t.type === 'selective_reporting' && rank(t) >= rank(reporting.threat)
    )
    if (!declaredWorse)
      set(
        'threats',
        [...current.filter((t) => t.type !== 'selective_reporting'), reporting.threat],
        {
          source: 'registered',
          detail: `${reporting.detail}${provenance.threats && provenance.threats.source !== 'default' ? `; with ${provenance.threats.detail}` : ''}`,
        }
      )
  }

  return {
    facts: parseFacts(facts),
    provenance,
    comparison: {
      analysis: primary.comparison.analysis,
      arm: primary.arm,
      control: primary.control,
      outcome,
    },
    warnings,
  }
}

type Counts = { treatment: number; control: number }
type MdesFact = { value: number | null; provenance: FactProvenance }

function deriveMdes(
  protocol: Protocol,
  randomised: Counts,
  analysed: Counts,
  clusters: ClusterCounts | null
): { atRandomisation: MdesFact; atAnalysis: MdesFact } {
  const pc = protocol.sample_size.power_calculation
  const inputs = { alpha: pc.alpha, power: pc.power, alternative: pc.alternative }
  const planned = `registered plan: MDES ${pc.mdes} for ${protocol.sample_size.target_households} households`
  const stage = (n: Counts, c: Counts | null, label: string): MdesFact => {
    let sizes: ArmSizes | null = null
    if (protocol.unit_of_randomisation === 'household') sizes = { kind: 'individual', ...n }
    else if (c && pc.icc !== undefined && c.treatment > 0 && c.control > 0) {
      sizes = {
        kind: 'cluster',
        clustersTreatment: c.treatment,
        clustersControl: c.control,
        meanClusterSize: (n.treatment + n.control) / (c.treatment + c.control),
        icc: pc.icc,
      }
    }
    if (sizes === null || n.treatment === 0 || n.control === 0) {
      return {
        value: null,
        provenance: fixed(
          'derived',
          `cannot be computed ${label}: ${protocol.unit_of_randomisation === 'cluster' ? 'cluster counts or ICC missing' : 'an arm is empty'} (${planned})`
        ),
      }
    }
    const value = minimumDetectableEffect(sizes, inputs)
    const on =
      sizes.kind === 'individual'
        ? `${n.treatment} + ${n.control} households`
        : `${sizes.clustersTreatment} + ${sizes.clustersControl} clusters of ${formatNumber(sizes.meanClusterSize)} households, ICC ${sizes.icc}`
    return {
      value,
      provenance: fixed(
        'derived',
        `MDES ${formatNumber(value)} ${label} on ${on}, registered alpha ${pc.alpha} (${pc.alternative}) and power ${pc.power} (${planned})`
      ),
    }
  }
  return {
    atRandomisation: stage(randomised, clusters?.randomised ?? null, 'at randomisation'),
    atAnalysis: stage(analysed, clusters?.analysed ?? null, 'at analysis'),
  }
}

/** Which characteristics the primary model adjusts for: its covariates, and its blocks' fields. */
function adjustedCharacteristics(
  protocol: Protocol,
  primary: ReturnType<typeof primaryComparison>
): Set<string> {
  const spec = primary.comparison.spec as { covariates?: readonly string[]; blocks?: string }
  const adjusted = new Set(spec.covariates ?? [])
  if (spec.blocks !== undefined) {
    adjusted.add(spec.blocks)
    // The dataset's `stratum` column is the randomisation strata's values joined: a model with
    // stratum blocks adjusts for each stratification field.
    if (spec.blocks === 'stratum')
      for (const field of protocol.randomisation.strata ?? []) adjusted.add(field)
  }
  return adjusted
}

function analyticBaselineFacts(
  protocol: Protocol,
  primary: ReturnType<typeof primaryComparison>,
  table: DataTable,
  warnings: string[]
): { sizes: BaselineEffectSize[]; provenance: FactProvenance } {
  const baseline = analyticSampleBaseline(
    protocol,
    table,
    primary.arm,
    primary.control,
    adjustedCharacteristics(protocol, primary)
  )
  warnings.push(...baseline.warnings)
  return {
    sizes: baseline.sizes,
    provenance: fixed(
      'measured',
      `${primary.arm} against ${primary.control} on the analytic sample (${baseline.n.treatment} and ${baseline.n.control} households with ${protocol.primary_outcome.name} observed): Hedges' g for continuous and count characteristics, a Cox index for binary ones and for each category of a categorical one (EVIDENCE_RATINGS.md §4.3-4.4)`
    ),
  }
}

function baselineEffectSizes(
  protocol: Protocol,
  primary: ReturnType<typeof primaryComparison>,
  warnings: string[]
): { sizes: BaselineEffectSize[]; provenance: FactProvenance } {
  const result = primary.balance?.result
  const rows = (result?.covariates ?? []) as ReadonlyArray<Record<string, unknown>>
  if (!result || !rows.length) {
    warnings.push('balance_not_in_run')
    return {
      sizes: [],
      provenance: fixed(
        'measured',
        `no balance result in the run${primary.balance?.error ? `: ${primary.balance.error.message}` : ''}`
      ),
    }
  }
  const spec = primary.comparison.spec as { covariates?: readonly string[] }
  const adjusted = new Set(spec.covariates ?? [])
  const sizes: BaselineEffectSize[] = []
  for (const row of rows) {
    const name = String(row.name)
    const binary = protocol.covariates.find((c) => c.name === name)?.type === 'binary'
    const effect = binary ? row.cox_index : row.hedges_g
    if (typeof effect !== 'number' || !Number.isFinite(effect)) {
      warnings.push(binary ? `cox_undefined_proportion:${name}` : `effect_size_undefined:${name}`)
      continue
    }
    sizes.push({
      variable: name,
      kind: binary ? 'binary' : 'continuous',
      effect_size: effect,
      adjusted_in_impact_model: adjusted.has(name),
    })
  }
  return {
    sizes,
    provenance: fixed(
      'measured',
      `balance of ${primary.arm} against ${primary.control} in the analysis run: Hedges' g (continuous, count) or Cox index (binary), over randomised households with the covariate observed (no dataset was given, so not the analytic sample); categorical covariates are not included`
    ),
  }
}

function prespecification(
  amendments: readonly AmendmentDeviations[],
  analysis: string
): { value: boolean; provenance: FactProvenance } {
  const hits = amendments.flatMap((a) =>
    (a.deviation_reasons ?? [])
      .filter(
        (d) =>
          d.category === 'primary-outcome' ||
          (d.category === 'analysis-plan' &&
            (d.path === '/analysis_plan' ||
              d.path === '/analysis_plan/analyses' ||
              d.path.startsWith(`/analysis_plan/analyses/${analysis}`)))
      )
      .map((d) => `version ${a.version}: ${d.path} (${d.reason})`)
  )
  if (hits.length)
    return {
      value: false,
      provenance: fixed(
        'registered',
        `the primary outcome or analysis changed after recruitment started: ${hits.join('; ')}`
      ),
    }
  const other = amendments
    .filter((a) => (a.deviation_reasons ?? []).length > 0)
    .map((a) => a.version)
  return {
    value: true,
    provenance: fixed(
      'registered',
      `analysis ${analysis} was registered before randomisation${other.length ? `; other deviations (versions ${other.join(', ')}) do not touch it` : ''}`
    ),
  }
}

const SEVERITY_RANK: Record<Threat['severity'], number> = { minor: 0, moderate: 1, substantial: 2 }

/**
 * The selective-reporting threat of amendments made after outcome data or results were first seen: a change
 * to the primary outcome or to the rated analysis then is `substantial` (the plan may have been chosen from
 * the results: RoB 2 domain 5 high, one EEF padlock down on its own); a change to other analyses or to the
 * hypotheses then is `moderate`. Amendments made before outcomes were seen, or not recorded, add none.
 */
function selectiveReportingThreat(
  amendments: readonly AmendmentDeviations[],
  analysis: string
): { threat: Threat; detail: string } | null {
  const late = amendments.filter((a) => a.outcomes_seen === true)
  const touches = (d: { path: string; category: string }) =>
    d.category === 'primary-outcome' ||
    (d.category === 'analysis-plan' &&
      (d.path === '/analysis_plan' ||
        d.path === '/analysis_plan/analyses' ||
        d.path.startsWith(`/analysis_plan/analyses/${analysis}`)))
  const rated = late.filter((a) => (a.deviation_reasons ?? []).some(touches))
  const other = late.filter(
    (a) =>
      !rated.includes(a) &&
      (a.deviation_reasons ?? []).some(
        (d) => d.category === 'analysis-plan' || d.category === 'hypotheses'
      )
  )
  const versions = (list: readonly AmendmentDeviations[]) => list.map((a) => a.version).join(', ')
  if (rated.length)
    return {
      threat: { type: 'selective_reporting', severity: 'substantial', direction: 'unknown' },
      detail: `selective_reporting substantial: the primary outcome or analysis ${analysis} was amended after outcome data were seen (version ${versions(rated)})`,
    }
  if (other.length)
    return {
      threat: { type: 'selective_reporting', severity: 'moderate', direction: 'unknown' },
      detail: `selective_reporting moderate: the analysis plan or hypotheses were amended after outcome data were seen (version ${versions(other)}), not the rated analysis`,
    }
  return null
}
