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
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_enrolled_by_users_id_fk" FOREIGN KEY ("enrolled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_trial_sequence_idx" ON "enrolments" USING btree ("trial_id","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_trial_household_idx" ON "enrolments" USING btree ("trial_id","household");--> statement-breakpoint
CREATE FUNCTION "refuse_enrolment_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'allocations are immutable: % on enrolments is refused', TG_OP USING ERRCODE = '55000';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "enrolments_immutable" BEFORE UPDATE OR DELETE ON "enrolments" FOR EACH ROW EXECUTE FUNCTION "refuse_enrolment_change"();
