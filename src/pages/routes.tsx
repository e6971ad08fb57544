import { and, asc, desc, eq } from 'drizzle-orm'
import { isPublic, visibleSeed } from '../../trials/protocol'
import { createRouter } from '../openapi'
import { analysisRuns, councils, interventions, protocolVersions, trials } from '../db/schema'
import { Ratings, Results, Versions, type RatingView } from './results'
import { loadRatings, ratingOut } from '../services/ratings'
import { isUuid } from '../auth/scope'
import { notFound } from '../problem'
import { Layout } from './layout'
import { ledgerHead } from '../services/ledger'

/** Public pages: the registry needs no token, as a trial registry is public by design. */
export const pageRoutes = createRouter()

const registryColumns = {
  id: trials.id,
  title: trials.title,
  status: trials.status,
  protocolHash: trials.protocolHash,
  seedCommitment: trials.seedCommitment,
  seed: trials.seed,
  registrationHash: trials.registrationHash,
  registeredAt: trials.registeredAt,
  protocolVersion: trials.protocolVersion,
  council: councils.name,
  intervention: interventions.name,
  interventionId: interventions.id,
}

pageRoutes.get('/', async (c) => {
  // Interventions are listed from their registered trials.
  const rows = await c.var.db
    .select(registryColumns)
    .from(trials)
    .innerJoin(councils, eq(councils.id, trials.councilId))
    .innerJoin(interventions, eq(interventions.id, trials.interventionId))
    .orderBy(desc(trials.registeredAt))
    .then((all) => all.filter(isPublic))
  return c.html(
    <Layout title='Trial registry'>
      <h1>Trial registry</h1>
      <p class='muted'>
        Every trial here was registered before any household was randomised. Its protocol is locked
        by a SHA-256 hash of its canonical JSON, and the randomisation seed is committed by its hash
        until the trial closes.
      </p>
      <table>
        <thead>
          <tr>
            <th>Trial</th>
            <th>Council</th>
            <th>Intervention</th>
            <th>Status</th>
            <th>Registered</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                <a href={`/registry/${r.id}`}>{r.title}</a>
              </td>
              <td>{r.council}</td>
              <td>{r.intervention}</td>
              <td>
                <span class='tag'>{r.status}</span>
              </td>
              <td>{r.registeredAt?.toISOString().slice(0, 10) ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p>No trial has been registered yet.</p> : null}
      <h2>Evidence by intervention</h2>
      <ul>
        {[...new Map(rows.map((r) => [r.interventionId, r.intervention])).entries()].map(
          ([interventionId, name]) => (
            <li>
              <a href={`/evidence/${interventionId}`}>{name}</a>
            </li>
          )
        )}
      </ul>
    </Layout>
  )
})

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
  }
  if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(record)
  const versions = await c.var.db
    .select()
    .from(protocolVersions)
    .where(eq(protocolVersions.trialId, id))
    .orderBy(asc(protocolVersions.version))
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
  const [latest] = await loadRatings(c.var.db, [id])
  const rating: RatingView | null = latest ? ratingOut(latest.rating, latest.decisions) : null
  return c.html(
    <Layout title={r.title}>
      <h1>{r.title}</h1>
      <dl>
        <dt>Council</dt>
        <dd>{r.council}</dd>
        <dt>Intervention</dt>
        <dd>{r.intervention}</dd>
        <dt>Status</dt>
        <dd>
          <span class='tag'>{r.status}</span>
        </dd>
        <dt>Registered</dt>
        <dd>{record.registered_at}</dd>
        <dt>Protocol version</dt>
        <dd>{r.protocolVersion}</dd>
        <dt>Protocol hash (SHA-256)</dt>
        <dd class='hash'>{r.protocolHash}</dd>
        <dt>Seed commitment (SHA-256 of the seed)</dt>
        <dd class='hash'>{r.seedCommitment}</dd>
        <dt>Registration hash (protocol, algorithm, engine, seed commitment)</dt>
        <dd class='hash'>{r.registrationHash}</dd>
        <dt>Allocation ledger</dt>
        <dd>
          {record.ledger.entries} allocations; chain head{' '}
          <span class='hash'>{record.ledger.head}</span>
        </dd>
        {seed !== null ? (
          <>
            <dt>Seed (revealed at close, or at withdrawal)</dt>
            <dd class='hash'>{seed}</dd>
          </>
        ) : null}
      </dl>
      {rating ? <Ratings rating={rating} /> : null}
      {run ? (
        <Results
          report={run.report as never}
          datasetHash={run.datasetHash}
          engineVersion={run.engineVersion}
          protocolHash={run.protocolHash}
          at={run.createdAt}
        />
      ) : null}
      <Versions versions={versions} />
      <p>
        <a href={`/registry/${r.id}/record.json`}>Registration record (JSON)</a>
        {seed !== null ? (
          <>
            {' · '}
            <a href={`/registry/${r.id}/allocations.json`}>Allocation ledger (JSON)</a>
          </>
        ) : null}
        {' · '}check both with <code>npm run verify -- {`<this page's address>`}</code>
      </p>
      <p class='muted'>
        To verify: canonicalise the published protocol as RFC 8785 JSON and compare its SHA-256 with
        the hash above; when the trial closes, the seed is published and its SHA-256 must equal the
        commitment.
      </p>
    </Layout>
  )
})
