import { looksLikeFormula } from '../../dataset/spreadsheet-safe'
import { PERSONAL_DATA_NAMES, RESERVED_NAMES } from '../names'
import type { ProblemSink } from '../problems'
import type { ProtocolDraft } from '../schema'
import type { ProtocolLookup } from './lookup'

const STRATIFIED = new Set(['stratified_permuted_block', 'stratified_cluster'])
const BLOCKED = new Set([
  'permuted_block',
  'stratified_permuted_block',
  'cluster',
  'stratified_cluster',
])
const CLUSTERED = new Set(['cluster', 'stratified_cluster'])
/** Types a unit can be stratified, minimised or clustered on: a finite set of labels. */
const GROUPING_TYPES = new Set(['categorical', 'binary'])

function repeatedIndexes<T>(values: readonly T[]): number[] {
  const seen = new Set<T>()
  const repeated: number[] = []
  values.forEach((value, index) => (seen.has(value) ? repeated.push(index) : seen.add(value)))
  return repeated
}

/**
 * Checks variable names across covariates, outcomes and process measures: unique (they share one
 * dataset), not reserved by the allocation record, not direct personal identifiers.
 *
 * @example
 * checkVariableNames(draft, sink)
 */
export function checkVariableNames(draft: ProtocolDraft, sink: ProblemSink): void {
  const entries: Array<{ name: unknown; path: Array<string | number> }> = [
    ...(draft.covariates ?? []).map((c, i) => ({ name: c?.name, path: ['covariates', i, 'name'] })),
    ...(draft.primary_outcome
      ? [{ name: draft.primary_outcome.name, path: ['primary_outcome', 'name'] }]
      : []),
    ...(draft.secondary_outcomes ?? []).map((o, i) => ({
      name: o?.name,
      path: ['secondary_outcomes', i, 'name'],
    })),
    ...(draft.process_measures ?? []).map((m, i) => ({
      name: m?.name,
      path: ['process_measures', i, 'name'],
    })),
  ]
  const seen = new Set<string>()
  for (const { name, path } of entries) {
    if (typeof name !== 'string') continue
    if (seen.has(name))
      sink.error(
        path,
        'duplicate-name',
        `variable name "${name}" is used more than once; covariates, outcomes and process measures share one dataset`
      )
    seen.add(name)
    if (RESERVED_NAMES.includes(name))
      sink.error(
        path,
        'reserved-name',
        `"${name}" is reserved for the allocation record (${RESERVED_NAMES.join(', ')})`
      )
    if (PERSONAL_DATA_NAMES.includes(name)) {
      sink.error(
        path,
        'personal-data-variable',
        `"${name}" looks like a direct personal identifier; trial data hold baseline characteristics only`
      )
    }
  }
  ;(draft.covariates ?? []).forEach((covariate, i) => {
    if (covariate?.levels === undefined) return
    if (covariate.type !== 'categorical') {
      sink.error(
        ['covariates', i, 'levels'],
        'levels-not-categorical',
        `levels are only for categorical covariates; "${covariate.name}" is ${covariate.type}`
      )
    }
    for (const j of repeatedIndexes(covariate.levels)) {
      sink.error(
        ['covariates', i, 'levels', j],
        'duplicate-value',
        `level "${covariate.levels[j]}" appears more than once`
      )
    }
    covariate.levels.forEach((level, j) => {
      if (typeof level === 'string' && looksLikeFormula(level))
        sink.error(
          ['covariates', i, 'levels', j],
          'formula-like-level',
          `level ${JSON.stringify(level)} begins with =, +, -, @, a tab or a carriage return, which spreadsheets opening the data would run as a formula; start it with a letter or digit`
        )
    })
  })
  const codes = (draft.councils ?? []).map((c) => c?.code)
  for (const i of repeatedIndexes(codes))
    sink.error(
      ['councils', i, 'code'],
      'duplicate-council',
      `council ${codes[i]} is listed more than once`
    )
}

/**
 * Checks arms: unique names, exactly one control, and the same arms in the same order as
 * `randomisation.arms` (which carries the ratios the allocation algorithm uses).
 *
 * @example
 * checkArms(draft, lookup(draft), sink)
 */
export function checkArms(draft: ProtocolDraft, index: ProtocolLookup, sink: ProblemSink): void {
  const arms = draft.arms ?? []
  for (const i of repeatedIndexes(arms.map((a) => a?.name)))
    sink.error(
      ['arms', i, 'name'],
      'duplicate-name',
      `arm name "${arms[i]?.name}" is used more than once`
    )
  if (draft.arms !== undefined && arms.length > 0 && index.controlArms.length === 0) {
    sink.error(
      ['arms'],
      'no-control-arm',
      'one arm must be the control arm (control: true); every effect is an arm minus control'
    )
  }
  if (index.controlArms.length > 1) {
    sink.error(
      ['arms'],
      'multiple-control-arms',
      `exactly one arm can be the control; ${index.controlArms.join(', ')} all are`
    )
  }
  const randomised = (draft.randomisation?.arms ?? []).map((a) => a?.name)
  if (
    draft.arms !== undefined &&
    draft.randomisation?.arms !== undefined &&
    randomised.join('\u0000') !== index.arms.join('\u0000')
  ) {
    sink.error(
      ['randomisation', 'arms'],
      'arm-mismatch',
      `randomisation.arms (${randomised.join(', ')}) must list the protocol's arms in the same order (${index.arms.join(', ')})`
    )
  }
}

/**
 * Checks the randomisation section against the declared design: strata, minimisation factors and
 * the cluster field are declared grouping covariates with their allowed values, block sizes are
 * multiples of the ratio sum, and the method matches the unit of randomisation.
 *
 * @example
 * checkRandomisation(draft, lookup(draft), sink)
 */
export function checkRandomisation(
  draft: ProtocolDraft,
  index: ProtocolLookup,
  sink: ProblemSink
): void {
  const r = draft.randomisation
  if (r === undefined) return
  const method = r.method
  const strata = r.strata ?? []
  const strataValues = r.strata_values ?? {}

  if (method !== undefined && STRATIFIED.has(method) && strata.length === 0) {
    sink.error(
      ['randomisation', 'strata'],
      'missing-strata',
      `method ${method} needs at least one stratification field`
    )
  }
  if (method !== undefined && !STRATIFIED.has(method) && r.strata !== undefined) {
    sink.error(
      ['randomisation', 'strata'],
      'strata-not-used',
      `method ${method} does not stratify; use stratified_permuted_block or stratified_cluster`
    )
  }
  strata.forEach((field, i) => {
    const path = ['randomisation', 'strata', i]
    const covariate = index.covariates.get(field)
    if (covariate === undefined) {
      sink.error(
        path,
        'undeclared-stratum-variable',
        `stratum field "${field}" is not a declared covariate`
      )
      return
    }
    if (!GROUPING_TYPES.has(covariate.type ?? '')) {
      sink.error(
        path,
        'stratum-not-categorical',
        `stratum field "${field}" is ${covariate.type}; strata need a categorical or binary covariate (band a continuous one first)`
      )
    }
    if (strataValues[field] === undefined) {
      sink.error(
        path,
        'missing-stratum-values',
        `list the allowed values of stratum field "${field}" in randomisation.strata_values`
      )
    }
  })
  for (const i of repeatedIndexes(strata))
    sink.error(
      ['randomisation', 'strata', i],
      'duplicate-name',
      `stratum field "${strata[i]}" is listed twice`
    )

  for (const [field, values] of Object.entries(strataValues)) {
    const path = ['randomisation', 'strata_values', field]
    if (!strata.includes(field)) {
      sink.error(
        path,
        'unknown-stratum-field',
        `"${field}" has allowed values but is not a stratification field`
      )
      continue
    }
    const list = values ?? []
    for (const j of repeatedIndexes(list))
      sink.error(
        [...path, j],
        'duplicate-stratum-value',
        `value ${JSON.stringify(list[j])} is listed twice`
      )
    const covariate = index.covariates.get(field)
    list.forEach((value, j) => {
      if (typeof value === 'string' && looksLikeFormula(value))
        sink.error(
          [...path, j],
          'formula-like-level',
          `value ${JSON.stringify(value)} begins with =, +, -, @, a tab or a carriage return, which spreadsheets opening the data would run as a formula; start it with a letter or digit`
        )
      if (covariate?.type === 'binary' && value !== 0 && value !== 1) {
        sink.error(
          [...path, j],
          'stratum-value-not-a-level',
          `"${field}" is binary (0/1); ${JSON.stringify(value)} is not 0 or 1`
        )
      }
      if (
        covariate?.type === 'categorical' &&
        covariate.levels !== undefined &&
        !covariate.levels.includes(value as string)
      ) {
        sink.error(
          [...path, j],
          'stratum-value-not-a-level',
          `${JSON.stringify(value)} is not a declared level of "${field}" (${covariate.levels.join(', ')})`
        )
      }
    })
  }

  const ratios = (r.arms ?? []).map((arm) => arm?.ratio)
  const ratiosValid =
    ratios.length > 0 && ratios.every((q) => typeof q === 'number' && Number.isInteger(q) && q > 0)
  if (
    method !== undefined &&
    BLOCKED.has(method) &&
    (r.block_sizes === undefined || r.block_sizes.length === 0)
  ) {
    sink.error(
      ['randomisation', 'block_sizes'],
      'missing-block-sizes',
      `method ${method} needs block_sizes`
    )
  }
  if (ratiosValid) {
    const ratioSum = (ratios as number[]).reduce((a, b) => a + b, 0)
    ;(r.block_sizes ?? []).forEach((size, i) => {
      if (typeof size === 'number' && (size <= 0 || size % ratioSum !== 0)) {
        sink.error(
          ['randomisation', 'block_sizes', i],
          'block-size-not-multiple-of-ratio-sum',
          `block size ${size} is not a positive multiple of the ratio sum ${ratioSum}`
        )
      }
    })
  }

  const clustered = method !== undefined && CLUSTERED.has(method)
  if (clustered && r.cluster === undefined) {
    sink.error(
      ['randomisation', 'cluster'],
      'missing-cluster-variable',
      `method ${method} randomises whole clusters; name the cluster field`
    )
  }
  if (r.cluster !== undefined) {
    const covariate = index.covariates.get(r.cluster)
    if (!clustered)
      sink.error(
        ['randomisation', 'cluster'],
        'cluster-not-used',
        `method ${method} does not randomise clusters`
      )
    if (covariate === undefined)
      sink.error(
        ['randomisation', 'cluster'],
        'undeclared-cluster-variable',
        `cluster field "${r.cluster}" is not a declared covariate`
      )
    else if (covariate.type !== 'categorical') {
      sink.error(
        ['randomisation', 'cluster'],
        'cluster-not-categorical',
        `cluster field "${r.cluster}" must be a categorical covariate (an id per cluster)`
      )
    }
  }
  if (
    method !== undefined &&
    draft.unit_of_randomisation !== undefined &&
    clustered !== (draft.unit_of_randomisation === 'cluster')
  ) {
    sink.error(
      ['randomisation', 'method'],
      'unit-method-mismatch',
      `unit of randomisation is ${draft.unit_of_randomisation} but method ${method} ${clustered ? 'randomises clusters' : 'randomises households'}`
    )
  }

  if (method === 'minimisation' && r.minimisation === undefined) {
    sink.error(
      ['randomisation', 'minimisation'],
      'missing-minimisation',
      'method minimisation needs minimisation settings'
    )
  }
  ;(r.minimisation?.factors ?? []).forEach((factor, i) => {
    const covariate = index.covariates.get(factor)
    const path = ['randomisation', 'minimisation', 'factors', i]
    if (covariate === undefined)
      sink.error(
        path,
        'undeclared-minimisation-factor',
        `minimisation factor "${factor}" is not a declared covariate`
      )
    else if (!GROUPING_TYPES.has(covariate.type ?? ''))
      sink.error(
        path,
        'minimisation-factor-not-categorical',
        `minimisation factor "${factor}" must be categorical or binary`
      )
  })
  if (
    method === 'complete' &&
    r.sample_size !== undefined &&
    draft.sample_size?.target_households !== undefined &&
    r.sample_size !== draft.sample_size.target_households
  ) {
    sink.warning(
      ['randomisation', 'sample_size'],
      'sample-size-mismatch',
      `complete randomisation is planned for ${r.sample_size} units but the target is ${draft.sample_size.target_households} households`
    )
  }
}

/**
 * Checks the planned dates are in order.
 *
 * @example
 * checkTimeline(draft, sink)
 */
export function checkTimeline(draft: ProtocolDraft, sink: ProblemSink): void {
  const t = draft.timeline
  const iso = (d: unknown): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)
  if (
    iso(t?.recruitment_start) &&
    iso(t?.recruitment_end) &&
    t.recruitment_end < t.recruitment_start
  ) {
    sink.error(
      ['timeline', 'recruitment_end'],
      'invalid-timeline',
      'recruitment cannot end before it starts'
    )
  }
  if (
    iso(t?.recruitment_end) &&
    iso(t?.final_outcome_date) &&
    t.final_outcome_date < t.recruitment_end
  ) {
    sink.error(
      ['timeline', 'final_outcome_date'],
      'invalid-timeline',
      'the last outcome cannot be measured before recruitment ends'
    )
  }
}
