CREATE TABLE "imported_files" (
	"study_id" integer NOT NULL,
	"file" text NOT NULL,
	"run" text NOT NULL,
	"trial_id" integer NOT NULL,
	"offset" bigint NOT NULL,
	CONSTRAINT "imported_files_study_id_file_pk" PRIMARY KEY("study_id","file")
);
--> statement-breakpoint
ALTER TABLE "imported_files" ADD CONSTRAINT "imported_files_study_id_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."studies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imported_files" ADD CONSTRAINT "imported_files_trial_id_trials_id_fk" FOREIGN KEY ("trial_id") REFERENCES "public"."trials"("id") ON DELETE cascade ON UPDATE no action;