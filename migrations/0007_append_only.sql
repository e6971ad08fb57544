-- Append-only tables refuse UPDATE, DELETE and TRUNCATE by trigger, whoever asks. The application's database
-- role (see README) additionally cannot TRUNCATE, ALTER, DROP or disable triggers, because it owns nothing.
CREATE FUNCTION "refuse_append_only_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '55000';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "allocation_ledger_append_only" BEFORE UPDATE OR DELETE ON "allocation_ledger" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "protocol_versions_append_only" BEFORE UPDATE OR DELETE ON "protocol_versions" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "analysis_runs_append_only" BEFORE UPDATE OR DELETE ON "analysis_runs" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "evidence_ratings_append_only" BEFORE UPDATE OR DELETE ON "evidence_ratings" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "rating_decisions_append_only" BEFORE UPDATE OR DELETE ON "rating_decisions" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "observation_history_append_only" BEFORE UPDATE OR DELETE ON "observation_history" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "data_imports_append_only" BEFORE UPDATE OR DELETE ON "data_imports" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "observations_no_delete" BEFORE DELETE ON "observations" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_chain_head_no_delete" BEFORE DELETE ON "audit_chain_head" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE FUNCTION "refuse_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: TRUNCATE is refused', TG_TABLE_NAME USING ERRCODE = '55000';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "enrolments_no_truncate" BEFORE TRUNCATE ON "enrolments" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "allocation_ledger_no_truncate" BEFORE TRUNCATE ON "allocation_ledger" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "protocol_versions_no_truncate" BEFORE TRUNCATE ON "protocol_versions" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "analysis_runs_no_truncate" BEFORE TRUNCATE ON "analysis_runs" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "evidence_ratings_no_truncate" BEFORE TRUNCATE ON "evidence_ratings" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "rating_decisions_no_truncate" BEFORE TRUNCATE ON "rating_decisions" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "observation_history_no_truncate" BEFORE TRUNCATE ON "observation_history" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "data_imports_no_truncate" BEFORE TRUNCATE ON "data_imports" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "observations_no_truncate" BEFORE TRUNCATE ON "observations" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
-- The audit log: rows are never changed, except that a row written before the chain existed is chained
-- once (its hash columns go from null to set, nothing else changes).
CREATE FUNCTION "refuse_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
     AND NEW.entity_type = OLD.entity_type AND NEW.entity_id = OLD.entity_id
     AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.council_id IS NOT DISTINCT FROM OLD.council_id
     AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id AND NEW.detail IS NOT DISTINCT FROM OLD.detail
     AND NEW.actor_role IS NOT DISTINCT FROM OLD.actor_role THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP USING ERRCODE = '55000';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "refuse_audit_change"();
--> statement-breakpoint
-- A changed observation always leaves its previous value in observation_history: the application writes the
-- history row with its reason first; if a change arrives without one, this trigger writes it.
CREATE FUNCTION "observation_keeps_history"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.value_number IS NOT DISTINCT FROM OLD.value_number AND NEW.value_text IS NOT DISTINCT FROM OLD.value_text
     AND NEW.missing_reason IS NOT DISTINCT FROM OLD.missing_reason AND NEW.source = OLD.source
     AND NEW.recorded_by = OLD.recorded_by AND NEW.recorded_at = OLD.recorded_at AND NEW.version = OLD.version THEN
    RETURN NEW;
  END IF;
  IF NEW.id <> OLD.id OR NEW.trial_id <> OLD.trial_id OR NEW.enrolment_id <> OLD.enrolment_id
     OR NEW.variable <> OLD.variable OR NEW.kind <> OLD.kind THEN
    RAISE EXCEPTION 'an observation cannot move to another unit, variable or trial' USING ERRCODE = '55000';
  END IF;
  IF NEW.version <= OLD.version THEN
    NEW.version := OLD.version + 1;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM observation_history h WHERE h.observation_id = OLD.id AND h.version = OLD.version) THEN
    INSERT INTO observation_history (observation_id, version, value_number, value_text, missing_reason, source,
      recorded_by, recorded_at, reason, replaced_by, replaced_at)
    VALUES (OLD.id, OLD.version, OLD.value_number, OLD.value_text, OLD.missing_reason, OLD.source,
      OLD.recorded_by, OLD.recorded_at, 'changed without a recorded reason', NEW.recorded_by, NEW.recorded_at);
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "observations_keep_history" BEFORE UPDATE ON "observations" FOR EACH ROW EXECUTE FUNCTION "observation_keeps_history"();
--> statement-breakpoint
INSERT INTO "audit_chain_head" ("id", "sequence", "hash") VALUES (1, 0, '3ed245fee9d4cef527375296b6f823193472ee4189b91599284ca9e1775ba425') ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER "screening_history_append_only" BEFORE UPDATE OR DELETE ON "screening_history" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "adherence_history_append_only" BEFORE UPDATE OR DELETE ON "adherence_history" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
--> statement-breakpoint
CREATE TRIGGER "screening_history_no_truncate" BEFORE TRUNCATE ON "screening_history" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
CREATE TRIGGER "adherence_history_no_truncate" BEFORE TRUNCATE ON "adherence_history" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_truncate"();
--> statement-breakpoint
-- A trial row stays mutable (status, current protocol), but what registration fixed does not move: the seed and
-- its commitment never change once drawn, and the protocol hash changes only with a new protocol version.
CREATE FUNCTION "trial_registration_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.seed IS NOT NULL AND (NEW.seed IS DISTINCT FROM OLD.seed OR NEW.seed_commitment IS DISTINCT FROM OLD.seed_commitment) THEN
    RAISE EXCEPTION 'the seed of a registered trial cannot change' USING ERRCODE = '55000';
  END IF;
  IF OLD.registered_at IS NOT NULL AND NEW.registered_at IS DISTINCT FROM OLD.registered_at THEN
    RAISE EXCEPTION 'the registration time of a trial cannot change' USING ERRCODE = '55000';
  END IF;
  IF OLD.protocol_hash IS NOT NULL AND NEW.protocol_hash IS DISTINCT FROM OLD.protocol_hash AND NEW.protocol_version <= OLD.protocol_version THEN
    RAISE EXCEPTION 'the protocol hash changes only with a new protocol version' USING ERRCODE = '55000';
  END IF;
  IF OLD.registration_hash IS NOT NULL AND NEW.registration_hash IS DISTINCT FROM OLD.registration_hash AND NEW.protocol_version <= OLD.protocol_version THEN
    RAISE EXCEPTION 'the registration record changes only with a new protocol version' USING ERRCODE = '55000';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "trials_registration_fixed" BEFORE UPDATE ON "trials" FOR EACH ROW EXECUTE FUNCTION "trial_registration_fixed"();
--> statement-breakpoint
CREATE TRIGGER "trials_no_delete" BEFORE DELETE ON "trials" FOR EACH ROW EXECUTE FUNCTION "refuse_append_only_change"();
