import { sql } from 'drizzle-orm'
import type { Database } from '../db/client'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
  familyMediationIntervention,
  familyMediationProtocol,
} from '../../trials/protocol'
import { councils, enrolments, interventions, trials } from '../db/schema'
import { createCouncil, createToken, createUser, grantEvaluator } from '../services/accounts'
import { insertIntervention } from '../services/interventions'
import { completeDataCollectionLocked, patchTrial, registerLocked } from '../services/trials'
import { enrolRequests } from '../services/enrolment'
import { runPlannedAnalysisLocked } from '../services/analyses'
import { recordAudit, type ActorContext } from '../services/audit'
import type { RequestContext } from '../services/context'
import { computeRating, decideRating } from '../services/ratings'
import type { AppConfig } from '../env'
import { decideClose, decideRecruit, registered } from '../../trials/commands'
import { recordAdherence, recordScreening } from '../services/report-records'
import { recordExclusions } from '../services/report-exclusions'
import { publishReport, saveReportDetails } from '../services/report-publication'
import { isoWeekOf } from '../../trials/report'
import {
  HARM_OUTCOME,
  simulateHarmOutcome,
  simulateOutcomes,
  type SimulatedEffect,
} from './simulate'
import seedrandom from 'seedrandom'
import { demoCalendar, type DemoCalendar } from './calendar'
import { asc, eq } from 'drizzle-orm'

interface SeededToken {
  role: string
  who: string
  token: string
}

const DEMO_COUNCILS = [
  // Fictional councils; their codes sit in an unallocated part of the GSS range.
  { slug: 'northmere', code: 'E07000901', name: 'Northmere Borough Council' },
  { slug: 'eastbrook', code: 'E07000902', name: 'Eastbrook District Council' },
  { slug: 'westhaven', code: 'E06000903', name: 'Westhaven City Council' },
]

/**
 * On an empty database, creates three councils, one officer each, an evaluator, a Centre
 * staff member and an administrator, a family-mediation intervention, one trial registered `now`
 * that recruits from next month, and two trials of it completed on simulated data, dated over the
 * past two years ({@link demoCalendar}) so that registration, enrolment, follow-up, analysis and
 * rating follow each other and end before `now`. Returns the tokens (shown once), or null when the
 * database already holds data.
 */
export async function seedDemo(
  db: Database,
  now: Date,
  config: AppConfig
): Promise<{ tokens: SeededToken[] } | null> {
  const { pseudonymKey, engine } = config
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(councils)) as [
    { count: number },
  ]
  if (count > 0) return null
  const system = { id: null }
  const calendar = demoCalendar(now)
  // The councils and their staff were set up before the completed trials were registered.
  const since = calendar.interventionAt
  const tokens: SeededToken[] = []
  const made = []
  for (const c of DEMO_COUNCILS) made.push(await createCouncil(db, since, system, c))
  const officers = []
  for (const council of made) {
    const officer = await createUser(db, since, system, {
      name: `Housing options officer, ${council.name}`,
      role: 'officer',
      councilId: council.id,
    })
    officers.push(officer)
    tokens.push({
      role: 'officer',
      who: council.name,
      token: (await createToken(db, now, system, { userId: officer.id, label: 'demo' })).token,
    })
  }
  const interventionId = await seedRegisteredTrial(db, calendar, made[0]!, officers[0]!.id, engine)
  // Two completed trials of the same intervention elsewhere, on simulated data, so that results,
  // ratings inputs and the cross-council evidence summary have something to show.
  const centre = await createUser(db, since, system, {
    name: 'What Works Centre analyst',
    role: 'centre',
  })
  const evaluatorOfAll = await createUser(db, since, system, {
    name: 'Demo analyst (simulated data)',
    role: 'evaluator',
  })
  const eastbrook = await seedCompletedTrial(
    db,
    calendar.completed,
    made[1]!,
    officers[1]!.id,
    evaluatorOfAll.id,
    interventionId,
    pseudonymKey,
    engine,
    {
      households: 360,
      seed: 'eastbrook',
      effect: { homelessTreated: 0.23 },
    }
  )
  const westhaven = await seedCompletedTrial(
    db,
    calendar.completed,
    made[2]!,
    officers[2]!.id,
    evaluatorOfAll.id,
    interventionId,
    pseudonymKey,
    engine,
    {
      households: 300,
      seed: 'westhaven',
      effect: { homelessTreated: 0.27, attrition: 0.12 },
    }
  )
  for (const trialId of [eastbrook, westhaven])
    await rateAndPublish(
      db,
      calendar.completed.ratedAt,
      config,
      { id: centre.id, name: centre.name },
      trialId,
      {
        userId: evaluatorOfAll.id,
        requestId: 'demo-seed',
      }
    )
  const evaluator = await createUser(db, now, system, {
    name: 'Independent evaluator',
    role: 'evaluator',
  })
  await grantEvaluator(db, now, system, { userId: evaluator.id, councilId: made[0]!.id })
  tokens.push({
    role: 'evaluator',
    who: `evaluator (grant: ${made[0]!.name})`,
    token: (await createToken(db, now, system, { userId: evaluator.id, label: 'demo' })).token,
  })
  tokens.push({
    role: 'centre',
    who: 'What Works Centre',
    token: (await createToken(db, now, system, { userId: centre.id, label: 'demo' })).token,
  })
  const admin = await createUser(db, now, system, { name: 'Platform administrator', role: 'admin' })
  tokens.push({
    role: 'admin',
    who: 'administrator',
    token: (await createToken(db, now, system, { userId: admin.id, label: 'demo' })).token,
  })
  return { tokens }
}

/**
 * Centre staff rate a completed demo trial through the rating service, as from the rating page
 * (computed from the trial's own data, the EEF padlocks confirmed), then its authors publish the
 * report, acknowledging the checklist items the demo leaves missing.
 */
async function rateAndPublish(
  db: Database,
  now: Date,
  config: AppConfig,
  centre: { id: string; name: string },
  trialId: string,
  author: { userId: string; requestId: string }
) {
  const rc: RequestContext = {
    db,
    config,
    principal: {
      userId: centre.id,
      name: centre.name,
      role: 'centre',
      councilId: null,
      grantedCouncilIds: [],
      grantedTrialIds: [],
      tokenId: 'demo-seed',
    },
    actor: { userId: centre.id, role: 'centre', councilId: null, requestId: 'demo-seed', at: now },
  }
  const rating = await computeRating(rc, trialId, {
    declared: {
      outcome_source: 'administrative',
      outcome_measurement_blind: true,
      independent_evaluation: true,
    },
  })
  await decideRating(rc, trialId, rating.id, { scheme: 'eef_padlocks', action: 'confirm' })
  await db.transaction(async (tx) => {
    const [trial] = await tx.select().from(trials).where(eq(trials.id, trialId))
    await publishReport(tx, registered(trial!), author, now, true)
  })
}

/** The first council's family-mediation intervention and its registered trial (example protocol, set in that council). */
async function seedRegisteredTrial(
  db: Database,
  calendar: DemoCalendar,
  council: { id: string; code: string; name: string },
  officerId: string,
  engine: string
) {
  const now = calendar.registered.registeredAt
  return db.transaction(async (tx) => {
    const actor = { userId: officerId }
    const officer: ActorContext = {
      userId: officerId,
      councilId: council.id,
      requestId: 'demo-seed',
      at: now,
    }
    const intervention = await insertIntervention(
      tx,
      council.id,
      {
        ...familyMediationIntervention,
        owning_council: { code: council.code, name: council.name },
      },
      actor,
      calendar.interventionAt
    )
    const protocol = {
      ...familyMediationProtocol,
      timeline: calendar.registered.timeline,
      title: `Family mediation to prevent homelessness among households asked to leave by family: a randomised trial in ${council.name}`,
      intervention: { id: intervention.id, name: intervention.name },
      councils: [{ code: council.code, name: council.name }],
    }
    const [draft] = await tx
      .insert(trials)
      .values({
        councilId: council.id,
        interventionId: intervention.id,
        title: protocol.title,
        protocol,
        createdBy: officerId,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
    await registerLocked(tx, officer, draft!, engine)
    return intervention.id
  })
}

/** A trial taken through registration, recruitment of simulated households, close and the registered analysis. */
async function seedCompletedTrial(
  db: Database,
  dates: DemoCalendar['completed'],
  council: { id: string; slug: string; code: string; name: string },
  officerId: string,
  evaluatorId: string,
  interventionId: string,
  pseudonymKey: string,
  engine: string,
  options: { households: number; seed: string; effect: Partial<SimulatedEffect> }
): Promise<string> {
  return db.transaction(async (tx) => {
    const officer: ActorContext = {
      userId: officerId,
      councilId: council.id,
      requestId: 'demo-seed',
      at: dates.registeredAt,
    }
    const evaluator: ActorContext = {
      ...officer,
      userId: evaluatorId,
      councilId: null,
      at: dates.completeAt,
    }
    const [intervention] = await tx
      .select()
      .from(interventions)
      .where(eq(interventions.id, interventionId))
    const protocol = {
      ...familyMediationProtocol,
      title: `Family mediation as homelessness prevention in ${council.name} (demo: simulated data)`,
      intervention: { id: intervention!.id, name: intervention!.name },
      councils: [{ code: council.code, name: council.name }],
      timeline: dates.timeline,
      ...registryDetails(council, dates.ethicsApproval),
      ...registeredHarms(),
    }
    const [draft] = await tx
      .insert(trials)
      .values({
        councilId: council.id,
        interventionId,
        title: protocol.title,
        protocol,
        createdBy: officerId,
        createdAt: dates.registeredAt,
        updatedAt: dates.registeredAt,
      })
      .returning()
    const registered = await registerLocked(tx, officer, draft!, engine)
    const recruit = decideRecruit(registered, dates.recruitingFrom)
    const recruiting = await patchTrial(tx, registered.id, recruit.patch)
    await recordAudit(tx, { ...officer, at: dates.recruitingFrom }, recruit.audit)
    const rng = seedrandom(options.seed)
    const households = Array.from({ length: options.households }, (_, i) => ({
      household_ref: `DEMO-${options.seed}-${i}`,
      baseline: {
        council_area: exampleCouncilAreas[Math.floor(rng() * exampleCouncilAreas.length)]!,
        household_type: exampleHouseholdTypes[Math.floor(rng() * exampleHouseholdTypes.length)]!,
        age_head: 17 + Math.floor(rng() * 45),
        prior_presentations: Math.floor(rng() * rng() * 5),
        in_work: rng() < 0.4 ? 1 : 0,
      },
    }))
    // Households present one by one over the recruitment window, each enrolled as it presents.
    await enrolRequests(
      tx,
      recruiting,
      pseudonymKey,
      households.map((household, i) => ({
        actor: { ...officer, at: dates.enrolledAt(i, households.length) },
        households: [household],
        pointerPrefix: () => `/households/${i}`,
      }))
    )
    await simulateOutcomes(tx, registered.id, evaluatorId, {
      seed: options.seed,
      treatedArms: ['family_mediation'],
      effect: options.effect,
      recordedAt: dates.outcomeAt,
      process: true,
    })
    await simulateHarmOutcome(tx, registered.id, evaluatorId, {
      seed: options.seed,
      rate: 0.06,
      recordedAt: dates.outcomeAt,
    })
    await seedTrialRecords(tx, recruiting, officerId, dates, pseudonymKey, options.seed)
    const close = decideClose(recruiting, dates.closedAt)
    const closed = await patchTrial(tx, registered.id, close.patch)
    await recordAudit(tx, { ...officer, at: dates.closedAt }, close.audit)
    // Every six-month window has passed and every outcome is recorded or missing with a reason.
    const complete = await completeDataCollectionLocked(tx, evaluator, closed)
    await runPlannedAnalysisLocked(tx, evaluator, complete, engine)
    const [analysed] = await tx.select().from(trials).where(eq(trials.id, registered.id))
    const author = { userId: evaluatorId, requestId: 'demo-seed' }
    // The authors have written some of the report; the rest shows as missing on the checklist.
    await saveReportDetails(tx, analysed!, author, dates.completeAt, {
      funding:
        'Demo: funded from the council homelessness prevention grant; the funder had no role in the analysis.',
      conflicts_of_interest: 'Demo: none declared.',
      interpretation:
        'Demo (simulated data): an offer of family mediation reduced the share of households owed a relief duty or placed in temporary accommodation within six months.',
    })
    return registered.id
  })
}

/**
 * The demo trials' registered harm (CONSORT 2025 items 15 and 27): mediation can bring a family
 * conflict into the open and end in the young person leaving home unplanned, so the same follow-up
 * contact that records the primary outcome asks every household about it. A secondary outcome with
 * no planned comparison: the report shows it in each group as recorded.
 */
function registeredHarms() {
  return {
    secondary_outcomes: [
      ...familyMediationProtocol.secondary_outcomes,
      {
        name: HARM_OUTCOME,
        label: 'Left the family home unplanned within 6 months',
        type: 'binary' as const,
        unit: 'household',
        definition:
          '1 if, within 6 months of randomisation, the young person or household left the family home without a planned move (after a dispute, to sleep rough or to stay with friends); 0 otherwise',
        time_point: {
          anchor: 'randomisation' as const,
          offset: 'P6M',
          label: 'within 6 months of randomisation',
        },
        data_source: 'Follow-up contact by the housing options team',
      },
    ],
    harms: {
      definition:
        'An unplanned departure from the family home after a dispute, including sleeping rough or staying with friends, whether or not mediation took place',
      assessment: 'systematic' as const,
      outcomes: [HARM_OUTCOME],
    },
  }
}

/**
 * What a primary registry asks of a demo trial besides the protocol (WHO TRDS items 4, 7, 8 and 21):
 * its funder, contacts for public and scientific queries as council roles with team mailboxes (no
 * person is named), and the ethics review, approved before recruitment started.
 */
function registryDetails(
  council: { slug: string; code: string; name: string },
  approvalDate: string
) {
  const mailbox = (team: string) => `${team}@${council.slug}.example`
  return {
    funding: [
      {
        name: 'Homelessness Prevention Grant (demo)',
        support: 'monetary' as const,
        role: 'None in the design, analysis or reporting of the trial',
      },
      {
        name: `${council.name} Housing Options service`,
        support: 'material' as const,
        role: 'Officer time for referral, randomisation and follow-up contact',
      },
    ],
    contacts: {
      public: {
        role: 'Housing Options service manager',
        organisation: council.name,
        email: mailbox('housing.options'),
      },
      scientific: {
        role: 'Evaluation lead, Policy and Insight team',
        organisation: council.name,
        email: mailbox('insight.trials'),
      },
    },
    ethics_review: {
      status: 'approved' as const,
      committee: `${council.name} Research Governance Board`,
      approval_date: approvalDate,
      reference: `RGB/${approvalDate.slice(0, 4)}/${council.code}`,
    },
  }
}

/**
 * The demo's screening log and adherence records: households assessed and not randomised, counted
 * per reason in the recruitment week, and for every enrolled household whether it received what it
 * was allocated (about one in five offered mediation did not take it up; a few in usual care were
 * mediated anyway). Deterministic given `seed`; written through the same services as the API.
 */
async function seedTrialRecords(
  tx: Parameters<typeof recordScreening>[0],
  trial: typeof trials.$inferSelect,
  officerId: string,
  dates: DemoCalendar['completed'],
  pseudonymKey: string,
  seed: string
) {
  const actor = { userId: officerId, requestId: 'demo-seed' }
  const options = { dryRun: false, corrections: false, source: 'demo' }
  const rng = seedrandom(`${seed}-records`)
  const now = dates.closedAt
  const week = isoWeekOf(dates.recruitingFrom)
  const counts = {
    not_eligible: 40 + Math.floor(rng() * 30),
    declined: 15 + Math.floor(rng() * 15),
    other: 3 + Math.floor(rng() * 5),
  }
  await recordScreening(
    tx,
    trial,
    actor,
    now,
    pseudonymKey,
    [
      { row: 1, index: 0, value: { week, reason: 'not_eligible', count: counts.not_eligible } },
      { row: 2, index: 1, value: { week, reason: 'declined', count: counts.declined } },
      {
        row: 3,
        index: 2,
        value: {
          week,
          reason: 'other',
          count: counts.other,
          detail: 'already housed before assessment ended',
        },
      },
    ],
    options
  )
  const units = await tx
    .select({
      household: enrolments.household,
      arm: enrolments.arm,
      enrolledAt: enrolments.enrolledAt,
    })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
    .orderBy(asc(enrolments.sequence))
  const date = now.toISOString().slice(0, 10)
  const reasons = ['declined the offer', 'could not be contacted', 'family refused to take part']
  const entries = units.flatMap((u, i) => {
    const r = rng()
    const date = dates.adherenceOn(u.enrolledAt)
    if (r < 0.05) return [] // receipt not recorded
    const value =
      u.arm === 'family_mediation'
        ? r < 0.22
          ? {
              household: u.household,
              status: 'not_received' as const,
              reason: reasons[i % 3]!,
              date,
            }
          : r < 0.27
            ? {
                household: u.household,
                status: 'discontinued' as const,
                reason: 'stopped after the first session',
                date,
              }
            : { household: u.household, status: 'received_as_allocated' as const, date }
        : r < 0.1
          ? {
              household: u.household,
              status: 'received_though_control' as const,
              reason: 'referred to the mediation service by a school',
              date,
            }
          : { household: u.household, status: 'received_as_allocated' as const, date }
    return [{ row: i + 1, index: i, value }]
  })
  // Receipt is known for the last households only after recruitment has closed.
  await recordAdherence(tx, trial, actor, dates.completeAt, pseudonymKey, entries, options)
  // Two exclusions from analysis: one household found on review to have been in temporary
  // accommodation at referral (a registered exclusion criterion), so it leaves the intention-to-
  // treat analysis; one that moved away, reported but kept in the analysis in its allocated arm.
  await recordExclusions(
    tx,
    trial,
    actor,
    now,
    pseudonymKey,
    [
      {
        row: 1,
        index: 0,
        value: {
          household_ref: `DEMO-${seed}-7`,
          reason: 'found on review of the referral to have been in temporary accommodation already',
          date,
          criterion: 'Already in temporary accommodation at referral',
        },
      },
      {
        row: 2,
        index: 1,
        value: {
          household_ref: `DEMO-${seed}-19`,
          reason: 'moved out of the council area after randomisation',
          date,
        },
      },
    ],
    options
  )
}
