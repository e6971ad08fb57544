import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { missingReasons, observationKinds } from '../../trials/data'
import type { Facts } from '../../analysis/ratings'
import {
  ANALYSIS_STAGES,
  RATING_SCHEMES,
  type ExploratoryRequest,
  type ExploratoryRunReport,
  type PlannedRunReport,
  type RatingLevel,
  type StoredRatingReport,
} from '../../trials/commands'
import type { BaselineValue } from '../../trials/enrolment'
import type { ProvenanceMap } from '../../trials/evidence'
import type { AllocatorState, FieldValue } from '../../trials/randomisation'
import type { ChecklistItem, ReportDetailKey } from '../../trials/report'
import type { RegistrationBody } from '../../trials/registration-record'
import type { Deviation, ProtocolChange, Protocol, ProtocolDraft } from '../../trials/protocol'
import type { Intervention } from '../../trials/protocol'
import type { ImportResult } from '../services/data-import'
import { TRIAL_STATUSES } from '../../trials/protocol'
import { adherenceStatuses, screeningReasons } from '../../trials/report'

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull()

/**
 * A primary key drawn by `time_ordered_uuid()` (migration 0012): a version 7 UUID, whose leading 48 bits are the
 * Unix time in milliseconds, so rows inserted one after another land on the rightmost leaf page of the key's index
 * (and of every index that leads with the trial and this id). With random version 4 keys each insert wrote into a
 * random leaf of a large index: after every checkpoint that page's first change is logged whole (about 8 KB of WAL),
 * and COMMIT waits for the WAL to reach the disk. For the tables an enrolment writes many rows into.
 */
const timeOrderedId = () =>
  uuid('id')
    .primaryKey()
    .default(sql`time_ordered_uuid()`)

/** A local authority taking part in the network. */
export const councils = pgTable('councils', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  /** ONS GSS local-authority code (e.g. E06000014): how councils are matched when trials are pooled. */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
})

export const roles = ['officer', 'evaluator', 'centre', 'admin'] as const
export type Role = (typeof roles)[number]

/** Staff accounts (never households). Officers belong to exactly one council. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: text('role', { enum: roles }).notNull(),
    councilId: uuid('council_id').references(() => councils.id),
    createdAt: createdAt(),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('users_role_check', sql`${t.role} in ('officer', 'evaluator', 'centre', 'admin')`),
    check('users_officer_has_council', sql`${t.role} <> 'officer' or ${t.councilId} is not null`),
  ]
)

/**
 * Bearer tokens `tw_<id>_<secret>`: the id is public and indexed, only SHA-256(secret) is stored,
 * and the secret is compared in constant time.
 */
export const apiTokens = pgTable('api_tokens', {
  id: text('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  secretHash: text('secret_hash').notNull(),
  label: text('label').notNull(),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
})

/** Evaluators see what they are granted: one trial, or every trial of one council. */
export const evaluatorGrants = pgTable(
  'evaluator_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    councilId: uuid('council_id').references(() => councils.id),
    trialId: uuid('trial_id').references(() => trials.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('evaluator_grants_one_target', sql`(${t.councilId} is null) <> (${t.trialId} is null)`),
    index('evaluator_grants_user_idx').on(t.userId),
  ]
)

/** Interventions are shared across councils so that the Centre can pool trials of one intervention. */
export const interventions = pgTable('interventions', {
  id: uuid('id').primaryKey().defaultRandom(),
  councilId: uuid('council_id')
    .notNull()
    .references(() => councils.id),
  name: text('name').notNull(),
  category: text('category').notNull(),
  /** The full registered description, as validated by `interventionSchema`. */
  details: jsonb('details').$type<Intervention>().notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
})

/** The SQL list of trial statuses, built from the domain's one list. */
const statusList = sql.raw(TRIAL_STATUSES.map((s) => `'${s}'`).join(', '))

/** A trial and its current protocol. Versions after registration live in `protocol_versions`. */
export const trials = pgTable(
  'trials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    councilId: uuid('council_id')
      .notNull()
      .references(() => councils.id),
    interventionId: uuid('intervention_id')
      .notNull()
      .references(() => interventions.id),
    title: text('title').notNull(),
    status: text('status', { enum: TRIAL_STATUSES }).notNull().default(TRIAL_STATUSES[0]),
    protocol: jsonb('protocol').$type<ProtocolDraft>().notNull(),
    protocolVersion: integer('protocol_version').notNull().default(0),
    protocolHash: text('protocol_hash'),
    seedCommitment: text('seed_commitment'),
    /** Secret until the trial closes; never returned by the API before then. */
    seed: text('seed'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'date' }),
    recruitingAt: timestamp('recruiting_at', { withTimezone: true, mode: 'date' }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    /** The hashed registration record of the current protocol version (`RegistrationBody`). */
    registration: jsonb('registration').$type<RegistrationBody>(),
    registrationHash: text('registration_hash'),
    /** First time anyone saw outcome data or results (download, analysis run, results opened), and how. */
    outcomesSeenAt: timestamp('outcomes_seen_at', { withTimezone: true, mode: 'date' }),
    outcomesSeenBy: text('outcomes_seen_by'),
    /** When data collection was declared complete (follow-up windows passed, or with a reason). */
    dataCompleteAt: timestamp('data_complete_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    check('trials_status_check', sql`${t.status} in (${statusList})`),
    index('trials_council_idx').on(t.councilId),
    index('trials_intervention_idx').on(t.interventionId),
  ]
)

/** Every registered protocol version: version 1 at registration, then one per amendment. */
export const protocolVersions = pgTable(
  'protocol_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    version: integer('version').notNull(),
    protocol: jsonb('protocol').$type<Protocol>().notNull(),
    protocolHash: text('protocol_hash').notNull(),
    reason: text('reason'),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    diff: jsonb('diff').$type<ProtocolChange[]>(),
    deviation: boolean('deviation').notNull().default(false),
    deviationReasons: jsonb('deviation_reasons').$type<Deviation[]>(),
    createdAt: createdAt(),
    registrationHash: text('registration_hash'),
    /** Whether outcome data or results had been seen when this version was made (null: not recorded then). */
    outcomesSeen: boolean('outcomes_seen'),
  },
  (t) => [uniqueIndex('protocol_versions_trial_version_idx').on(t.trialId, t.version)]
)

/**
 * Append-only audit trail, written in the same transaction as the change it records, and chained:
 * each entry carries the SHA-256 of its payload and of the previous entry (`trials/audit`). A trigger
 * refuses UPDATE and DELETE (apart from chaining rows written before the chain existed, once).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    councilId: uuid('council_id').references(() => councils.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    requestId: text('request_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    /** The chain the entry belongs to: `trial:<id>` for a trial's events, `global` for the rest. */
    chain: text('chain').notNull().default('global'),
    /** Position in its chain, from 1, without gaps. */
    sequence: integer('sequence'),
    actorRole: text('actor_role'),
    payloadHash: text('payload_hash'),
    previousHash: text('previous_hash'),
    hash: text('hash'),
  },
  (t) => [
    index('audit_events_entity_idx').on(t.entityType, t.entityId),
    uniqueIndex('audit_events_chain_sequence_idx').on(t.chain, t.sequence),
  ]
)

/**
 * The head of each audit chain: one row per chain, locked and updated in the transaction of every append
 * to it, so that concurrent appends to one chain queue behind each other and the chain stays linear,
 * while appends to different trials' chains never wait for each other.
 */
export const auditChainHead = pgTable('audit_chain_head', {
  chain: text('chain').primaryKey(),
  sequence: integer('sequence').notNull(),
  hash: text('hash').notNull(),
})

/**
 * The public allocation ledger: one entry per enrolment, written in the enrolment's transaction, with only
 * the unit fields the randomisation reads and a running SHA-256 chain (`trials/ledger`). Append-only.
 */
export const allocationLedger = pgTable(
  'allocation_ledger',
  {
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    sequence: integer('sequence').notNull(),
    household: text('household').notNull(),
    unit: jsonb('unit').$type<Record<string, FieldValue | null>>().notNull(),
    arm: text('arm').notNull(),
    hash: text('hash').notNull(),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id),
  },
  (t) => [uniqueIndex('allocation_ledger_trial_sequence_idx').on(t.trialId, t.sequence)]
)

/**
 * One randomised household (or other unit), in order of presentation. Rows are immutable: a
 * trigger refuses UPDATE and DELETE, so an allocation once made can never be changed or undone.
 * `household` is the council-keyed pseudonym; the raw reference is never stored.
 */
export const enrolments = pgTable(
  'enrolments',
  {
    id: timeOrderedId(),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    sequence: integer('sequence').notNull(),
    household: text('household').notNull(),
    /** The unit as the allocator saw it: strata, cluster and minimisation factor values. */
    unit: jsonb('unit').$type<Record<string, BaselineValue>>().notNull(),
    baseline: jsonb('baseline').$type<Record<string, BaselineValue>>(),
    arm: text('arm').notNull(),
    stratum: text('stratum'),
    block: integer('block'),
    algorithm: text('algorithm').notNull(),
    protocolVersion: integer('protocol_version').notNull(),
    enrolledBy: uuid('enrolled_by')
      .notNull()
      .references(() => users.id),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('enrolments_trial_sequence_idx').on(t.trialId, t.sequence),
    uniqueIndex('enrolments_trial_household_idx').on(t.trialId, t.household),
  ]
)

// The vocabulary of trial data lives in the pure core; the column enums are TypeScript-only (no SQL).
export { observationKinds, missingReasons } from '../../trials/data'

/**
 * The current value of one variable (baseline covariate, outcome or take-up measure) for one
 * enrolled household. A missing value is a row with `missing_reason`, never a silent null.
 * Each change bumps `version` and leaves the previous value in `observation_history`.
 */
export const observations = pgTable(
  'observations',
  {
    id: timeOrderedId(),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id),
    kind: text('kind', { enum: observationKinds }).notNull(),
    variable: text('variable').notNull(),
    valueNumber: doublePrecision('value_number'),
    valueText: text('value_text'),
    missingReason: text('missing_reason', { enum: missingReasons }),
    version: integer('version').notNull().default(1),
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('observations_unit_variable_idx').on(t.trialId, t.enrolmentId, t.variable),
    index('observations_trial_idx').on(t.trialId, t.kind),
    check(
      'observations_value_or_reason',
      sql`(${t.missingReason} is null) = (${t.valueNumber} is not null or ${t.valueText} is not null)`
    ),
  ]
)

/** Every superseded value, with who changed it, when and why. */
export const observationHistory = pgTable(
  'observation_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    observationId: uuid('observation_id')
      .notNull()
      .references(() => observations.id),
    version: integer('version').notNull(),
    valueNumber: doublePrecision('value_number'),
    valueText: text('value_text'),
    missingReason: text('missing_reason'),
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Why the value was replaced (required for every correction). */
    reason: text('reason').notNull(),
    replacedBy: uuid('replaced_by')
      .notNull()
      .references(() => users.id),
    replacedAt: timestamp('replaced_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('observation_history_observation_idx').on(t.observationId)]
)

/** Bulk imports: one row per accepted upload, keyed for idempotent retries. */
export const dataImports = pgTable(
  'data_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    kind: text('kind', { enum: observationKinds }).notNull(),
    idempotencyKey: text('idempotency_key'),
    bodySha256: text('body_sha256').notNull(),
    rows: integer('rows').notNull(),
    result: jsonb('result').$type<ImportResult>().notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('data_imports_idempotency_idx').on(t.trialId, t.idempotencyKey)]
)

/**
 * One execution of analyses on a trial's data: the pre-registered plan, or an exploratory
 * analysis (labelled so everywhere). It records everything needed to reproduce the numbers.
 */
export const analysisRuns = pgTable(
  'analysis_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    kind: text('kind', { enum: ['planned', 'exploratory'] }).notNull(),
    /** Planned runs: interim while follow-up continues, final once data collection is complete. */
    stage: text('stage', { enum: ANALYSIS_STAGES }),
    protocolVersion: integer('protocol_version').notNull(),
    protocolHash: text('protocol_hash').notNull(),
    /** SHA-256 of the analysis dataset exactly as exported (CSV). */
    datasetHash: text('dataset_hash').notNull(),
    engineVersion: text('engine_version').notNull(),
    /** Seed of any simulation (Monte Carlo randomisation inference), derived from the trial seed. */
    simulationSeed: text('simulation_seed'),
    request: jsonb('request').$type<ExploratoryRequest>(),
    report: jsonb('report').$type<PlannedRunReport | ExploratoryRunReport>().notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('analysis_runs_trial_idx').on(t.trialId)]
)

/**
 * A rating computed from a trial's design and data (`facts`, each with its provenance: measured
 * or declared), and the rating report. Centre staff decisions on it live in `rating_decisions`.
 */
export const evidenceRatings = pgTable(
  'evidence_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    analysisRunId: uuid('analysis_run_id').references(() => analysisRuns.id),
    facts: jsonb('facts').$type<Facts>().notNull(),
    provenance: jsonb('provenance').$type<ProvenanceMap>().notNull(),
    options: jsonb('options').$type<Record<string, unknown>>(),
    report: jsonb('report').$type<StoredRatingReport>().notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('evidence_ratings_trial_idx').on(t.trialId)]
)

/** Centre staff confirmations and overrides, append-only: the computed level is always kept beside the final one. */
export const ratingDecisions = pgTable(
  'rating_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ratingId: uuid('rating_id')
      .notNull()
      .references(() => evidenceRatings.id),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    scheme: text('scheme', { enum: RATING_SCHEMES }).notNull(),
    action: text('action', { enum: ['confirm', 'override'] }).notNull(),
    computedLevel: jsonb('computed_level').$type<RatingLevel>().notNull(),
    finalLevel: jsonb('final_level').$type<RatingLevel>().notNull(),
    reason: text('reason'),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('rating_decisions_rating_idx').on(t.ratingId),
    check(
      'rating_decisions_override_has_reason',
      sql`${t.action} <> 'override' or length(coalesce(${t.reason}, '')) >= 10`
    ),
  ]
)

// The vocabularies of trial records live in the pure core; the column enums are TypeScript-only.
export { screeningReasons, adherenceStatuses } from '../../trials/report'

/**
 * The screening log: households assessed for eligibility and not randomised (CONSORT "excluded"),
 * either one household by its council-keyed pseudonym with the date assessed, or a count per
 * reason per ISO week. No personal data: `detail` is one short line. Each change bumps `version`
 * and leaves the previous row in `screening_history`.
 */
export const screeningRecords = pgTable(
  'screening_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    /** `h:<pseudonym>` or `w:<week>:<reason>`: one current record per household, or per week and reason. */
    key: text('key').notNull(),
    week: text('week').notNull(),
    household: text('household'),
    assessedOn: text('assessed_on'),
    reason: text('reason', { enum: screeningReasons }).notNull(),
    detail: text('detail'),
    count: integer('count').notNull(),
    version: integer('version').notNull().default(1),
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('screening_records_trial_key_idx').on(t.trialId, t.key),
    check('screening_records_count_positive', sql`${t.count} >= 1`),
    check(
      'screening_records_reason_check',
      sql`${t.reason} in ('not_eligible', 'declined', 'other')`
    ),
  ]
)

/** Every superseded screening record, with who changed it, when and why. */
export const screeningHistory = pgTable(
  'screening_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    screeningId: uuid('screening_id')
      .notNull()
      .references(() => screeningRecords.id),
    version: integer('version').notNull(),
    week: text('week').notNull(),
    assessedOn: text('assessed_on'),
    reason: text('reason', { enum: screeningReasons }).notNull(),
    detail: text('detail'),
    count: integer('count').notNull(),
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    correctionReason: text('correction_reason').notNull(),
    replacedBy: uuid('replaced_by')
      .notNull()
      .references(() => users.id),
    replacedAt: timestamp('replaced_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('screening_history_record_idx').on(t.screeningId)]
)

/**
 * Adherence: for each enrolled household, whether it received the intervention it was allocated
 * (or, in the control arm, received it anyway), when, and why not; in a waitlist trial, when the
 * control household was offered the intervention after its primary outcome window.
 */
export const adherenceRecords = pgTable(
  'adherence_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id),
    status: text('status', { enum: adherenceStatuses }).notNull(),
    reason: text('reason'),
    occurredOn: text('occurred_on').notNull(),
    delayedOfferOn: text('delayed_offer_on'),
    version: integer('version').notNull().default(1),
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('adherence_records_trial_enrolment_idx').on(t.trialId, t.enrolmentId),
    check(
      'adherence_records_status_check',
      sql`${t.status} in ('received_as_allocated', 'not_received', 'discontinued', 'received_though_control')`
    ),
  ]
)

/** Every superseded adherence record, with who changed it, when and why. */
export const adherenceHistory = pgTable(
  'adherence_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    adherenceId: uuid('adherence_id')
      .notNull()
      .references(() => adherenceRecords.id),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    occurredOn: text('occurred_on').notNull(),
    delayedOfferOn: text('delayed_offer_on'),
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    correctionReason: text('correction_reason').notNull(),
    replacedBy: uuid('replaced_by')
      .notNull()
      .references(() => users.id),
    replacedAt: timestamp('replaced_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('adherence_history_record_idx').on(t.adherenceId)]
)

/**
 * Post-randomisation exclusions (CONSORT 2025 flow, "excluded from analysis"): a randomised
 * household left out of the analysis, why and when it was decided. Its allocation stays in the
 * ledger; the flow counts it under its arm and the analysis dataset leaves it out. Each change bumps
 * `version` and leaves the previous row in `analysis_exclusion_history`.
 */
export const analysisExclusions = pgTable(
  'analysis_exclusions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trialId: uuid('trial_id')
      .notNull()
      .references(() => trials.id),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id),
    reason: text('reason').notNull(),
    excludedOn: text('excluded_on').notNull(),
    /** The registered eligibility criterion failed at randomisation; null: the household stays in the ITT analysis. */
    ineligibleCriterion: text('ineligible_criterion'),
    version: integer('version').notNull().default(1),
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('analysis_exclusions_trial_enrolment_idx').on(t.trialId, t.enrolmentId)]
)

/** Every superseded exclusion record, with who changed it, when and why. */
export const analysisExclusionHistory = pgTable(
  'analysis_exclusion_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    exclusionId: uuid('exclusion_id')
      .notNull()
      .references(() => analysisExclusions.id),
    version: integer('version').notNull(),
    reason: text('reason').notNull(),
    excludedOn: text('excluded_on').notNull(),
    ineligibleCriterion: text('ineligible_criterion'),
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    correctionReason: text('correction_reason').notNull(),
    replacedBy: uuid('replaced_by')
      .notNull()
      .references(() => users.id),
    replacedAt: timestamp('replaced_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('analysis_exclusion_history_record_idx').on(t.exclusionId)]
)

/**
 * What only a report's authors can write (funding, conflicts of interest, interpretation,
 * limitations, ...: the CONSORT items no record answers), and the report's publication: when, by
 * whom, from which analysis run, and the checklist as it stood, including any missing items the
 * publisher acknowledged.
 */
export const trialReports = pgTable('trial_reports', {
  trialId: uuid('trial_id')
    .primaryKey()
    .references(() => trials.id),
  details: jsonb('details').$type<Partial<Record<ReportDetailKey, string>>>().notNull(),
  updatedBy: uuid('updated_by')
    .notNull()
    .references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  publishedBy: uuid('published_by').references(() => users.id),
  publishedRunId: uuid('published_run_id').references(() => analysisRuns.id),
  publishedChecklist: jsonb('published_checklist').$type<readonly ChecklistItem[]>(),
})

/**
 * Each trial's allocator state after its last enrolment (`snapshot()` of trials/randomisation), so that an
 * enrolment resumes the allocation instead of replaying every earlier one. It is a cache of the enrolments,
 * never their source: `enrolments` (the count it reflects) is checked against the enrolments table under the
 * trial row lock, and a state that is missing, behind, ahead, or saved under another protocol version or
 * format is rebuilt by replay, never used. Verification re-derives everything from seed and units without it.
 * The row is rewritten by every enrolment: the table's fillfactor is 50 (migration 0013, which drizzle does not
 * model) so that each new version fits on its page (a HOT update) instead of moving to a new one.
 */
export const allocatorStates = pgTable('allocator_states', {
  trialId: uuid('trial_id')
    .primaryKey()
    .references(() => trials.id),
  enrolments: integer('enrolments').notNull(),
  format: text('format').notNull(),
  algorithm: text('algorithm').notNull(),
  protocolHash: text('protocol_hash').notNull(),
  state: jsonb('state').$type<AllocatorState>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
})

/**
 * Signed-in browser sessions of the pages. The cookie holds a random secret; only its SHA-256 is
 * stored (as `id`). A session is bound to the API token it was opened with, so revoking the token
 * ends the session too. `csrf_token` is compared with the hidden field of every form posted.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenId: text('token_id')
      .notNull()
      .references(() => apiTokens.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)]
)
