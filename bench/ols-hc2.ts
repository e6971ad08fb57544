// OLS with HC2 standard errors on 1,000,000 rows x 10 covariates (plus intercept and treatment).
// Run: npx tsx bench/ols-hc2.ts   Writes bench/results/ols-hc2.json.
// R is not installed here, so there is no lm_robust timing to compare against on this machine.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import seedrandom from 'seedrandom'
import { linearRegression } from '../analysis/estimators/linear-regression'

const ROWS = 1_000_000
const COVARIATES = 10
const REPEATS = 3

function generate(seed: string): { columns: Float64Array[]; outcome: Float64Array } {
  const random = seedrandom.alea(seed)
  const normal = (): number => {
    // Box-Muller: enough for synthetic data
    const u = 1 - random()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
  }
  const one = new Float64Array(ROWS).fill(1)
  const treated = new Float64Array(ROWS)
  const covariates = Array.from({ length: COVARIATES }, () => new Float64Array(ROWS))
  const outcome = new Float64Array(ROWS)
  for (let i = 0; i < ROWS; i++) {
    treated[i] = random() < 0.5 ? 1 : 0
    let y = 30 - 2 * treated[i]
    for (let j = 0; j < COVARIATES; j++) {
      const x = normal() * (j + 1) + 10
      covariates[j][i] = x
      y += 0.1 * (j + 1) * x
    }
    // heteroskedastic noise, larger in the treated arm
    outcome[i] = y + normal() * (treated[i] === 1 ? 6 : 4)
  }
  return { columns: [one, treated, ...covariates], outcome }
}

const { columns, outcome } = generate('trialworks-bench-ols-hc2')
const names = ['(Intercept)', 'arm', ...Array.from({ length: COVARIATES }, (_, j) => `x${j + 1}`)]
const timings: number[] = []
let result: ReturnType<typeof linearRegression> | undefined
for (let r = 0; r < REPEATS; r++) {
  const start = performance.now()
  result = linearRegression({ names, columns, outcome, target: 1, seType: 'HC2', alpha: 0.05 })
  timings.push((performance.now() - start) / 1000)
}
timings.sort((a, b) => a - b)
const report = {
  benchmark: 'ols-hc2',
  rows: ROWS,
  covariates: COVARIATES,
  regressors: columns.length,
  se_type: 'HC2',
  repeats: REPEATS,
  seconds_median: timings[Math.floor(REPEATS / 2)],
  seconds_min: timings[0],
  seconds_all: timings,
  estimate: result?.estimate,
  std_error: result?.std_error,
  node: process.version,
  reference: 'R is not installed on this machine: no estimatr::lm_robust timing recorded for comparison',
}
const here = path.dirname(fileURLToPath(import.meta.url))
mkdirSync(path.join(here, 'results'), { recursive: true })
writeFileSync(path.join(here, 'results', 'ols-hc2.json'), `${JSON.stringify(report, null, 2)}\n`)
process.stdout.write(`${JSON.stringify(report)}\n`)
