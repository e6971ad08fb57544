import type { Context } from 'hono'
import { permissions, type LifecycleStatus as TrialStatus } from '../../trials/protocol'
import type { AppEnv } from '../env'
import type { RatingList } from '../routes/evidence'
import { api } from './api'
import { Button, ProgressBar, StatusTag, Table } from './components'
import { page } from './render'
import { getProgress, listTrials, type TrialJson } from './trial-data'

type Ctx = Context<AppEnv>

/** Statuses in which recruitment progress means something (households are, or were, enrolled). */
const enrolling = (status: string) =>
  permissions(status as TrialStatus).enrol || permissions(status as TrialStatus).analyse

async function trialRows(c: Ctx, trials: TrialJson[]) {
  return Promise.all(
    trials.map(async (t) => {
      if (!enrolling(t.status) && !t.recruiting_at) return { trial: t, progress: null, due: null }
      const progress = await getProgress(c, t.id)
      return { trial: t, progress, due: progress.due_this_month.total }
    })
  )
}

function TrialsTable(props: { rows: Awaited<ReturnType<typeof trialRows>>; caption: string }) {
  return (
    <Table
      caption={props.caption}
      head={['Trial', 'Status', 'Recruitment', 'Outcomes due this month']}
      numeric={[3]}
      rows={props.rows.map(({ trial, progress, due }) => [
        <a class='govuk-link' href={`/app/trials/${trial.id}`}>
          {trial.title}
        </a>,
        <StatusTag status={trial.status} />,
        progress ? (
          <ProgressBar
            label='Households'
            value={progress.enrolment.enrolled}
            target={progress.enrolment.target}
          />
        ) : (
          'Not recruiting yet'
        ),
        due === null ? '–' : String(due),
      ])}
    />
  )
}

/** The signed-in user's start page: dashboard (officers), trials (evaluators), worklist (Centre). */
export async function homePage(c: Ctx) {
  const role = c.var.principal.role
  const trials = await listTrials(c)
  if (role === 'centre') return worklist(c, trials)
  const rows = await trialRows(c, trials)
  const counts = new Map<string, number>()
  for (const t of trials) counts.set(t.status, (counts.get(t.status) ?? 0) + 1)
  const heading = role === 'officer' ? "Your council's trials" : 'Your trials'
  return page(c, {
    title: heading,
    wide: true,
    children: (
      <>
        <h1 class='govuk-heading-l'>{heading}</h1>
        {role === 'officer' ? <Button href='/app/trials/new'>Start a new trial</Button> : null}
        {trials.length ? (
          <>
            <h2 class='govuk-heading-m'>Trials by status</h2>
            <ul class='govuk-list'>
              {[...counts.entries()].map(([status, n]) => (
                <li>
                  <StatusTag status={status} /> {n} {n === 1 ? 'trial' : 'trials'}
                </li>
              ))}
            </ul>
            <TrialsTable rows={rows} caption='Recruitment and follow-up' />
          </>
        ) : (
          <p class='govuk-body'>
            {role === 'officer'
              ? 'Your council has no trials yet. Start one to write its protocol step by step.'
              : 'You have not been given any trials yet. Ask an administrator for a grant.'}
          </p>
        )}
      </>
    ),
  })
}

/** Centre staff: trials whose analysis has run and whose rating is not yet decided for every scheme. */
async function worklist(c: Ctx, trials: TrialJson[]) {
  const rateable = trials.filter((t) => permissions(t.status as TrialStatus).rate)
  const items = await Promise.all(
    rateable.map(async (t) => {
      const res = await api<RatingList>(c, 'GET', `/trials/${t.id}/ratings`)
      const latest = res.ok ? res.body.ratings[0] : undefined
      const pending = latest
        ? latest.schemes.filter((s) => s.status === 'pending' && s.computed_level !== null).length
        : null
      return { trial: t, pending }
    })
  )
  const waiting = items.filter((i) => i.pending === null || i.pending > 0)
  const done = items.filter((i) => i.pending === 0)
  const row = (i: (typeof items)[number]) => [
    <a class='govuk-link' href={`/app/trials/${i.trial.id}/rating`}>
      {i.trial.title}
    </a>,
    <StatusTag status={i.trial.status} />,
    i.pending === null
      ? 'Not rated yet'
      : i.pending === 0
        ? 'Every scheme decided'
        : `${i.pending} ${i.pending === 1 ? 'scheme' : 'schemes'} awaiting a decision`,
  ]
  return page(c, {
    title: 'Ratings worklist',
    children: (
      <>
        <h1 class='govuk-heading-l'>Trials awaiting a rating</h1>
        {waiting.length ? (
          <Table
            caption='Awaiting a rating'
            head={['Trial', 'Status', 'Rating']}
            rows={waiting.map(row)}
          />
        ) : (
          <p class='govuk-body'>No trial is waiting for a rating.</p>
        )}
        {done.length ? (
          <Table
            caption='Rated'
            head={['Trial', 'Status', 'Rating']}
            rows={done.map(row)}
            captionSize='s'
          />
        ) : null}
        <p class='govuk-body-s'>Trials appear here once their registered analysis has run.</p>
      </>
    ),
  })
}
