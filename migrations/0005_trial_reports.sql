CREATE TABLE "trial_reports" (
	"trial_id" uuid PRIMARY KEY NOT NULL,
	"details" jsonb NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"published_run_id" uuid,
	"published_checklist" jsonb
);
--> statement-breakpoint
ALTER TABLE "trial_reports" ADD CONSTRAINT "trial_reports_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_reports" ADD CONSTRAINT "trial_reports_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_reports" ADD CONSTRAINT "trial_reports_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_reports" ADD CONSTRAINT "trial_reports_published_run_id_analysis_runs_id_fk" FOREIGN KEY ("published_run_id") REFERENCES "public"."analysis_runs"("id") ON DELETE no action ON UPDATE no action;