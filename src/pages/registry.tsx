import { Ratings, Results, Versions } from './results'
import type { registryDetails, registryList, registryRecord } from '../services/registry'
import { StatusTag, SummaryList, Table } from './components'
import { ProtocolInWords } from './protocol-words'
import { dateWords } from './words'

const OUTCOME_SEEN_WORDS: Record<string, string> = {
  download: 'outcome data downloaded',
  'planned-analysis': 'planned analysis run',
  'exploratory-analysis': 'exploratory analysis run',
  results: 'analysis results opened',
}

/** The public registry's front page: every registered trial, and the evidence by intervention. */
export function RegistryHome(props: Awaited<ReturnType<typeof registryList>>) {
  const { rows, interventions: byIntervention } = props
  return (
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
          stack
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
  )
}

/** The public registration record of one trial, with its protocol, results, rating and versions. */
export function RegistryEntry(props: {
  trial: Awaited<ReturnType<typeof registryRecord>>['trial']
  record: Awaited<ReturnType<typeof registryRecord>>['record']
  details: Awaited<ReturnType<typeof registryDetails>>
}) {
  const { trial: r, record, details } = props
  const { protocol, seed, rating, run, versions, withdrawal, lateAmendments } = details
  return (
    <>
      <span class='govuk-caption-l'>Registered trial</span>
      <h1 class='govuk-heading-l'>{r.title}</h1>
      <p class='govuk-body'>
        <StatusTag status={r.status} />
      </p>
      {withdrawal ? (
        <div class='govuk-inset-text'>
          Withdrawn on {dateWords(withdrawal.at)}: {withdrawal.reason}
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
          report={run.report}
          protocol={protocol}
          datasetHash={run.datasetHash}
          engineVersion={run.engineVersion}
          protocolHash={run.protocolHash}
          at={run.createdAt}
        />
      ) : null}
      <Versions versions={versions} />
      <p class='govuk-body-s'>
        To verify: canonicalise the published protocol as RFC 8785 JSON and compare its SHA-256 with
        the hash above; once recruitment closes, the seed is published and its SHA-256 must equal
        the commitment.
      </p>
    </>
  )
}
