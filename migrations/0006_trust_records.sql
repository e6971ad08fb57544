CREATE TABLE "allocation_ledger" (
	"trial_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"household" text NOT NULL,
	"unit" jsonb NOT NULL,
	"arm" text NOT NULL,
	"hash" text NOT NULL,
	"enrolment_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"sequence" integer NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "sequence" integer;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "actor_role" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "payload_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "previous_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "hash" text;--> statement-breakpoint
ALTER TABLE "protocol_versions" ADD COLUMN "registration_hash" text;--> statement-breakpoint
ALTER TABLE "protocol_versions" ADD COLUMN "outcomes_seen" boolean;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "registration" jsonb;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "registration_hash" text;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "outcomes_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "outcomes_seen_by" text;--> statement-breakpoint
ALTER TABLE "allocation_ledger" ADD CONSTRAINT "allocation_ledger_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_ledger" ADD CONSTRAINT "allocation_ledger_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "allocation_ledger_trial_sequence_idx" ON "allocation_ledger" USING btree ("trial_id","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_sequence_idx" ON "audit_events" USING btree ("sequence");