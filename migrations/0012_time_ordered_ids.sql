-- Time-ordered keys for the tables an enrolment writes rows into: a version 7 UUID (RFC 9562) puts the Unix time
-- in milliseconds in its leading 48 bits, so consecutive inserts go to the rightmost leaf page of the primary key
-- and of (trial_id, enrolment_id, variable), where a random version 4 key wrote into a random leaf each time (and,
-- after every checkpoint, logged that page whole). Rows already stored keep their ids. PostgreSQL 15 has no uuidv7():
-- the random UUID's first six bytes are replaced by the time and its version nibble set to 7 (the variant stays).
CREATE FUNCTION "time_ordered_uuid"() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
    52, 1), 53, 1), 'hex')::uuid
$$;
--> statement-breakpoint
ALTER TABLE "enrolments" ALTER COLUMN "id" SET DEFAULT time_ordered_uuid();--> statement-breakpoint
ALTER TABLE "observations" ALTER COLUMN "id" SET DEFAULT time_ordered_uuid();
