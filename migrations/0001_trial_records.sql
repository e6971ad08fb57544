CREATE TABLE "adherence_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"adherence_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"occurred_on" text NOT NULL,
	"delayed_offer_on" text,
	"source" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"correction_reason" text NOT NULL,
	"replaced_by" uuid NOT NULL,
	"replaced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "adherence_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trial_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"occurred_on" text NOT NULL,
	"delayed_offer_on" text,
	"version" integer DEFAULT 1 NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "adherence_records_status_check" CHECK ("adherence_records"."status" in ('received_as_allocated', 'not_received', 'discontinued', 'received_though_control'))
);
--> statement-breakpoint
CREATE TABLE "screening_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"screening_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"week" text NOT NULL,
	"assessed_on" text,
	"reason" text NOT NULL,
	"detail" text,
	"count" integer NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"correction_reason" text NOT NULL,
	"replaced_by" uuid NOT NULL,
	"replaced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trial_id" uuid NOT NULL,
	"key" text NOT NULL,
	"week" text NOT NULL,
	"household" text,
	"assessed_on" text,
	"reason" text NOT NULL,
	"detail" text,
	"count" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "screening_records_count_positive" CHECK ("screening_records"."count" >= 1),
	CONSTRAINT "screening_records_reason_check" CHECK ("screening_records"."reason" in ('not_eligible', 'declined', 'other'))
);
--> statement-breakpoint
ALTER TABLE "adherence_history" ADD CONSTRAINT "adherence_history_adherence_id_adherence_records_id_fk" FOREIGN KEY ("adherence_id") REFERENCES "public"."adherence_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adherence_history" ADD CONSTRAINT "adherence_history_replaced_by_users_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adherence_records" ADD CONSTRAINT "adherence_records_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adherence_records" ADD CONSTRAINT "adherence_records_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "adherence_records" ADD CONSTRAINT "adherence_records_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_history" ADD CONSTRAINT "screening_history_screening_id_screening_records_id_fk" FOREIGN KEY ("screening_id") REFERENCES "public"."screening_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_history" ADD CONSTRAINT "screening_history_replaced_by_users_id_fk" FOREIGN KEY ("replaced_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_records" ADD CONSTRAINT "screening_records_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_records" ADD CONSTRAINT "screening_records_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "adherence_history_record_idx" ON "adherence_history" USING btree ("adherence_id");--> statement-breakpoint
CREATE UNIQUE INDEX "adherence_records_trial_enrolment_idx" ON "adherence_records" USING btree ("trial_id","enrolment_id");--> statement-breakpoint
CREATE INDEX "screening_history_record_idx" ON "screening_history" USING btree ("screening_id");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_records_trial_key_idx" ON "screening_records" USING btree ("trial_id","key");