CREATE TABLE "analysis_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trial_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"protocol_version" integer NOT NULL,
	"protocol_hash" text NOT NULL,
	"dataset_hash" text NOT NULL,
	"engine_version" text NOT NULL,
	"simulation_seed" text,
	"request" jsonb,
	"report" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"secret_hash" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"council_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"request_id" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "councils" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "councils_slug_unique" UNIQUE("slug"),
	CONSTRAINT "councils_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "data_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trial_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text,
	"body_sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"result" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trial_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"household" text NOT NULL,
	"unit" jsonb NOT NULL,
	"baseline" jsonb,
	"arm" text NOT NULL,
	"stratum" text,
	"block" integer,
	"algorithm" text NOT NULL,
	"protocol_version" integer NOT NULL,
	"enrolled_by" uuid NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluator_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"council_id" uuid,
	"trial_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "evaluator_grants_one_target" CHECK (("evaluator_grants"."council_id" is null) <> ("evaluator_grants"."trial_id" is null))
);
--> statement-breakpoint
CREATE TABLE "evidence_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trial_id" uuid NOT NULL,
	"analysis_run_id" uuid,
	"facts" jsonb NOT NULL,
	"provenance" jsonb NOT NULL,
	"options" jsonb,
	"report" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"council_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"details" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observation_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"observation_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"value_number" double precision,
	"value_text" text,
	"missing_reason" text,
	"source" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"replaced_by" uuid NOT NULL,
	"replaced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trial_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"variable" text NOT NULL,
	"value_number" double precision,
	"value_text" text,
	"missing_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "observations_value_or_reason" CHECK (("observations"."missing_reason" is null) = ("observations"."value_number" is not null or "observations"."value_text" is not null))
);
--> statement-breakpoint
CREATE TABLE "protocol_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trial_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"protocol" jsonb NOT NULL,
	"protocol_hash" text NOT NULL,
	"reason" text,
	"author_id" uuid NOT NULL,
	"diff" jsonb,
	"deviation" boolean DEFAULT false NOT NULL,
	"deviation_reasons" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rating_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rating_id" uuid NOT NULL,
	"trial_id" uuid NOT NULL,
	"scheme" text NOT NULL,
	"action" text NOT NULL,
	"computed_level" jsonb NOT NULL,
	"final_level" jsonb NOT NULL,
	"reason" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rating_decisions_override_has_reason" CHECK ("rating_decisions"."action" <> 'override' or length(coalesce("rating_decisions"."reason", '')) >= 10)
);
--> statement-breakpoint
CREATE TABLE "trials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"council_id" uuid NOT NULL,
	"intervention_id" uuid NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"protocol" jsonb NOT NULL,
	"protocol_version" integer DEFAULT 0 NOT NULL,
	"protocol_hash" text,
	"seed_commitment" text,
	"seed" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"registered_at" timestamp with time zone,
	"recruiting_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "trials_status_check" CHECK ("trials"."status" in ('draft', 'registered', 'recruiting', 'closed', 'analysed', 'rated', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"council_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"disabled_at" timestamp with time zone,
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('officer', 'evaluator', 'centre', 'admin')),
	CONSTRAINT "users_officer_has_council" CHECK ("users"."role" <> 'officer' or "users"."council_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD CONSTRAINT "analysis_runs_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD CONSTRAINT "analysis_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_enrolled_by_users_id_fk" FOREIGN KEY ("enrolled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_grants" ADD CONSTRAINT "evaluator_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_grants" ADD CONSTRAINT "evaluator_grants_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_grants" ADD CONSTRAINT "evaluator_grants_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_ratings" ADD CONSTRAINT "evidence_ratings_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_ratings" ADD CONSTRAINT "evidence_ratings_analysis_run_id_analysis_runs_id_fk" FOREIGN KEY ("analysis_run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_ratings" ADD CONSTRAINT "evidence_ratings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation_history" ADD CONSTRAINT "observation_history_observation_id_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "public"."observations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation_history" ADD CONSTRAINT "observation_history_replaced_by_users_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_versions" ADD CONSTRAINT "protocol_versions_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_versions" ADD CONSTRAINT "protocol_versions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_decisions" ADD CONSTRAINT "rating_decisions_rating_id_evidence_ratings_id_fk" FOREIGN KEY ("rating_id") REFERENCES "public"."evidence_ratings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_decisions" ADD CONSTRAINT "rating_decisions_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_decisions" ADD CONSTRAINT "rating_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_intervention_id_interventions_id_fk" FOREIGN KEY ("intervention_id") REFERENCES "public"."interventions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analysis_runs_trial_idx" ON "analysis_runs" USING btree ("trial_id");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "data_imports_idempotency_idx" ON "data_imports" USING btree ("trial_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_trial_sequence_idx" ON "enrolments" USING btree ("trial_id","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_trial_household_idx" ON "enrolments" USING btree ("trial_id","household");--> statement-breakpoint
CREATE INDEX "evaluator_grants_user_idx" ON "evaluator_grants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "evidence_ratings_trial_idx" ON "evidence_ratings" USING btree ("trial_id");--> statement-breakpoint
CREATE INDEX "observation_history_observation_idx" ON "observation_history" USING btree ("observation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "observations_unit_variable_idx" ON "observations" USING btree ("trial_id","enrolment_id","variable");--> statement-breakpoint
CREATE INDEX "observations_trial_idx" ON "observations" USING btree ("trial_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "protocol_versions_trial_version_idx" ON "protocol_versions" USING btree ("trial_id","version");--> statement-breakpoint
CREATE INDEX "rating_decisions_rating_idx" ON "rating_decisions" USING btree ("rating_id");--> statement-breakpoint
CREATE INDEX "trials_council_idx" ON "trials" USING btree ("council_id");--> statement-breakpoint
CREATE INDEX "trials_intervention_idx" ON "trials" USING btree ("intervention_id");--> statement-breakpoint
CREATE FUNCTION "refuse_enrolment_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'allocations are immutable: % on enrolments is refused', TG_OP USING ERRCODE = '55000';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "enrolments_immutable" BEFORE UPDATE OR DELETE ON "enrolments" FOR EACH ROW EXECUTE FUNCTION "refuse_enrolment_change"();
