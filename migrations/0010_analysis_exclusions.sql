-- Post-randomisation exclusions (CONSORT 2025 "excluded from analysis") and their correction history.
-- (The snapshot also takes in the audit chain columns that 0009 added by hand.)
CREATE TABLE "analysis_exclusion_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"exclusion_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"reason" text NOT NULL,
	"excluded_on" text NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"correction_reason" text NOT NULL,
	"replaced_by" uuid NOT NULL,
	"replaced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analysis_exclusions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trial_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"excluded_on" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analysis_exclusion_history" ADD CONSTRAINT "analysis_exclusion_history_exclusion_id_analysis_exclusions_id_fk" FOREIGN KEY ("exclusion_id") REFERENCES "public"."analysis_exclusions"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "analysis_exclusion_history" ADD CONSTRAINT "analysis_exclusion_history_replaced_by_users_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "analysis_exclusions" ADD CONSTRAINT "analysis_exclusions_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "analysis_exclusions" ADD CONSTRAINT "analysis_exclusions_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "analysis_exclusions" ADD CONSTRAINT "analysis_exclusions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "analysis_exclusion_history_record_idx" ON "analysis_exclusion_history" USING btree ("exclusion_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "analysis_exclusions_trial_enrolment_idx" ON "analysis_exclusions" USING btree ("trial_id","enrolment_id");
--> statement-breakpoint
-- Superseded exclusions are kept as they were, like the screening and adherence histories (0007).
CREATE TRIGGER "analysis_exclusion_history_append_only" BEFORE UPDATE OR DELETE ON "analysis_exclusion_history" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "analysis_exclusion_history_no_truncate" BEFORE TRUNCATE ON "analysis_exclusion_history" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "analysis_exclusions_no_delete" BEFORE DELETE ON "analysis_exclusions" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
