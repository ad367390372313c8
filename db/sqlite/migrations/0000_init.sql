CREATE TABLE `epoch_metrics` (
	`trial_id` integer NOT NULL,
	`epoch` integer NOT NULL,
	`name` text NOT NULL,
	`value` real,
	`time` integer NOT NULL,
	PRIMARY KEY(`trial_id`, `name`, `epoch`),
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `studies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`spec` text NOT NULL,
	`spec_dir` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`strategy` text NOT NULL,
	`objective_metric` text NOT NULL,
	`direction` text NOT NULL,
	`planned_trials` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `trials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`study_id` integer NOT NULL,
	`number` integer NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`params` text NOT NULL,
	`seed` integer NOT NULL,
	`attempt` integer DEFAULT 0 NOT NULL,
	`objective` real,
	`best_epoch` integer,
	`epochs_run` integer DEFAULT 0 NOT NULL,
	`test_scores` text,
	`param_count` integer,
	`model_summary` text,
	`backend` text,
	`error` text,
	`worker` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`duration_ms` integer,
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `trials_study_number` ON `trials` (`study_id`,`number`);--> statement-breakpoint
CREATE INDEX `trials_study_state` ON `trials` (`study_id`,`state`);