import { z } from 'zod'
import { parseCsv } from '../../analysis/data'
import { sha256Hex } from '../hash'
import { protocolHash } from '../protocol/canonical-json'
import { protocolSchema } from '../protocol/schema'
import { runAnalysisPlan } from './run-plan'
import { InvalidAllocationExportError } from '../randomisation/errors'
import { openRandomisation } from '../registration-record/seal'

/** What `GET /trials/{id}/analyses/{runId}` returns, as far as reproduction needs it. */
export const storedRunSchema = z.object({
  kind: z.literal('planned'),
  protocol_hash: z.string(),
  dataset_hash: z.string(),
  engine_version: z.string(),
  report: z.record(z.string(), z.unknown()),
})

/**
 * The public registration record of a closed trial: `GET /registry/{id}/record.json` (the hashed registration
 * with the revealed seed and sealed block sizes) or `GET /trials/{id}/registration`; both give the registered
 * public protocol, its hash, the seed and the sealed parameters.
 */
export const registrationRecordSchema = z.preprocess(
  (input) => {
    const record = input as Record<string, unknown> | null
    const registration = record?.registration as Record<string, unknown> | undefined
    return registration && typeof registration === 'object'
      ? {
          protocol: registration.protocol,
          protocol_hash: registration.protocol_hash,
          seed: record!.seed,
          sealed: record!.sealed,
        }
      : input
  },
  z.object({
    protocol: z.record(z.string(), z.unknown()),
    protocol_hash: z.string(),
    seed: z.string().min(1, 'the seed is revealed when the trial closes'),
    sealed: z.object({ block_sizes: z.array(z.number().int().positive()) }).nullish(),
  })
)

export interface ReproductionReport {
  ok: boolean
  /** The engine that made the run and the one reproducing it; `differs` when they are not the same. */
  engine: { run: string; current: string | null; differs: boolean }
  checks: Array<{ check: string; ok: boolean; detail: string }>
  mismatches: Array<{ path: string; stored: unknown; recomputed: unknown }>
}

// Fields the server adds around the plan's output (from its database, not from the data).
const CONTEXT_FIELDS = new Set(['kind', 'stage', 'notice', 'deviations', 'n_units'])

/**
 * Re-derives every number of a stored planned analysis run from public material only: the
 * registration record (protocol and revealed seed) and the dataset CSV. Checks that the dataset's
 * SHA-256 is the run's dataset hash and that the protocol hashes to the registered hash, then runs
 * the plan again and compares every field (numbers to 1e-9 relative, as a different engine version
 * may round differently; everything else exactly).
 *
 * @example
 * reproduceRun(run, datasetCsv, registration).ok // true when every number reproduces
 */
export function reproduceRun(
  runInput: unknown,
  datasetCsv: string,
  registrationInput: unknown,
  currentEngineVersion?: string,
  options: {
    /**
     * The CSV is the publishable cut of a full dataset whose SHA-256 this is (`publishableDataset`): the
     * dataset check compares it with the run's, since the cut itself hashes differently.
     */
    cutFrom?: string
  } = {}
): ReproductionReport {
  const run = storedRunSchema.parse(runInput)
  const registration = registrationRecordSchema.parse(registrationInput)
  const opened = openRandomisation(
    registration.protocol,
    registration.sealed ?? null,
    registration.seed
  )
  if (!opened.ok) throw new InvalidAllocationExportError(opened.reason, {})
  const protocol = protocolSchema.parse({
    ...registration.protocol,
    randomisation: opened.randomisation,
  })
  const datasetHash = sha256Hex(datasetCsv)
  // The registered hash covers the public protocol (block sizes by their commitment).
  const hash = protocolHash(registration.protocol)
  const checks = [
    options.cutFrom === undefined
      ? {
          check: 'dataset',
          ok: datasetHash === run.dataset_hash,
          detail: `SHA-256 of the dataset ${datasetHash}; the run used ${run.dataset_hash}`,
        }
      : {
          check: 'dataset',
          ok: options.cutFrom === run.dataset_hash,
          detail: `the published dataset was cut from a dataset with SHA-256 ${options.cutFrom}; the run used ${run.dataset_hash}`,
        },
    {
      check: 'protocol',
      ok: hash === run.protocol_hash,
      detail: `SHA-256 of the canonical protocol ${hash}; the run used ${run.protocol_hash}`,
    },
    {
      check: 'registration',
      ok: hash === registration.protocol_hash,
      detail: `the registration record states ${registration.protocol_hash}`,
    },
  ]
  const engineDiffers =
    currentEngineVersion !== undefined && currentEngineVersion !== run.engine_version
  if (currentEngineVersion !== undefined) {
    checks.push({
      check: 'engine',
      ok: true,
      detail: engineDiffers
        ? `THE ENGINE DIFFERS: the run was made with ${run.engine_version} and is reproduced with ${currentEngineVersion}; numbers are compared to 1e-9 relative, and a difference may come from the engine rather than the data`
        : `same engine as the run: ${run.engine_version}`,
    })
  }
  const recomputed = runAnalysisPlan(
    protocol,
    parseCsv(datasetCsv),
    registration.seed
  ) as unknown as Record<string, unknown>
  const stored = Object.fromEntries(
    Object.entries(run.report).filter(([k]) => !CONTEXT_FIELDS.has(k))
  )
  const mismatches: ReproductionReport['mismatches'] = []
  compare(stored, JSON.parse(JSON.stringify(recomputed)), '', mismatches)
  checks.push({
    check: 'numbers',
    ok: mismatches.length === 0,
    detail: mismatches.length
      ? `${mismatches.length} field(s) differ`
      : 'every field of the report reproduces',
  })
  return {
    ok: checks.every((c) => c.ok),
    engine: {
      run: run.engine_version,
      current: currentEngineVersion ?? null,
      differs: engineDiffers,
    },
    checks,
    mismatches,
  }
}

function compare(
  stored: unknown,
  recomputed: unknown,
  path: string,
  out: ReproductionReport['mismatches']
): void {
  if (typeof stored === 'number' && typeof recomputed === 'number') {
    if (!(
      stored === recomputed ||
      Math.abs(stored - recomputed) <= 1e-9 * Math.max(Math.abs(stored), Math.abs(recomputed))
    ))
      out.push({ path, stored, recomputed })
    return
  }
  if (Array.isArray(stored) && Array.isArray(recomputed)) {
    if (stored.length !== recomputed.length)
      out.push({ path: `${path}/length`, stored: stored.length, recomputed: recomputed.length })
    stored
      .slice(0, recomputed.length)
      .forEach((s, i) => compare(s, recomputed[i], `${path}/${i}`, out))
    return
  }
  if (
    stored &&
    recomputed &&
    typeof stored === 'object' &&
    typeof recomputed === 'object' &&
    !Array.isArray(stored) &&
    !Array.isArray(recomputed)
  ) {
    const keys = new Set([...Object.keys(stored), ...Object.keys(recomputed)])
    for (const k of keys)
      compare(
        (stored as Record<string, unknown>)[k],
        (recomputed as Record<string, unknown>)[k],
        `${path}/${k}`,
        out
      )
    return
  }
  if (stored !== recomputed) out.push({ path, stored, recomputed })
}
