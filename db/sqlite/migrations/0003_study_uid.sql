-- Existing studies get a random version-4 UUID (SQLite cannot add a NOT NULL column without a constant default).
ALTER TABLE `studies` ADD `uid` text;--> statement-breakpoint
UPDATE `studies` SET `uid` = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));--> statement-breakpoint
CREATE UNIQUE INDEX `studies_uid_unique` ON `studies` (`uid`);
