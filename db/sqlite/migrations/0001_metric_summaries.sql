CREATE TABLE `trial_metric_summaries` (
	`trial_id` integer NOT NULL,
	`name` text NOT NULL,
	`last` real,
	`min` real,
	`max` real,
	`epochs` integer NOT NULL,
	PRIMARY KEY(`trial_id`, `name`),
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE cascade
);
