CREATE TABLE `study_leases` (
	`study_id` integer PRIMARY KEY NOT NULL,
	`runner` text NOT NULL,
	`heartbeat_at` integer NOT NULL,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `trial_leases` (
	`trial_id` integer PRIMARY KEY NOT NULL,
	`runner` text NOT NULL,
	`heartbeat_at` integer NOT NULL,
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `trial_leases_runner` ON `trial_leases` (`runner`);