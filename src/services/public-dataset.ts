import { and, desc, eq } from 'drizzle-orm'
import { PUBLIC_DATASET_FORMAT, publishableDataset } from '../../trials/dataset'
import { registered } from '../../trials/commands'
import { permissions, STATUS_WORDS } from '../../trials/protocol'
import type { Executor } from '../db/client'
import { analysisRuns, trials } from '../db/schema'
import { conflict, notFound } from '../problem'
import { runOut } from './analyses'
import { loadAnalysisDataset } from './dataset'

/**
 * The publishable dataset of a trial (`GET /registry/{id}/dataset.json`, no token): published once the
 * lifecycle makes its results public (`permissions(status).publishResults`: the final planned analysis has
 * run), with the final planned run it reproduces. Pseudonymous households, in ledger order, and only the
 * columns the registered plan reads (`publishableDataset`); `source_dataset_hash` is the SHA-256 of the full
 * analysis dataset it was cut from, which the run's `dataset_hash` names when nothing changed since the run.
 */
export async function publicDataset(db: Executor, id: string) {
  const [row] = await db.select().from(trials).where(eq(trials.id, id))
  if (!row || !row.registeredAt || row.registration === null)
    throw notFound(`registered trial ${id}`)
  if (!permissions(row.status).publishResults)
    throw conflict(
      'results-not-public',
      `the dataset is published with the final results, once the final planned analysis has run; the trial is "${STATUS_WORDS[row.status]}"`,
      { trial_status: row.status }
    )
  const trial = registered(row)
  const [run] = await db
    .select()
    .from(analysisRuns)
    .where(
      and(
        eq(analysisRuns.trialId, id),
        eq(analysisRuns.kind, 'planned'),
        eq(analysisRuns.stage, 'final')
      )
    )
    .orderBy(desc(analysisRuns.createdAt))
    .limit(1)
  if (!run)
    throw conflict('results-not-public', 'the trial has no final planned analysis', {
      trial_status: trial.status,
    })
  const full = await loadAnalysisDataset(db, trial)
  const published = publishableDataset(trial.protocol, full)
  const { report, ...stored } = runOut(run)
  return {
    format: PUBLIC_DATASET_FORMAT,
    trial_id: trial.id,
    registration_hash: trial.registrationHash!,
    rule: 'pseudonymous households in ledger order; arm, stratum, block and the variables the registered analysis plan reads; no missingness reasons and no variable the plan does not read',
    columns: published.header,
    withheld: published.withheld,
    rows: published.rows,
    sha256: published.sha256,
    source_dataset_hash: full.sha256,
    run: { ...stored, report },
    csv: published.csv,
  }
}
