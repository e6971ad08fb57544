import type { Role } from '../db/schema'

/** Who is calling: resolved once per request from the bearer token. */
export interface Principal {
  userId: string
  name: string
  role: Role
  /** The officer's council; null for other roles. */
  councilId: string | null
  /** Evaluator grants: whole councils and single trials. */
  grantedCouncilIds: string[]
  grantedTrialIds: string[]
  tokenId: string
}
