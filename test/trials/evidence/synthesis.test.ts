import { describe, expect, it } from 'vitest'
import {
  comparisonEffect,
  describeSynthesis,
  forestFootnote,
  synthesise,
  type StudyEffect,
} from '../../../trials/evidence'

const base = {
  outcome: 'homeless_6m',
  outcomeType: 'binary',
  arm: 'family_mediation',
  scale: 'difference' as const,
}
const yi = [-0.12, -0.05, -0.2, 0.02]
const se = [0.05, 0.04, 0.08, 0.06]
const studies: StudyEffect[] = yi.map((y, i) => ({
  ...base,
  trialId: `t${i}`,
  label: `Trial ${i}`,
  estimate: y,
  stdError: se[i]!,
}))

describe('synthesise', () => {
  // R (metafor 3.8-1):
  //   yi <- c(-0.12, -0.05, -0.20, 0.02); vi <- c(0.05, 0.04, 0.08, 0.06)^2
  //   for (m in c("FE", "DL", "REML")) { f <- rma(yi, vi, method = m); print(c(f$b, f$se, f$ci.lb, f$ci.ub, f$tau2, f$I2, f$QE)); print(weights(f)) }
  const reference = {
    FE: {
      estimate: -0.0719276534983341,
      std_error: 0.0261799142572851,
      conf_low: -0.12323934256096,
      conf_high: -0.0206159644357086,
      p_value: 0.00600631278671588,
      tau2: 0,
      i2: 51.1018662632551,
      weights: [27.415516420752, 42.836744407425, 10.7091861018563, 19.0385530699667],
    },
    DL: {
      estimate: -0.0776227259218316,
      std_error: 0.0393420833645344,
      conf_low: -0.154731792393091,
      conf_high: -0.000513659450571718,
      p_value: 0.0484932588387398,
      tau2: 0.00309797178130512,
      i2: 51.1018662632551,
      weights: [27.6492912777978, 32.9461221887542, 16.2961057276303, 23.1084808058177],
    },
    // REML iterated to convergence, as analysis/meta-analysis does (metafor's default stops at a 1e-5 step):
    //   rma(yi, vi, method = "REML", control = list(threshold = 1e-12, maxiter = 1000))
    REML: {
      estimate: -0.0775288517374416,
      std_error: 0.0390594934077512,
      conf_low: -0.154084052071014,
      conf_high: -0.000973651403869707,
      p_value: 0.0471565577393399,
      tau2: 0.00301440829442526,
      i2: 50.4184330111897,
      weights: [27.6665046150553, 33.0626144876107, 16.2054159704712, 23.0654649268627],
    },
  }
  const [group] = synthesise(studies)

  it.each(['FE', 'DL', 'REML'] as const)('pools by %s as metafor::rma does', (method) => {
    const ref = reference[method]
    const p = group!.pooled[method]
    for (const key of [
      'estimate',
      'std_error',
      'conf_low',
      'conf_high',
      'p_value',
      'tau2',
      'i2',
    ] as const)
      expect(p[key]).toBeCloseTo(ref[key], key === 'i2' ? 7 : 10) // I2 is in percent
    group!.studies.forEach((s, i) =>
      expect(s.weightPercent[method]).toBeCloseTo(ref.weights[i]!, 9)
    )
  })

  it("reports Cochran's Q", () => {
    // R: rma(yi, vi, method = "FE")$QE, $QEp
    expect(group!.heterogeneity.q).toBeCloseTo(6.13520347453594, 10)
    expect(group!.heterogeneity.q_p_value).toBeCloseTo(0.105214398732331, 10)
    expect(group!.heterogeneity.q_df).toBe(3)
  })

  it('pools only like with like', () => {
    const other = { ...studies[0]!, trialId: 'x', outcome: 'settled_6m' }
    const ratio = { ...studies[1]!, trialId: 'y', scale: 'log_risk_ratio' as const }
    const groups = synthesise([...studies, other, ratio])
    expect(groups.map((g) => g.k)).toEqual([4, 1, 1])
    expect(groups.slice(1).map((g) => g.key)).toEqual([
      'homeless_6m|binary|family_mediation|log_risk_ratio',
      'settled_6m|binary|family_mediation|difference',
    ])
  })
})

describe('comparisonEffect', () => {
  it('reads differences, log odds ratios and log risk ratios, and refuses what has no pooling scale', () => {
    expect(
      comparisonEffect({
        spec: { estimator: 'lin' } as never,
        result: { estimate: -0.1, std_error: 0.05 },
        error: null,
      })
    ).toEqual({ scale: 'difference', estimate: -0.1, stdError: 0.05, reason: null })
    expect(
      comparisonEffect({
        spec: { estimator: 'risk_ratio' } as never,
        result: { estimate: 0.8, log_estimate: Math.log(0.8), std_error: 0.1 },
        error: null,
      }).estimate
    ).toBe(Math.log(0.8))
    expect(
      comparisonEffect({
        spec: { estimator: 'logistic' } as never,
        result: { estimate: -0.4, std_error: 0.2 },
        error: null,
      }).scale
    ).toBe('log_odds_ratio')
    expect(
      comparisonEffect({
        spec: { estimator: 'iv' } as never,
        result: { estimate: -0.3, std_error: 0.1 },
        error: null,
      }).reason
    ).toMatch(/poolable/)
    expect(
      comparisonEffect({
        spec: { estimator: 'lin' } as never,
        result: null,
        error: { code: 'x', message: 'failed' },
      }).reason
    ).toMatch(/failed/)
  })
})

describe('describeSynthesis', () => {
  it("shows a single trial as that trial's own estimate, not as a pooled one on 0 df", () => {
    const [one] = synthesise([studies[0]!])
    const text = describeSynthesis(one!)
    // Wald interval: -0.12 -/+ 1.959964 * 0.05 = [-0.218, -0.0220]
    expect(text).toBe(
      'Single trial (Trial 0): -0.12 [-0.218, -0.022], its own estimate: nothing is pooled'
    )
    expect(text).not.toMatch(/Pooled|REML|0 df/)
    expect(forestFootnote(one!, 'REML')).not.toMatch(/0 df/)
  })

  it('shows two or more trials pooled by REML, numbers rounded', () => {
    const [all] = synthesise(studies)
    const text = describeSynthesis(all!)
    expect(text).toMatch(/^Pooled \(REML random effects\) over 4 trials: -0\.0\d{2,3} \[/)
    expect(text).toContain('on 3 df')
    // Three significant figures: no number carries four or more significant decimals.
    expect(text).not.toMatch(/\d\.0*[1-9]\d{3,}/)
    expect(text).toContain('[-0.154, -0.000974]')
  })
})
