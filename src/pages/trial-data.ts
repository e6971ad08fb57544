import type { Context } from 'hono'
import type { ProtocolDraft } from '../../trials/protocol'
import type { AppEnv } from '../env'
import { ProblemError, type ProblemBody } from '../problem'
import type { TrialProgress } from '../routes/data'
import type { Enrolment, EnrolmentPage } from '../routes/enrolments'
import type { Trial, TrialList } from '../routes/trials'
import { api } from './api'

/**
 * A trial as GET /trials/{id} returns it, its protocol read as the draft protocol the pages edit
 * (the API describes it only as an object).
 */
export type TrialJson = Omit<Trial, 'protocol'> & {
  protocol: ProtocolDraft & Record<string, unknown>
}
/** GET /trials as the route answers it, each trial read as {@link TrialJson}. */
type TrialListJson = Omit<TrialList, 'trials'> & { trials: TrialJson[] }

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
  const res = await api<TrialListJson>(c, 'GET', '/trials')
  if (!res.ok) raise(res.status, res.body)
  return res.body.trials
}

export async function getProgress(c: Context<AppEnv>, id: string): Promise<TrialProgress> {
  const res = await api<TrialProgress>(c, 'GET', `/trials/${id}/progress`)
  if (!res.ok) raise(res.status, res.body)
  return res.body
}

/**
 * One household's enrolment in a trial (GET /trials/{id}/households/{household}/enrolment), or
 * null when the household is not enrolled in it.
 */
export async function getEnrolment(
  c: Context<AppEnv>,
  id: string,
  household: string
): Promise<Enrolment | null> {
  const res = await api<Enrolment>(
    c,
    'GET',
    `/trials/${encodeURIComponent(id)}/households/${encodeURIComponent(household)}/enrolment`
  )
  if (res.ok) return res.body
  if (res.status === 404) return null
  raise(res.status, res.body)
}

/**
 * Every enrolment of a trial in order of presentation: GET /trials/{id}/enrolments a page at a
 * time, following `next_after` to the last page.
 */
export async function allEnrolments(c: Context<AppEnv>, id: string): Promise<Enrolment[]> {
  const all: Enrolment[] = []
  let after = 0
  for (;;) {
    const res = await api<EnrolmentPage>(
      c,
      'GET',
      `/trials/${encodeURIComponent(id)}/enrolments?after=${after}&limit=10000`
    )
    if (!res.ok) raise(res.status, res.body)
    all.push(...res.body.enrolments)
    if (res.body.next_after === null) return all
    after = res.body.next_after
  }
}
