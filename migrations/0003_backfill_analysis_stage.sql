-- Planned runs stored before analyses had stages were the trial's registered analysis: final.
UPDATE "analysis_runs" SET "stage" = 'final' WHERE "kind" = 'planned' AND "stage" IS NULL;
