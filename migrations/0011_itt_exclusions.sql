-- Intention to treat: an exclusion names the registered eligibility criterion a household was found
-- to have failed at randomisation (only then does it leave the analysis); null keeps it in.
ALTER TABLE "analysis_exclusion_history" ADD COLUMN "ineligible_criterion" text;--> statement-breakpoint
ALTER TABLE "analysis_exclusions" ADD COLUMN "ineligible_criterion" text;