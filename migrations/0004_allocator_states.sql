CREATE TABLE "allocator_states" (
	"trial_id" uuid PRIMARY KEY NOT NULL,
	"enrolments" integer NOT NULL,
	"format" text NOT NULL,
	"algorithm" text NOT NULL,
	"protocol_hash" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "allocator_states" ADD CONSTRAINT "allocator_states_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;