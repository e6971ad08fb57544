import { describe, expect, it } from 'vitest'
import { analyse, exampleTable, tableOf } from './helpers'

const close = (got: unknown, expected: number, relative = 1e-12) => {
  expect(typeof got).toBe('number')
  expect(Math.abs((got as number) - expected)).toBeLessThanOrEqual(relative * Math.abs(expected))
}

describe('difference_in_means design rules', () => {
  it('matched pairs: mean of pair differences, SE sd(d)/sqrt(J), df = J - 1 (paired t)', () => {
    const y = [5, 3, 8, 4, 6, 6, 9, 2]
    const arm = [1, 0, 1, 0, 1, 0, 1, 0]
    const pair = ['p1', 'p1', 'p2', 'p2', 'p3', 'p3', 'p4', 'p4']
    const d = [2, 4, 0, 7]
    const mean = d.reduce((s, v) => s + v, 0) / 4
    const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / 3)
    const result = analyse(
      { estimator: 'difference_in_means', outcome: 'y', treatment: 'arm', blocks: 'pair' },
      tableOf({ y, arm, pair })
    )
    close(result.estimate, mean)
    close(result.std_error, sd / 2)
    expect(result.df).toBe(3)
  })

  it('blocks: size-weighted block differences with df = N - 2 J', () => {
    const y = [4, 6, 1, 2, 9, 7, 8, 3, 2, 4, 1]
    const arm = [1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0]
    const block = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'b', 'b']
    const result = analyse(
      { estimator: 'difference_in_means', outcome: 'y', treatment: 'arm', blocks: 'block' },
      tableOf({ y, arm, block })
    )
    // block a: 5 - 1.5 = 3.5 (var 2/2 + 0.5/2 = 1.25); block b: 8 - 2.5 = 5.5 (var 1/3 + (5/3)/4)
    close(result.estimate, (4 / 11) * 3.5 + (7 / 11) * 5.5)
    close(result.std_error, Math.sqrt((4 / 11) ** 2 * 1.25 + (7 / 11) ** 2 * (1 / 3 + 5 / 12)))
    expect(result.df).toBe(11 - 4)
  })

  it('mixed pairs and larger blocks: matched-pair variance of Gerber & Green eq. 3.16, as estimatr 1.0.0', () => {
    // R: estimatr::difference_in_means(y ~ arm, blocks = block, data = d) warns "Some `blocks` have two
    // units/`clusters` while other blocks have more units/`clusters`..." and uses, for J blocks with
    // differences d_j and sizes N_j (estimatr's Matched-pair branch, Gerber & Green 2012 p. 77 eq. 3.16):
    //   est = sum_j (N_j / N) d_j,  SE = sqrt(sum_j (d_j - est)^2 / (J (J - 1))),  df = J - 1.
    const y = [5, 3, 8, 4, 6, 6, 9, 2, 1, 4, 7]
    const arm = [1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1]
    const block = ['p1', 'p1', 'p2', 'p2', 'p3', 'p3', 'big', 'big', 'big', 'big', 'big']
    const result = analyse(
      { estimator: 'difference_in_means', outcome: 'y', treatment: 'arm', blocks: 'block' },
      tableOf({ y, arm, block })
    )
    // d = 2, 4, 0 (pairs) and 6 - 2.5 = 3.5 (the block of 5); N = 11.
    const d = [2, 4, 0, 3.5]
    const sizes = [2, 2, 2, 5]
    const est = d.reduce((s, dj, j) => s + (sizes[j]! / 11) * dj, 0)
    expect(est).toBeCloseTo(29.5 / 11, 14)
    const se = Math.sqrt(d.reduce((s, dj) => s + (dj - est) ** 2, 0) / (4 * 3))
    close(result.estimate, est)
    close(result.std_error, se)
    expect(se).toBeCloseTo(0.91579, 5) // the block-size-weighted pair formula would give 1.3634
    expect(result.df).toBe(3)
    expect(result.warnings).toEqual([expect.stringMatching(/matched-pair/)])
  })

  it('with a pair present, accepts a larger block with a single treated or control unit (as estimatr)', () => {
    // Block "big" has one treated unit among five: refused without pairs, accepted once a block is a
    // pair, because the matched-pair variance needs only each block's difference.
    const y = [5, 3, 8, 4, 6, 6, 9, 2, 1, 4, 7]
    const arm = [1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0]
    const block = ['p1', 'p1', 'p2', 'p2', 'p3', 'p3', 'big', 'big', 'big', 'big', 'big']
    const result = analyse(
      { estimator: 'difference_in_means', outcome: 'y', treatment: 'arm', blocks: 'block' },
      tableOf({ y, arm, block })
    )
    const d = [2, 4, 0, 9 - 14 / 4]
    const est = (2 * (2 + 4 + 0) + 5 * d[3]!) / 11
    close(result.estimate, est)
    close(result.std_error, Math.sqrt(d.reduce((s, dj) => s + (dj - est) ** 2, 0) / 12))
    expect(result.df).toBe(3)
  })

  it('clusters: refuses an arm with a single unit, as estimatr does, naming the cause', () => {
    // R: estimatr::difference_in_means(y ~ arm, clusters = c, data = d) stops with "Must have least two
    // treated/control units in each block if design is not pair-matched" (it counts units, not clusters).
    const spec = {
      estimator: 'difference_in_means',
      outcome: 'y',
      treatment: 'arm',
      clusters: 'c',
    } as const
    expect(() =>
      analyse(spec, tableOf({ y: [1, 2, 3, 5], arm: [1, 0, 0, 0], c: ['a', 'b', 'c', 'd'] }))
    ).toThrow(/1 treated and 3 control unit\(s\).*at least two units in each arm/)
    expect(() =>
      analyse(
        { ...spec, blocks: 'b' },
        tableOf({
          y: [1, 2, 3, 5, 4, 6, 2, 8],
          arm: [1, 0, 0, 0, 1, 1, 0, 0],
          c: ['a', 'b', 'c', 'c', 'd', 'd', 'e', 'f'],
          b: ['x', 'x', 'x', 'x', 'y', 'y', 'y', 'y'],
        })
      )
    ).toThrow(/block "x" has 1 treated/)
  })

  it('names the real cause of degenerate variances: zero cluster-robust variance, leverage 1', () => {
    // One cluster per arm: each arm's mean is fitted exactly by its cluster, so CR2 is 0.
    expect(() =>
      analyse(
        { estimator: 'difference_in_means', outcome: 'y', treatment: 'arm', clusters: 'c' },
        tableOf({
          y: [1, 2, 3, 5, 7, 9],
          arm: [1, 1, 1, 0, 0, 0],
          c: ['a', 'a', 'a', 'b', 'b', 'b'],
        })
      )
    ).toThrow(/cluster-robust \(CR2\) variance of "treatment" is zero/)
    expect(() =>
      analyse(
        { estimator: 'ols', outcome: 'y', treatment: 'arm', clusters: 'c' },
        tableOf({
          y: [1, 2, 3, 5, 7, 9],
          arm: [1, 1, 1, 0, 0, 0],
          c: ['a', 'a', 'a', 'b', 'b', 'b'],
        })
      )
    ).not.toThrow(/degrees of freedom/)
    // A unit alone in its arm has leverage 1 under HC2 and HC3.
    for (const se_type of ['HC2', 'HC3'] as const)
      expect(() =>
        analyse(
          { estimator: 'ols', outcome: 'y', treatment: 'arm', se_type },
          tableOf({ y: [1, 2, 3, 5], arm: [1, 0, 0, 0] })
        )
      ).toThrow(/leverage 1.*alone in its arm/)
  })

  it('refuses blocks of one unit, without contrast, or with one unit in an arm', () => {
    const base = {
      estimator: 'difference_in_means',
      outcome: 'y',
      treatment: 'arm',
      blocks: 'b',
    } as const
    expect(() =>
      analyse(
        base,
        tableOf({ y: [1, 2, 3, 4, 5], arm: [1, 0, 1, 0, 1], b: ['a', 'a', 'c', 'c', 'd'] })
      )
    ).toThrow(/single unit/)
    expect(() =>
      analyse(base, tableOf({ y: [1, 2, 3, 4], arm: [1, 0, 1, 1], b: ['a', 'a', 'c', 'c'] }))
    ).toThrow(/same treatment/)
    expect(() =>
      analyse(
        base,
        tableOf({
          y: [1, 2, 8, 9, 3, 4, 5, 6, 7],
          arm: [1, 0, 1, 0, 1, 0, 0, 0, 0],
          b: ['a', 'a', 'a', 'a', 'c', 'c', 'c', 'c', 'c'],
        })
      )
    ).toThrow(/at least two in each arm/)
  })

  it('clusters: equals lm_robust CR2, and refuses treatment varying within a cluster', () => {
    const table = exampleTable()
    const dim = analyse(
      { estimator: 'difference_in_means', outcome: 'y', treatment: 'arm', clusters: 'arm_site' },
      tableOf({
        y: table.columns.y.values as number[],
        arm: table.columns.arm.values as number[],
        arm_site: (table.columns.arm.values as number[]).map((a, i) => `${a}-${Math.floor(i / 4)}`),
      })
    )
    expect(dim.df).toBeGreaterThan(0)
    expect(() =>
      analyse(
        { estimator: 'difference_in_means', outcome: 'y', treatment: 'arm', clusters: 'site' },
        table
      )
    ).toThrow(/varies within cluster/)
  })

  it('refuses degenerate data with clear errors, never NaN', () => {
    const spec = { estimator: 'difference_in_means', outcome: 'y', treatment: 'arm' } as const
    expect(() => analyse(spec, tableOf({ y: [3, 3, 3, 3], arm: [1, 0, 1, 0] }))).toThrow(/constant/)
    expect(() => analyse(spec, tableOf({ y: [1, 2, 3], arm: [1, 0, 0] }))).toThrow(/at least two/)
    expect(() => analyse(spec, tableOf({ y: [1, 2, 3, 4], arm: [1, 0, 2, 0] }))).toThrow(
      /treatment_arm and control_arm/
    )
    expect(() => analyse(spec, tableOf({ y: [1, 2, 3, 4], arm: [0, 0, 0, 0] }))).toThrow(
      /treatment \(1\) arm/
    )
    expect(() => analyse(spec, tableOf({ y: [1, 2, 3, 4], treat: [1, 0, 1, 0] }))).toThrow(
      /column "arm" is not in the data/
    )
    expect(() => analyse(spec, tableOf({ y: ['a', 'b', 'c', 'd'], arm: [1, 0, 1, 0] }))).toThrow(
      /must be numeric/
    )
  })
})

describe('multi-arm trials', () => {
  const arm = [
    'letter',
    'control',
    'call',
    'letter',
    'control',
    'call',
    'letter',
    'control',
    'call',
  ]
  const y = [4, 2, 6, 5, 1, 9, 7, 3, 8]

  it('compares the named arms only', () => {
    const result = analyse(
      {
        estimator: 'welch_t',
        outcome: 'y',
        treatment: 'arm',
        treatment_arm: 'call',
        control_arm: 'control',
      },
      tableOf({ arm, y })
    )
    close(result.estimate, (6 + 9 + 8) / 3 - (2 + 1 + 3) / 3)
    expect(result.n).toBe(6)
  })

  it('refuses a multi-valued treatment without named arms, listing its values', () => {
    expect(() =>
      analyse({ estimator: 'ols', outcome: 'y', treatment: 'arm' }, tableOf({ arm, y }))
    ).toThrow(/call, control, letter/)
  })
})

describe('risk difference and risk ratio', () => {
  const arm = [1, 1, 1, 1, 0, 0, 0, 0, 0]
  it('risk ratio refuses a zero risk; risk difference refuses a zero SE', () => {
    expect(() =>
      analyse(
        { estimator: 'risk_ratio', outcome: 'y', treatment: 'arm' },
        tableOf({ arm, y: [1, 0, 1, 0, 0, 0, 0, 0, 0] })
      )
    ).toThrow(/no events in the control arm/)
    expect(() =>
      analyse(
        { estimator: 'risk_difference', outcome: 'y', treatment: 'arm' },
        tableOf({ arm, y: [1, 1, 1, 1, 0, 0, 0, 0, 0] })
      )
    ).toThrow(/SE of the risk difference is zero/)
  })

  it('risk ratio CI is exp(log RR -/+ z SE)', () => {
    const result = analyse(
      { estimator: 'risk_ratio', outcome: 'y', treatment: 'arm' },
      tableOf({ arm, y: [1, 1, 1, 0, 1, 0, 0, 0, 0] })
    )
    const se = Math.sqrt((1 - 0.75) / 3 + (1 - 0.2) / 1)
    close(result.std_error, se)
    close(result.conf_low, Math.exp(Math.log(0.75 / 0.2) - 1.959963984540054 * se), 1e-12)
  })
})
