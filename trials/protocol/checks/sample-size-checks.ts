import { minimumDetectableEffect } from '../../../analysis/power'
import type { ProblemSink } from '../problems'
import type { ProtocolDraft } from '../schema'
import type { ProtocolLookup } from './lookup'

/** How far the MDES implied by the target may exceed the stated one before a warning (normal vs t, rounding). */
const MDES_SLACK = 1.05

const inOpenUnit = (x: unknown): x is number => typeof x === 'number' && x > 0 && x < 1

/**
 * Checks the sample size and power inputs: enough units for the arms, the cluster inputs a cluster
 * design needs, the power calculation's alpha matching the primary analysis, and the target large
 * enough to detect the stated MDES.
 *
 * @example
 * checkSampleSize(draft, lookup(draft), sink)
 */
export function checkSampleSize(
  draft: ProtocolDraft,
  index: ProtocolLookup,
  sink: ProblemSink
): void {
  const size = draft.sample_size
  if (size === undefined) return
  const pc = size.power_calculation
  const armCount = index.arms.length
  const target = size.target_households
  if (typeof target === 'number' && armCount > 0 && target < armCount) {
    sink.error(
      ['sample_size', 'target_households'],
      'sample-size-below-arms',
      `the target of ${target} households is fewer than the ${armCount} arms`
    )
  }
  if (index.isClusterDesign) {
    if (size.target_clusters === undefined) {
      sink.error(
        ['sample_size', 'target_clusters'],
        'missing-target-clusters',
        'a cluster design needs the target number of clusters'
      )
    } else if (armCount > 0 && size.target_clusters < 2 * armCount) {
      // With one cluster in an arm there is no between-cluster variance to estimate.
      sink.error(
        ['sample_size', 'target_clusters'],
        'too-few-clusters',
        `${size.target_clusters} clusters cannot give at least two per arm across ${armCount} arms`
      )
    }
    if (pc !== undefined && pc.icc === undefined) {
      sink.error(
        ['sample_size', 'power_calculation', 'icc'],
        'missing-icc',
        'a cluster design needs the intra-cluster correlation of the primary outcome'
      )
    }
    if (pc !== undefined && pc.mean_cluster_size === undefined) {
      sink.error(
        ['sample_size', 'power_calculation', 'mean_cluster_size'],
        'missing-cluster-size',
        'a cluster design needs the expected households per cluster'
      )
    }
  }
  if (pc === undefined) return
  if (draft.primary_outcome?.type === 'binary' && pc.control_proportion === undefined) {
    sink.warning(
      ['sample_size', 'power_calculation', 'control_proportion'],
      'missing-control-proportion',
      'state the expected control-arm proportion of the binary primary outcome'
    )
  }
  if (pc.alternative === 'greater') {
    sink.warning(
      ['sample_size', 'power_calculation', 'alternative'],
      'one-sided-power',
      'the planned analyses test two-sided; a one-sided power calculation overstates their power'
    )
  }
  const primary = draft.analysis_plan?.analyses?.find((a) => a?.role === 'primary')
  const primaryAlpha =
    (primary?.spec as { alpha?: number } | undefined)?.alpha ?? (primary ? 0.05 : undefined)
  if (primaryAlpha !== undefined && typeof pc.alpha === 'number' && primaryAlpha !== pc.alpha) {
    sink.warning(
      ['sample_size', 'power_calculation', 'alpha'],
      'alpha-mismatch',
      `the power calculation uses alpha ${pc.alpha} but the primary analysis uses ${primaryAlpha}`
    )
  }
  impliedMdesCheck(draft, index, sink)
}

function impliedMdesCheck(draft: ProtocolDraft, index: ProtocolLookup, sink: ProblemSink): void {
  const pc = draft.sample_size?.power_calculation
  const target = draft.sample_size?.target_households
  const arms = draft.randomisation?.arms ?? []
  const control = index.controlArms.length === 1 ? index.controlArms[0] : undefined
  const ratios = new Map(arms.map((a) => [a?.name, a?.ratio]))
  const ratioSum = arms.reduce((s, a) => s + (a?.ratio ?? 0), 0)
  const icc = pc?.icc ?? 0
  const m = pc?.mean_cluster_size ?? 1
  const attrition = pc?.expected_attrition ?? 0
  if (
    pc === undefined ||
    !inOpenUnit(pc.alpha) ||
    !inOpenUnit(pc.power) ||
    typeof pc.mdes !== 'number' ||
    !(pc.mdes > 0)
  )
    return
  if (
    typeof target !== 'number' ||
    !(target > 0) ||
    control === undefined ||
    !(ratioSum > 0) ||
    !(icc >= 0 && icc < 1) ||
    !(attrition >= 0 && attrition < 1)
  )
    return
  const controlRatio = ratios.get(control)
  if (typeof controlRatio !== 'number' || !(controlRatio > 0)) return
  const analysed = target * (1 - attrition)
  const designEffect = index.isClusterDesign ? 1 + (m - 1) * icc : 1
  let worst = 0
  for (const arm of index.arms.filter((a) => a !== control)) {
    const ratio = ratios.get(arm)
    if (typeof ratio !== 'number' || !(ratio > 0)) return
    // Normal approximation (Bloom 1995) on the analysed households, inflated by the design effect of
    // Donner, Birkett & Buck 1981: MDES = (z_{1-a/2} + z_{power}) sqrt((1/n_arm + 1/n_control) DE).
    const mdes = minimumDetectableEffect(
      {
        kind: 'individual',
        treatment: (analysed * ratio) / ratioSum,
        control: (analysed * controlRatio) / ratioSum,
        designEffect,
      },
      {
        alpha: pc.alpha,
        power: pc.power,
        alternative: pc.alternative === 'greater' ? 'greater' : 'two.sided',
      }
    )
    worst = Math.max(worst, mdes)
  }
  if (worst > pc.mdes * MDES_SLACK) {
    sink.warning(
      ['sample_size', 'target_households'],
      'underpowered',
      `with ${target} households (${Math.round(attrition * 100)}% attrition${designEffect > 1 ? `, design effect ${designEffect.toFixed(2)}` : ''}) ` +
        `the detectable effect is about ${worst.toFixed(3)} SD, above the stated MDES of ${pc.mdes}`
    )
  }
}
