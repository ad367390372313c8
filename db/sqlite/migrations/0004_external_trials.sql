ALTER TABLE `studies` ADD `external` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `trials` ADD `log` text;