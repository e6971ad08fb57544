ALTER TABLE "trials" DROP CONSTRAINT "trials_status_check";--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD COLUMN "stage" text;--> statement-breakpoint
ALTER TABLE "trials" ADD COLUMN "data_complete_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_status_check" CHECK ("trials"."status" in ('draft', 'registered', 'recruiting', 'closed', 'data_complete', 'analysed', 'rated', 'withdrawn'));