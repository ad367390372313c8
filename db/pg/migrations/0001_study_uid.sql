-- Existing studies get a random UUID before the column becomes NOT NULL.
ALTER TABLE "studies" ADD COLUMN "uid" text;--> statement-breakpoint
UPDATE "studies" SET "uid" = gen_random_uuid()::text;--> statement-breakpoint
ALTER TABLE "studies" ALTER COLUMN "uid" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "studies" ADD CONSTRAINT "studies_uid_unique" UNIQUE("uid");
