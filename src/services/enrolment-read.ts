import { auditChainOf, auditGenesis } from '../../trials/audit'
import type { Executor } from '../db/client'
import { preparedQuery } from '../db/prepared'
import type { enrolments } from '../db/schema'
import { CATCH_UP, type SavedStateRow } from './allocator-state'
import type { AuditChainHead } from './audit'

type EnrolmentRow = typeof enrolments.$inferSelect

/** What an enrolment transaction reads under the trial row lock before it allocates. */
export interface EnrolmentContext {
  /** The trial's saved allocator state and the two probes that check it against the enrolments. */
  saved: SavedStateRow
  /** The trial's audit chain head, locked for the rest of the transaction. */
  auditHead: AuditChainHead
  /** The last entry of the trial's allocation ledger, if any. */
  ledgerTail: { sequence: number; hash: string } | null
  /** The households of the request that are already enrolled. */
  existing: EnrolmentRow[]
}

interface ContextRow extends Omit<SavedStateRow, 'has_last' | 'has_next'> {
  last_sequence: number | null
  audit_sequence: number
  audit_hash: string
  ledger_tail: { sequence: number; hash: string } | null
  existing: Array<{
    id: string
    trial_id: string
    sequence: number
    household: string
    unit: EnrolmentRow['unit']
    baseline: EnrolmentRow['baseline']
    arm: string
    stratum: string | null
    block: number | null
    algorithm: string
    protocol_version: number
    enrolled_by: string
    enrolled_at: string
  }>
}

/**
 * Everything an enrolment reads after taking the trial row lock, in one prepared statement of constant cost
 * (the saved state's text is left out when the allocator this process keeps is at the row's version or at most
 * `CATCH_UP` enrolments behind it; the enrolments it is behind by are sent instead):
 * it locks (creating at its genesis if new; see `lockChainHead`) the trial's audit chain head, and reads the saved allocator state
 * with the trial's last sequence number, which checks the state's count against the enrolments themselves
 * (sequence numbers run 1..n without gaps, so the state is current exactly when enrolment n exists and
 * enrolment n+1 does not), the ledger's last entry and the request's households already enrolled. Each lookup
 * is written so that only one index can answer it (the last sequence number and the enrolments since the kept
 * allocator as ordered scans of (trial, sequence); each household as a lateral lookup by (trial, household)): a prepared statement keeps the plan
 * PostgreSQL made for it, and a plan made while the tables were small, judging both indexes alike, came to read
 * every enrolment of the trial (10 ms at 10,000). Send it after the statement that takes the trial row lock, on
 * the same connection (it may be pipelined behind it, never before it): a statement that itself waited for the
 * lock would read with a snapshot from before the previous enrolment committed.
 */
export async function readEnrolmentContext(
  tx: Executor,
  trialId: string,
  households: readonly string[],
  /**
   * Where the allocator this process keeps stands (`KeptAllocators`): at that row version the state text is not
   * sent; at another, the enrolments made after its units are (at most `CATCH_UP`), to bring it forward.
   */
  kept?: { version: string; enrolled: number }
): Promise<EnrolmentContext> {
  const keptVersion = kept?.version ?? ''
  const keptEnrolled = kept?.enrolled ?? -1
  const chain = auditChainOf({ entity_type: 'trial', entity_id: trialId })
  const [row] = await preparedQuery<ContextRow>(tx)`with locked as (
        select h.sequence, h.hash from audit_chain_head h where h.chain = ${chain} for update
      ), created as (
        insert into audit_chain_head as h (chain, sequence, hash)
        select ${chain}, 0, ${auditGenesis(chain)} where not exists (select 1 from locked)
        on conflict (chain) do update set chain = h.chain
        returning h.sequence, h.hash
      ), head as (
        select sequence, hash from locked union all select sequence, hash from created
      )
      select (select sequence from head) as audit_sequence, (select hash from head) as audit_hash,
        s.enrolments, s.format, s.algorithm, s.protocol_hash, s.xmin::text as version,
        case when s.xmin::text = ${keptVersion}
               or s.enrolments - ${keptEnrolled}::int between 0 and ${CATCH_UP}::int
             then null else s.state::text end as state,
        case when ${keptEnrolled}::int >= 0 and s.xmin::text <> ${keptVersion} then
          (select coalesce(jsonb_agg(to_jsonb(c) order by c.sequence), '[]'::jsonb) from (
             select x.sequence, x.household, x.unit, x.arm, x.stratum, x.block from enrolments x
             where x.trial_id = ${trialId} and x.sequence > ${keptEnrolled}::int
             order by x.sequence limit ${CATCH_UP + 1}) as c)
        end as since,
        (select e.sequence from enrolments e
         where e.trial_id = ${trialId} order by e.sequence desc limit 1) as last_sequence,
        (select jsonb_build_object('sequence', l.sequence, 'hash', l.hash) from allocation_ledger l
         where l.trial_id = ${trialId} order by l.sequence desc limit 1) as ledger_tail,
        (select coalesce(jsonb_agg(e.enrolment order by e.sequence), '[]'::jsonb)
         from jsonb_array_elements_text(${JSON.stringify(households)}::jsonb) as h(household)
         cross join lateral (select to_jsonb(x) as enrolment, x.sequence from enrolments x
                             where x.trial_id = ${trialId} and x.household = h.household limit 1) as e
        ) as existing
      from (select 1) as one
      left join allocator_states s on s.trial_id = ${trialId}`
  const r = row!
  return {
    saved: {
      enrolments: r.enrolments,
      format: r.format,
      algorithm: r.algorithm,
      protocol_hash: r.protocol_hash,
      state: r.state,
      version: r.version,
      since: r.since && r.since.length <= CATCH_UP ? r.since : null,
      // Sequence numbers run 1..n without gaps, so enrolment k exists exactly when 1 <= k <= n.
      has_last:
        r.enrolments !== null && r.enrolments >= 1 && r.enrolments <= (r.last_sequence ?? 0),
      has_next: (r.enrolments ?? 0) + 1 <= (r.last_sequence ?? 0),
    },
    auditHead: { chain, sequence: r.audit_sequence, hash: r.audit_hash },
    ledgerTail: r.ledger_tail,
    existing: r.existing.map((e) => ({
      id: e.id,
      trialId: e.trial_id,
      sequence: e.sequence,
      household: e.household,
      unit: e.unit,
      baseline: e.baseline,
      arm: e.arm,
      stratum: e.stratum,
      block: e.block,
      algorithm: e.algorithm,
      protocolVersion: e.protocol_version,
      enrolledBy: e.enrolled_by,
      enrolledAt: new Date(e.enrolled_at),
    })),
  }
}
