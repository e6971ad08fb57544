import type { Context } from 'hono'
import type { ProtocolDraft } from '../../trials/protocol'
import type { AppEnv } from '../env'
import { ProblemError, type ProblemBody } from '../problem'
import { api } from './api'

/** A trial as GET /trials/{id} returns it. */
export interface TrialJson {
  id: string
  council_id: string
  intervention_id: string
  title: string
  status: string
  allowed_transitions: string[]
  protocol: ProtocolDraft & Record<string, unknown>
  protocol_version: number
  protocol_hash: string | null
  registered_at: string | null
  recruiting_at: string | null
  closed_at: string | null
}

/** GET /trials/{id}/progress. */
interface ProgressJson {
  status: string
  as_of: string
  enrolment: {
    enrolled: number
    target: number | null
    by_arm: Array<{ arm: string; enrolled: number }>
    by_stratum: Array<{ stratum: string; enrolled: number; by_arm: Record<string, number> }>
  }
  measures: Array<{
    name: string
    kind: string
    offset: string | null
    due: number
    not_yet_due: number
    received: number
    missing: Record<string, number>
    missing_total: number
    outstanding: number
  }>
  due_this_month: {
    from: string
    to: string
    total: number
    by_measure: Array<{ name: string; due: number }>
  }
}

/** Turns an API refusal on a read into the page's error (404 page, 403 page). */
function raise(status: number, body: ProblemBody): never {
  throw new ProblemError(
    status,
    status === 404 ? 'not-found' : 'refused',
    body?.detail ?? 'refused'
  )
}

export async function getTrial(c: Context<AppEnv>, id: string): Promise<TrialJson> {
  const res = await api<TrialJson>(c, 'GET', `/trials/${encodeURIComponent(id)}`)
  if (!res.ok) raise(res.status, res.body)
  return res.body
}

export async function listTrials(c: Context<AppEnv>): Promise<TrialJson[]> {
  const res = await api<{ trials: TrialJson[] }>(c, 'GET', '/trials')
  if (!res.ok) raise(res.status, res.body)
  return res.body.trials
}

export async function getProgress(c: Context<AppEnv>, id: string): Promise<ProgressJson> {
  const res = await api<ProgressJson>(c, 'GET', `/trials/${id}/progress`)
  if (!res.ok) raise(res.status, res.body)
  return res.body
}
