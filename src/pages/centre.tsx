import type { Context } from 'hono'
import type { AppEnv } from '../env'
import type { RatingList } from '../routes/evidence'
import { createRouter } from '../openapi'
import { api, capitalise } from './api'
import {
  BackLink,
  Button,
  ErrorSummary,
  Form,
  NotificationBanner,
  Radios,
  Table,
  TextInput,
  Textarea,
  bound,
  errorFor,
  type FieldError,
} from './components'
import { page } from './render'
import { SCHEME_LABELS } from './results'
import { only } from './sign-in'
import { getTrial, type TrialJson } from './trial-data'
import { dateWords, humanise, levelWords } from './words'

type Ctx = Context<AppEnv>

const levelOf = (text: string): string | number =>
  /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text.trim()

async function ratingPage(
  c: Ctx,
  trial: TrialJson,
  errors: FieldError[] = [],
  notice?: string,
  values: Record<string, string> = {}
) {
  const res = await api<RatingList>(c, 'GET', `/trials/${trial.id}/ratings`)
  const ratings = res.ok ? res.body.ratings : []
  const current = ratings[0]
  const schemes = (current?.schemes ?? []).filter((s) => s.computed_level !== null)
  const action = `/app/trials/${trial.id}/rating`
  return page(
    c,
    {
      title: `Rate the evidence: ${trial.title}`,
      hasErrors: errors.length > 0,
      children: (
        <>
          <BackLink href='/app' text='Back to the worklist' />
          <ErrorSummary errors={errors} />
          {notice ? <NotificationBanner success heading={notice} /> : null}
          <span class='govuk-caption-l'>{trial.title}</span>
          <h1 class='govuk-heading-l'>Rate the evidence</h1>
          <p class='govuk-body'>
            <a class='govuk-link' href={`/app/trials/${trial.id}/report`}>
              Read the trial report
            </a>{' '}
            before deciding.
          </p>
          {current ? (
            <>
              <p class='govuk-body'>
                Computed on {dateWords(current.created_at)} from the trial’s own data.
              </p>
              <Table
                caption='Levels by scheme'
                stack
                head={['Scheme', 'Computed level', 'Decision', 'What limited it']}
                rows={schemes.map((s) => [
                  SCHEME_LABELS[s.scheme] ?? humanise(s.scheme),
                  levelWords(s.computed_level),
                  s.status === 'pending'
                    ? 'Awaiting your decision'
                    : `${humanise(s.status)}: ${levelWords(s.final_level)}`,
                  s.limiting_words,
                ])}
              />
              {current.declared_facts.length ? (
                <p class='govuk-body-s'>
                  Declared by the evaluator, not measured:{' '}
                  {current.declared_facts.map(humanise).join(', ')}.
                </p>
              ) : null}
              {schemes
                .filter((s) => s.status === 'pending')
                .map((s) => (
                  <Form
                    action={`${action}/decide`}
                    csrfToken={c.var.csrfToken}
                    class='govuk-!-margin-bottom-8'
                  >
                    <input type='hidden' name='scheme' value={s.scheme} />
                    <h2 class='govuk-heading-m'>{SCHEME_LABELS[s.scheme] ?? humanise(s.scheme)}</h2>
                    <Radios
                      id={`${s.scheme}-action`}
                      name='action'
                      label={`Confirm the computed level (${levelWords(s.computed_level)}) or override it?`}
                      value={values.scheme === s.scheme ? values.action : undefined}
                      error={errorFor(errors, `${s.scheme}-action`)}
                      options={[
                        { value: 'confirm', text: `Confirm ${levelWords(s.computed_level)}` },
                        { value: 'override', text: 'Override with another level' },
                      ]}
                    />
                    <TextInput
                      id={`${s.scheme}-level`}
                      name='level'
                      label='Overriding level'
                      hint='Only when overriding: a level on this scheme’s own scale'
                      value={values.scheme === s.scheme ? values.level : ''}
                      error={errorFor(errors, `${s.scheme}-level`)}
                      width='5'
                    />
                    <Textarea
                      id={`${s.scheme}-reason`}
                      name='reason'
                      label='Reason'
                      hint='Required when overriding (at least 10 characters); shown on the public record'
                      value={values.scheme === s.scheme ? values.reason : ''}
                      error={errorFor(errors, `${s.scheme}-reason`)}
                      rows={3}
                    />
                    <Button>Save decision</Button>
                  </Form>
                ))}
              <h2 class='govuk-heading-m'>History</h2>
              <Table
                caption='Decisions'
                captionSize='s'
                head={['Scheme', 'Decision', 'Level', 'Reason', 'Date']}
                rows={ratings.flatMap((r) =>
                  r.schemes.flatMap((s) =>
                    s.decisions.map((d) => [
                      SCHEME_LABELS[s.scheme] ?? humanise(s.scheme),
                      humanise(d.action),
                      `${levelWords(d.computed_level)} → ${levelWords(d.final_level)}`,
                      d.reason ?? '–',
                      dateWords(d.decided_at),
                    ])
                  )
                )}
              />
              <p class='govuk-body-s'>
                {ratings.length} {ratings.length === 1 ? 'rating' : 'ratings'} computed for this
                trial; the newest is shown.
              </p>
            </>
          ) : (
            <Form action={`${action}/compute`} csrfToken={c.var.csrfToken}>
              <p class='govuk-body'>No rating has been computed yet.</p>
              <Radios
                {...bound(values, errors, 'outcome_source')}
                label='Where does the primary outcome come from?'
                options={[
                  {
                    value: 'administrative',
                    text: 'Administrative records (H-CLIC, case records)',
                  },
                  { value: 'assessor', text: 'An assessor' },
                  { value: 'self_report', text: 'Self-report' },
                ]}
              />
              <Button>Compute the rating</Button>
            </Form>
          )}
        </>
      ),
    },
    errors.length ? 422 : 200
  )
}

/** Computes the trial's rating from where its primary outcome comes from; why not, when it was not. */
async function computeRating(c: Ctx, trial: TrialJson, outcomeSource: string | undefined) {
  if (!outcomeSource) return 'Select where the primary outcome comes from'
  const res = await api(c, 'POST', `/trials/${trial.id}/ratings`, {
    json: { declared: { outcome_source: outcomeSource } },
  })
  return res.ok ? null : capitalise(res.body.detail ?? 'The rating was not computed')
}

/** Confirms or overrides one scheme of the current rating; the problems, beside their fields, if refused. */
async function decideRating(
  c: Ctx,
  trial: TrialJson,
  form: Record<string, string>
): Promise<FieldError[]> {
  const scheme = form.scheme ?? ''
  const errors: FieldError[] = []
  if (form.action !== 'confirm' && form.action !== 'override')
    errors.push({ field: `${scheme}-action`, text: 'Select confirm or override' })
  if (form.action === 'override' && !(form.level ?? '').trim())
    errors.push({ field: `${scheme}-level`, text: 'Enter the overriding level' })
  if (errors.length) return errors
  const ratings = await api<RatingList>(c, 'GET', `/trials/${trial.id}/ratings`)
  const current = ratings.ok ? ratings.body.ratings[0] : undefined
  if (!current) return [{ field: `${scheme}-action`, text: 'Compute the rating first' }]
  const res = await api(c, 'POST', `/trials/${trial.id}/ratings/${current.id}/decisions`, {
    json: {
      scheme,
      action: form.action,
      ...(form.action === 'override' ? { level: levelOf(form.level ?? '') } : {}),
      ...((form.reason ?? '').trim() ? { reason: form.reason!.trim() } : {}),
    },
  })
  if (res.ok) return []
  const list = (res.body.errors ?? []) as Array<{ pointer: string; detail: string }>
  const field = (p: string) =>
    `${scheme}-${p.includes('reason') ? 'reason' : p.includes('level') ? 'level' : 'action'}`
  if (list.length) return list.map((e) => ({ field: field(e.pointer), text: capitalise(e.detail) }))
  return [
    {
      field: field(res.body.detail ?? ''),
      text: capitalise(res.body.detail ?? 'The decision was refused'),
    },
  ]
}

export const centrePages = createRouter()
  .get('/app/trials/:id/rating', only('centre'), async (c) =>
    ratingPage(c, await getTrial(c, c.req.param('id')))
  )
  .post('/app/trials/:id/rating/compute', only('centre'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const form = (await c.req.parseBody()) as Record<string, string>
    const problem = await computeRating(c, trial, form.outcome_source)
    if (problem)
      return ratingPage(c, trial, [{ field: 'outcome_source', text: problem }], undefined, form)
    return ratingPage(
      c,
      trial,
      [],
      'The rating has been computed. Confirm or override each scheme.'
    )
  })
  .post('/app/trials/:id/rating/decide', only('centre'), async (c) => {
    const trial = await getTrial(c, c.req.param('id'))
    const form = (await c.req.parseBody()) as Record<string, string>
    const scheme = form.scheme ?? ''
    const errors = await decideRating(c, trial, form)
    if (errors.length) return ratingPage(c, trial, errors, undefined, form)
    return ratingPage(c, trial, [], `${SCHEME_LABELS[scheme] ?? humanise(scheme)}: decision saved.`)
  })
