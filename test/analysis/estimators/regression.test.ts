import { describe, expect, it } from 'vitest'
import { analyse, exampleTable, tableOf } from './helpers'

const close = (got: unknown, expected: number, relative = 1e-10) => {
  expect(typeof got).toBe('number')
  expect(Math.abs((got as number) - expected)).toBeLessThanOrEqual(relative * Math.abs(expected))
}

describe('ols (lm_robust)', () => {
  const table = exampleTable()

  it('HC2 of a treatment-only regression is the Neyman SE (Samii & Aronow 2012, Stat. Prob. Letters 82(2))', () => {
    const ols = analyse({ estimator: 'ols', outcome: 'y', treatment: 'arm', se_type: 'HC2' }, table)
    const welch = analyse({ estimator: 'welch_t', outcome: 'y', treatment: 'arm' }, table)
    close(ols.estimate, welch.estimate as number)
    close(ols.std_error, welch.std_error as number)
    expect(ols.df).toBe(10) // n - rank
  })

  it('HC0 < HC1, HC2 < HC3 ordering and HC1 = HC0 * sqrt(n / (n - k))', () => {
    const se = (t: 'HC0' | 'HC1' | 'HC2' | 'HC3') =>
      analyse(
        { estimator: 'ols', outcome: 'y', treatment: 'arm', covariates: ['x'], se_type: t },
        table
      ).std_error as number
    close(se('HC1'), se('HC0') * Math.sqrt(12 / 9))
    expect(se('HC2')).toBeLessThan(se('HC3'))
    expect(se('HC0')).toBeLessThan(se('HC2'))
  })

  it('CR2 with one unit per cluster equals HC2 (Bell & McCaffrey 2002)', () => {
    const singletons = tableOf({
      ...Object.fromEntries(
        ['arm', 'x', 'y'].map((c) => [c, exampleTable().columns[c].values as number[]])
      ),
      id: Array.from({ length: 12 }, (_, i) => `u${i}`),
    })
    const cr2 = analyse(
      {
        estimator: 'ols',
        outcome: 'y',
        treatment: 'arm',
        covariates: ['x'],
        clusters: 'id',
        se_type: 'CR2',
      },
      singletons
    )
    const hc2 = analyse(
      { estimator: 'ols', outcome: 'y', treatment: 'arm', covariates: ['x'], se_type: 'HC2' },
      singletons
    )
    close(cr2.std_error, hc2.std_error as number)
  })

  it('drops a collinear covariate and reports it, leaving the treatment effect unchanged', () => {
    const t = tableOf({
      arm: [1, 0, 1, 0, 1, 0, 1, 0],
      x: [1, 2, 3, 4, 5, 6, 7, 9],
      x2: [2, 4, 6, 8, 10, 12, 14, 18],
      y: [3, 1, 4, 1, 5, 9, 2, 6],
    })
    const both = analyse(
      { estimator: 'ols', outcome: 'y', treatment: 'arm', covariates: ['x', 'x2'] },
      t
    )
    const one = analyse({ estimator: 'ols', outcome: 'y', treatment: 'arm', covariates: ['x'] }, t)
    expect(both.dropped_covariates).toEqual(['x2'])
    close(both.std_error, one.std_error as number)
    expect(both.df).toBe(one.df)
  })

  it('refuses a treatment absorbed by blocks, and cluster SEs without clusters', () => {
    const t = tableOf({ arm: [1, 1, 0, 0], b: ['p', 'p', 'q', 'q'], y: [1, 2, 3, 5] })
    expect(() =>
      analyse({ estimator: 'ols', outcome: 'y', treatment: 'arm', blocks: 'b' }, t)
    ).toThrow(/linear combination/)
    expect(() =>
      analyse({ estimator: 'ols', outcome: 'y', treatment: 'arm', se_type: 'CR2' }, t)
    ).toThrow(/needs a clusters column/)
  })

  it('refuses a constant outcome instead of reporting NaN', () => {
    const t = tableOf({ arm: [1, 0, 1, 0, 1, 0], y: [2, 2, 2, 2, 2, 2] })
    expect(() => analyse({ estimator: 'ols', outcome: 'y', treatment: 'arm' }, t)).toThrow(
      /standard error/
    )
  })
})

describe('lin and iv', () => {
  const table = exampleTable()

  it('lin without covariates is the difference in means with the HC2 (Neyman) SE', () => {
    const lin = analyse({ estimator: 'lin', outcome: 'y', treatment: 'arm' }, table)
    const welch = analyse({ estimator: 'welch_t', outcome: 'y', treatment: 'arm' }, table)
    close(lin.estimate, welch.estimate as number)
    close(lin.std_error, welch.std_error as number)
  })

  it('iv with full compliance (endogenous = instrument) is OLS', () => {
    const t = tableOf({
      ...Object.fromEntries(['arm', 'x', 'y'].map((c) => [c, table.columns[c].values as number[]])),
      d: table.columns.arm.values as number[],
    })
    const iv = analyse(
      {
        estimator: 'iv',
        outcome: 'y',
        endogenous: 'd',
        instrument: 'arm',
        covariates: ['x'],
        se_type: 'HC1',
      },
      t
    )
    const ols = analyse(
      { estimator: 'ols', outcome: 'y', treatment: 'arm', covariates: ['x'], se_type: 'HC1' },
      t
    )
    close(iv.estimate, ols.estimate as number)
    close(iv.std_error, ols.std_error as number)
  })

  it('iv with a named pair of arms recodes the instrument and leaves other arms out', () => {
    // Three arms; the comparison 'offer' vs 'control' must equal iv on a 0/1 instrument over those rows only.
    const arm = [
      'offer',
      'control',
      'offer',
      'control',
      'other',
      'offer',
      'control',
      'other',
      'offer',
      'control',
      'offer',
      'control',
    ]
    const d = [1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 1, 0]
    const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]
    const y = [7.1, 2.2, 9.8, 1.5, 12.3, 6.1, 5.4, 4.0, 11.8, 3.3, 10.2, 14.9]
    const named = analyse(
      {
        estimator: 'iv',
        outcome: 'y',
        endogenous: 'd',
        instrument: 'arm',
        treatment_arm: 'offer',
        control_arm: 'control',
        covariates: ['x'],
      },
      tableOf({ arm, d, x, y })
    )
    const keep = arm.map((a, i) => (a === 'other' ? -1 : i)).filter((i) => i >= 0)
    const z = keep.map((i) => (arm[i] === 'offer' ? 1 : 0))
    const coded = analyse(
      { estimator: 'iv', outcome: 'y', endogenous: 'd', instrument: 'z', covariates: ['x'] },
      tableOf({
        z,
        d: keep.map((i) => d[i]!),
        x: keep.map((i) => x[i]!),
        y: keep.map((i) => y[i]!),
      })
    )
    expect(named).toEqual(coded)
    expect(named.n).toBe(10)
  })

  it('iv refuses a constant instrument', () => {
    const t = tableOf({ z: [1, 1, 1, 1], d: [1, 0, 1, 0], y: [1, 2, 3, 4] })
    expect(() =>
      analyse({ estimator: 'iv', outcome: 'y', endogenous: 'd', instrument: 'z' }, t)
    ).toThrow(/identifies nothing/)
  })
})

describe('logistic', () => {
  it('without covariates gives the 2x2 log odds ratio and Woolf SE sqrt(1/a + 1/b + 1/c + 1/d)', () => {
    // treated: 3 events of 8; control: 6 of 9
    const arm = [...Array(8).fill(1), ...Array(9).fill(0)]
    const y = [1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0]
    const result = analyse(
      { estimator: 'logistic', outcome: 'y', treatment: 'arm' },
      tableOf({ arm, y })
    )
    close(result.estimate, Math.log((3 * 3) / (5 * 6)), 1e-10)
    close(result.std_error, Math.sqrt(1 / 3 + 1 / 5 + 1 / 6 + 1 / 3), 1e-9)
    close(result.odds_ratio, (3 * 3) / (5 * 6), 1e-10)
    expect(result.df).toBeNull()
  })

  it('refuses perfect separation and a non-binary outcome', () => {
    const arm = [1, 1, 1, 0, 0, 0]
    expect(() =>
      analyse(
        { estimator: 'logistic', outcome: 'y', treatment: 'arm' },
        tableOf({ arm, y: [1, 1, 1, 0, 0, 0] })
      )
    ).toThrow(/separation/)
    expect(() =>
      analyse(
        { estimator: 'logistic', outcome: 'y', treatment: 'arm' },
        tableOf({ arm, y: [1, 2, 1, 0, 0, 0] })
      )
    ).toThrow(/0\/1/)
  })
})
