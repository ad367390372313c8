ALTER TABLE `studies` ADD `note` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `studies` ADD `tags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `trials` ADD `note` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `trials` ADD `tags` text DEFAULT '[]' NOT NULL;