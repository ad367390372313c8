CREATE TABLE "epoch_metrics" (
	"trial_id" integer NOT NULL,
	"epoch" integer NOT NULL,
	"name" text NOT NULL,
	"value" double precision,
	"time" bigint NOT NULL,
	CONSTRAINT "epoch_metrics_trial_id_name_epoch_pk" PRIMARY KEY("trial_id","name","epoch")
);
--> statement-breakpoint
CREATE TABLE "studies" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"spec" json NOT NULL,
	"spec_dir" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"strategy" text NOT NULL,
	"objective_metric" text NOT NULL,
	"direction" text NOT NULL,
	"planned_trials" integer,
	"error" text,
	"created_at" bigint NOT NULL,
	"started_at" bigint,
	"finished_at" bigint
);
--> statement-breakpoint
CREATE TABLE "study_leases" (
	"study_id" integer PRIMARY KEY NOT NULL,
	"runner" text NOT NULL,
	"heartbeat_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trial_leases" (
	"trial_id" integer PRIMARY KEY NOT NULL,
	"runner" text NOT NULL,
	"heartbeat_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trial_metric_summaries" (
	"trial_id" integer NOT NULL,
	"name" text NOT NULL,
	"last" double precision,
	"min" double precision,
	"max" double precision,
	"epochs" integer NOT NULL,
	CONSTRAINT "trial_metric_summaries_trial_id_name_pk" PRIMARY KEY("trial_id","name")
);
--> statement-breakpoint
CREATE TABLE "trials" (
	"id" serial PRIMARY KEY NOT NULL,
	"study_id" integer NOT NULL,
	"number" integer NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"params" json NOT NULL,
	"seed" bigint NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"objective" double precision,
	"best_epoch" integer,
	"epochs_run" integer DEFAULT 0 NOT NULL,
	"test_scores" jsonb,
	"param_count" integer,
	"model_summary" jsonb,
	"backend" text,
	"error" text,
	"worker" text,
	"created_at" bigint NOT NULL,
	"started_at" bigint,
	"finished_at" bigint,
	"duration_ms" double precision
);
--> statement-breakpoint
ALTER TABLE "epoch_metrics" ADD CONSTRAINT "epoch_metrics_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_leases" ADD CONSTRAINT "study_leases_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_leases" ADD CONSTRAINT "trial_leases_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trial_metric_summaries" ADD CONSTRAINT "trial_metric_summaries_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trials" ADD CONSTRAINT "trials_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "trial_leases_runner" ON "trial_leases" USING btree ("runner");--> statement-breakpoint
CREATE UNIQUE INDEX "trials_study_number" ON "trials" USING btree ("study_id","number");--> statement-breakpoint
CREATE INDEX "trials_study_state" ON "trials" USING btree ("study_id","state");