import { and, asc, desc, eq } from 'drizzle-orm'
import { isPublic, visibleSeed } from '../../trials/protocol'
import type { Protocol } from '../../trials/protocol'
import { createRouter } from '../openapi'
import {
  analysisRuns,
  auditEvents,
  councils,
  interventions,
  protocolVersions,
  trials,
} from '../db/schema'
import { Ratings, Results, Versions, type RatingView } from './results'
import { loadRatings, ratingOut } from '../services/ratings'
import { isUuid } from '../auth/scope'
import { notFound } from '../problem'
import { StatusTag, SummaryList, Table } from './components'
import { ProtocolInWords } from './protocol-words'
import { page } from './render'
import { dateWords } from './words'
import { ledgerHead } from '../services/ledger'
import { outcomesFirstSeen } from '../services/trials'

/** Public pages: the registry needs no token, as a trial registry is public by design. */
export const pageRoutes = createRouter()

const registryColumns = {
  id: trials.id,
  title: trials.title,
  status: trials.status,
  protocol: trials.protocol,
  protocolHash: trials.protocolHash,
  seedCommitment: trials.seedCommitment,
  seed: trials.seed,
  registrationHash: trials.registrationHash,
  registeredAt: trials.registeredAt,
  protocolVersion: trials.protocolVersion,
  outcomesSeenAt: trials.outcomesSeenAt,
  outcomesSeenBy: trials.outcomesSeenBy,
  council: councils.name,
  intervention: interventions.name,
  interventionId: interventions.id,
}

pageRoutes.get('/', async (c) => {
  // Only trials that were ever registered are public (a withdrawn draft never was).
  const rows = await c.var.db
    .select(registryColumns)
    .from(trials)
    .innerJoin(councils, eq(councils.id, trials.councilId))
    .innerJoin(interventions, eq(interventions.id, trials.interventionId))
    .orderBy(desc(trials.registeredAt))
    .then((all) => all.filter(isPublic))
  const byIntervention = [...new Map(rows.map((r) => [r.interventionId, r.intervention])).entries()]
  return page(c, {
    title: 'Trial registry',
    children: (
      <>
        <h1 class='govuk-heading-xl'>Trial registry</h1>
        <p class='govuk-body-l'>
          Every trial here was registered before any household was randomised.
        </p>
        <p class='govuk-body'>
          Its protocol is locked by a SHA-256 hash of its canonical JSON, and the randomisation seed
          is committed by its hash until recruitment closes. Council staff can{' '}
          <a class='govuk-link' href='/sign-in'>
            sign in
          </a>{' '}
          to run their trials.
        </p>
        {rows.length ? (
          <Table
            caption='Registered trials'
            head={['Trial', 'Council', 'Intervention', 'Status', 'Registered']}
            rows={rows.map((r) => [
              <a class='govuk-link' href={`/registry/${r.id}`}>
                {r.title}
              </a>,
              r.council,
              r.intervention,
              <StatusTag status={r.status} />,
              <span class='app-nowrap'>{dateWords(r.registeredAt)}</span>,
            ])}
          />
        ) : (
          <p class='govuk-body'>No trial has been registered yet.</p>
        )}
        <h2 class='govuk-heading-m'>Evidence by intervention</h2>
        <ul class='govuk-list'>
          {byIntervention.map(([interventionId, name]) => (
            <li>
              <a class='govuk-link' href={`/evidence/${interventionId}`}>
                {name}
              </a>
            </li>
          ))}
        </ul>
      </>
    ),
  })
})

const OUTCOME_SEEN_WORDS: Record<string, string> = {
  download: 'outcome data downloaded',
  'planned-analysis': 'planned analysis run',
  'exploratory-analysis': 'exploratory analysis run',
  results: 'analysis results opened',
}

/** The public registration record of one trial, as a page (HTML) or as JSON (`Accept: application/json`). */
pageRoutes.get('/registry/:id', async (c) => {
  const id = c.req.param('id')
  if (!isUuid(id)) throw notFound(`trial ${id}`)
  const [r] = await c.var.db
    .select(registryColumns)
    .from(trials)
    .innerJoin(councils, eq(councils.id, trials.councilId))
    .innerJoin(interventions, eq(interventions.id, trials.interventionId))
    .where(eq(trials.id, id))
  if (!r || !isPublic(r)) throw notFound(`registered trial ${id}`)
  const seed = visibleSeed(r)
  const record = {
    trial_id: r.id,
    title: r.title,
    council: r.council,
    intervention: r.intervention,
    status: r.status,
    protocol_version: r.protocolVersion,
    protocol_hash: r.protocolHash,
    seed_commitment: r.seedCommitment,
    registered_at: r.registeredAt?.toISOString() ?? null,
    registration_hash: r.registrationHash,
    ledger: await ledgerHead(c.var.db, r),
    outcomes_first_seen: outcomesFirstSeen(r),
  }
  if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(record)
  const versions = await c.var.db
    .select()
    .from(protocolVersions)
    .where(eq(protocolVersions.trialId, id))
    .orderBy(asc(protocolVersions.version))
  const lateAmendments = versions
    .filter((v) => v.version > 1 && v.outcomesSeen)
    .map((v) => v.version)
  const [run] = await c.var.db
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
  const [withdrawal] = await c.var.db
    .select({ detail: auditEvents.detail, at: auditEvents.at })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityId, id),
        eq(auditEvents.entityType, 'trial'),
        eq(auditEvents.action, 'trial.withdrawn')
      )
    )
    .limit(1)
  const [latest] = await loadRatings(c.var.db, [id])
  const rating: RatingView | null = latest ? ratingOut(latest.rating, latest.decisions) : null
  const protocol = r.protocol as Protocol
  return page(c, {
    title: r.title,
    children: (
      <>
        <span class='govuk-caption-l'>Registered trial</span>
        <h1 class='govuk-heading-l'>{r.title}</h1>
        <p class='govuk-body'>
          <StatusTag status={r.status} />
        </p>
        {withdrawal ? (
          <div class='govuk-inset-text'>
            Withdrawn on {dateWords(withdrawal.at)}:{' '}
            {String((withdrawal.detail as { reason?: string } | null)?.reason ?? 'no reason given')}
          </div>
        ) : null}
        <SummaryList
          rows={[
            { key: 'Council', value: r.council },
            {
              key: 'Intervention',
              value: (
                <a class='govuk-link' href={`/evidence/${r.interventionId}`}>
                  {r.intervention}
                </a>
              ),
            },
            { key: 'Registered', value: dateWords(r.registeredAt) },
            { key: 'Protocol version', value: String(r.protocolVersion) },
            {
              key: 'Protocol hash (SHA-256)',
              value: <span class='app-hash'>{r.protocolHash}</span>,
            },
            {
              key: 'Seed commitment (SHA-256 of the seed)',
              value: <span class='app-hash'>{r.seedCommitment}</span>,
            },
            ...(seed
              ? [{ key: 'Seed (revealed)', value: <span class='app-hash'>{seed}</span> }]
              : []),
            {
              key: 'Registration hash (protocol, algorithm, engine, seed commitment)',
              value: <span class='app-hash'>{r.registrationHash}</span>,
            },
            {
              key: 'Allocation ledger',
              value: (
                <>
                  {record.ledger.entries} allocations; chain head{' '}
                  <span class='app-hash'>{record.ledger.head}</span> (
                  <a class='govuk-link' href={`/registry/${r.id}/allocations.json`}>
                    JSON
                  </a>
                  )
                </>
              ),
            },
            {
              key: 'Outcome data first seen',
              value: r.outcomesSeenAt
                ? `${dateWords(r.outcomesSeenAt)} (${OUTCOME_SEEN_WORDS[r.outcomesSeenBy ?? ''] ?? r.outcomesSeenBy})${lateAmendments.length ? `; amended after: version ${lateAmendments.join(', ')}` : ''}`
                : 'Not yet: no outcome data or results have been seen',
            },
            {
              key: 'Machine-readable record',
              value: (
                <a class='govuk-link' href={`/trials/${r.id}/registration`}>
                  Registration record and protocol (JSON)
                </a>
              ),
            },
          ]}
        />
        <ProtocolInWords protocol={protocol} />
        {rating ? <Ratings rating={rating} /> : null}
        {run ? (
          <Results
            report={run.report as never}
            protocol={protocol}
            datasetHash={run.datasetHash}
            engineVersion={run.engineVersion}
            protocolHash={run.protocolHash}
            at={run.createdAt}
          />
        ) : null}
        <Versions versions={versions} />
        <p class='govuk-body-s'>
          To verify: canonicalise the published protocol as RFC 8785 JSON and compare its SHA-256
          with the hash above; once recruitment closes, the seed is published and its SHA-256 must
          equal the commitment.
        </p>
      </>
    ),
  })
})
