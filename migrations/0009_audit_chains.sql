-- One audit chain per trial (`trial:<id>`) beside the global chain, so that appends to different trials never
-- wait for the same head row. Entries already written stay where they are, in the global chain.
ALTER TABLE "audit_events" ADD COLUMN "chain" text DEFAULT 'global' NOT NULL;
--> statement-breakpoint
DROP INDEX "audit_events_sequence_idx";
--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain_sequence_idx" ON "audit_events" USING btree ("chain","sequence");
--> statement-breakpoint
ALTER TABLE "audit_chain_head" ADD COLUMN "chain" text DEFAULT 'global' NOT NULL;
--> statement-breakpoint
ALTER TABLE "audit_chain_head" DROP CONSTRAINT "audit_chain_head_pkey";
--> statement-breakpoint
ALTER TABLE "audit_chain_head" DROP COLUMN "id";
--> statement-breakpoint
ALTER TABLE "audit_chain_head" ALTER COLUMN "chain" DROP DEFAULT;
--> statement-breakpoint
ALTER TABLE "audit_chain_head" ADD PRIMARY KEY ("chain");
--> statement-breakpoint
-- The audit log: rows are never changed, except that a row written before the chain existed is chained
-- once (its hash columns go from null to set, nothing else changes, its chain included).
CREATE OR REPLACE FUNCTION "refuse_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action AND NEW.chain = OLD.chain
     AND NEW.entity_type = OLD.entity_type AND NEW.entity_id = OLD.entity_id
     AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.council_id IS NOT DISTINCT FROM OLD.council_id
     AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id AND NEW.detail IS NOT DISTINCT FROM OLD.detail
     AND NEW.actor_role IS NOT DISTINCT FROM OLD.actor_role THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP USING ERRCODE = '55000';
END
$$;
