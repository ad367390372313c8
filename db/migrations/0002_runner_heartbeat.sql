ALTER TABLE `trials` ADD `runner` text;--> statement-breakpoint
ALTER TABLE `trials` ADD `heartbeat_at` integer;