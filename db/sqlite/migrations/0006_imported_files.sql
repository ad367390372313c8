CREATE TABLE `imported_files` (
	`study_id` integer NOT NULL,
	`file` text NOT NULL,
	`run` text NOT NULL,
	`trial_id` integer NOT NULL,
	`offset` integer NOT NULL,
	PRIMARY KEY(`study_id`, `file`),
	FOREIGN KEY (`study_id`) REFERENCES `studies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trial_id`) REFERENCES `trials`(`id`) ON UPDATE no action ON DELETE cascade
);
