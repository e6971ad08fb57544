// OLS with HC2 standard errors on 1,000,000 rows x 10 covariates (plus intercept and treatment), against
// estimatr::lm_robust(se_type = "HC2") and lm() + sandwich::vcovHC(type = "HC2") on the same data.
// Run alone: npx tsx bench/ols-hc2.ts   (bench/run.ts runs it with the others)
import path from 'node:path'
import seedrandom from 'seedrandom'
import { linearRegression } from '../analysis/estimators/linear-regression'
import { round, roundTiming, timeSync } from './support/measure'
import { rHasPackages, runR } from './support/r'
import { seconds, speedRatio, type BenchmarkReport, type Row } from './support/report'
import { scratchDirectory, writeColumns } from './support/scratch'
import { runIfMain } from './support/standalone'

const ROWS = 1_000_000
const COVARIATES = 10
const WARMUPS = 1
const REPEATS = 5

function generate(seed: string) {
  const random = seedrandom.alea(seed)
  const normal = (): number => {
    // Box-Muller: enough for synthetic data
    const u = 1 - random()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
  }
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
  return { treated, covariates, outcome }
}

const relativeDifference = (a: number, b: number) => Math.abs(a - b) / Math.abs(b)

export async function runOlsHc2(): Promise<BenchmarkReport> {
  const { treated, covariates, outcome } = generate('trialworks-bench-ols-hc2')
  const one = new Float64Array(ROWS).fill(1)
  const columns = [one, treated, ...covariates]
  const names = ['(Intercept)', 'arm', ...covariates.map((_, j) => `x${j + 1}`)]
  let fit: ReturnType<typeof linearRegression> | undefined
  const timing = timeSync(
    () =>
      (fit = linearRegression({ names, columns, outcome, target: 1, seType: 'HC2', alpha: 0.05 })),
    {
      warmups: WARMUPS,
      repeats: REPEATS,
    }
  )
  const ours = seconds(round(timing.median))
  const notes: string[] = []
  const goal = 'faster than estimatr::lm_robust'
  const rows: Row[] = []
  const details: Record<string, unknown> = {
    rows: ROWS,
    covariates: COVARIATES,
    regressors: columns.length,
    se_type: 'HC2',
    trialworks: { ...roundTiming(timing), estimate: fit?.estimate, std_error: fit?.std_error },
  }

  if (!rHasPackages(['estimatr', 'sandwich', 'jsonlite'])) {
    const reason = 'Rscript or the R packages estimatr, sandwich, jsonlite are not available'
    notes.push(`R comparison skipped: ${reason}`)
    rows.push({
      measure: 'OLS + HC2, 1M x 12',
      trialworks: ours,
      reference: { tool: 'estimatr::lm_robust', skipped: reason },
      goal,
    })
    return {
      name: 'ols-hc2',
      title: 'OLS with HC2 standard errors, 1,000,000 rows',
      goal,
      rows,
      notes,
      details,
    }
  }

  const scratch = scratchDirectory('ols')
  try {
    const file = path.join(scratch.dir, 'ols.f64')
    writeColumns(file, [treated, ...covariates, outcome])
    const r = runR(
      'ols-hc2.R',
      [file, String(ROWS), String(COVARIATES), String(WARMUPS), String(REPEATS)],
      600
    )
    if (!r.ok) {
      notes.push(`R comparison failed: ${r.reason}`)
      rows.push({
        measure: 'OLS + HC2, 1M x 12',
        trialworks: ours,
        reference: { tool: 'estimatr::lm_robust', skipped: r.reason },
        goal,
      })
    } else {
      type RFit = {
        seconds_median: number
        seconds_runs: number[]
        estimate: number
        std_error: number
      }
      const lmRobust = r.value.lm_robust as RFit
      const lmSandwich = r.value.lm_vcovHC as RFit
      const reference = seconds(lmRobust.seconds_median)
      const ratio = round(speedRatio(ours, reference), 3)
      rows.push({
        measure: 'OLS + HC2, 1M x 12',
        trialworks: ours,
        reference: { tool: 'estimatr::lm_robust', value: reference },
        ratio,
        goal,
        goalMet: ratio > 1,
      })
      const second = seconds(lmSandwich.seconds_median)
      rows.push({
        measure: 'OLS + HC2, 1M x 12',
        trialworks: ours,
        reference: { tool: 'lm + sandwich::vcovHC', value: second },
        ratio: round(speedRatio(ours, second), 3),
      })
      // The same numbers must come out, or the timing compares different work.
      const agreement = {
        estimate_relative_difference: fit
          ? relativeDifference(fit.estimate, lmRobust.estimate)
          : null,
        std_error_relative_difference: fit
          ? relativeDifference(fit.std_error, lmRobust.std_error)
          : null,
      }
      if (
        (agreement.estimate_relative_difference ?? 1) > 1e-8 ||
        (agreement.std_error_relative_difference ?? 1) > 1e-8
      ) {
        notes.push(`trialworks and lm_robust disagree: ${JSON.stringify(agreement)}`)
      }
      details.r = { ...r.value, agreement_with_lm_robust: agreement }
    }
  } finally {
    scratch.remove()
  }
  return {
    name: 'ols-hc2',
    title: 'OLS with HC2 standard errors, 1,000,000 rows',
    goal,
    rows,
    notes,
    details,
  }
}

runIfMain(import.meta.url, runOlsHc2)
