import { randomUUID } from 'node:crypto';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DIRECTIONS, STUDY_STATES, TRIAL_STATES } from '../states.ts';

/** Times are Unix milliseconds. JSON columns hold plain data validated where it entered. */
export const studies = sqliteTable('studies', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  /**
   * Names the study's folders on disk (saved models, checkpoints): ids repeat across databases that share a
   * folder, a random UUID does not.
   */
  uid: text('uid')
    .notNull()
    .unique()
    .$defaultFn(() => randomUUID()),
  spec: text('spec', { mode: 'json' }).notNull(),
  /** Folder that relative data set paths in the spec are resolved against. */
  specDir: text('spec_dir').notNull(),
  state: text('state', { enum: STUDY_STATES }).notNull().default('queued'),
  strategy: text('strategy').notNull(),
  objectiveMetric: text('objective_metric').notNull(),
  direction: text('direction', { enum: DIRECTIONS }).notNull(),
  plannedTrials: integer('planned_trials'),
  /**
   * Trained by clients over the HTTP API only (model family external, or backend browser; see spec/trained-by.ts), never
   * claimed by a runner.
   */
  external: integer('external', { mode: 'boolean' }).notNull().default(false),
  error: text('error'),
  /** The user's Markdown note (see db/annotations.ts), rendered without raw HTML. */
  note: text('note').notNull().default(''),
  /** The user's tags: a JSON array of distinct printable strings. */
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
  createdAt: integer('created_at').notNull(),
  startedAt: integer('started_at'),
  finishedAt: integer('finished_at'),
});
export type StudyRow = typeof studies.$inferSelect;

export const trials = sqliteTable(
  'trials',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    /** 0-based position in the study, as the strategy proposed it. */
    number: integer('number').notNull(),
    state: text('state', { enum: TRIAL_STATES }).notNull().default('queued'),
    params: text('params', { mode: 'json' }).notNull(),
    seed: integer('seed').notNull(),
    attempt: integer('attempt').notNull().default(0),
    /** Best value of the study's objective over the trial's epochs; null when none was finite. */
    objective: real('objective'),
    bestEpoch: integer('best_epoch'),
    epochsRun: integer('epochs_run').notNull().default(0),
    testScores: text('test_scores', { mode: 'json' }),
    paramCount: integer('param_count'),
    modelSummary: text('model_summary', { mode: 'json' }),
    backend: text('backend'),
    /** Why a trial failed, was pruned or stopped early. */
    error: text('error'),
    worker: text('worker'),
    /** The tail of an external trial's output, as `tuneboard agent` captured it. */
    log: text('log'),
    /** As the study's note and tags: the user's, changed even after the trial finished. */
    note: text('note').notNull().default(''),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    durationMs: integer('duration_ms'),
  },
  (t) => [uniqueIndex('trials_study_number').on(t.studyId, t.number), index('trials_study_state').on(t.studyId, t.state)],
);
export type TrialRow = typeof trials.$inferSelect;

/** One row per trial, metric and epoch. A null value stands for NaN, which SQLite cannot store. */
export const epochMetrics = sqliteTable(
  'epoch_metrics',
  {
    trialId: integer('trial_id')
      .notNull()
      .references(() => trials.id, { onDelete: 'cascade' }),
    epoch: integer('epoch').notNull(),
    name: text('name').notNull(),
    value: real('value'),
    time: integer('time').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trialId, t.name, t.epoch] })],
);
export type EpochMetricRow = typeof epochMetrics.$inferSelect;

/**
 * Per trial and metric: the last, min and max value so far, kept up to date with every epoch so that the
 * results table reads one row per metric instead of aggregating every epoch of 10,000 trials.
 */
export const trialMetricSummaries = sqliteTable(
  'trial_metric_summaries',
  {
    trialId: integer('trial_id')
      .notNull()
      .references(() => trials.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    last: real('last'),
    min: real('min'),
    max: real('max'),
    epochs: integer('epochs').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trialId, t.name] })],
);
export type TrialMetricSummaryRow = typeof trialMetricSummaries.$inferSelect;

/**
 * Who holds a running study or trial: the runner process (`host:pid`) and when it last said it is alive. A row
 * exists only while its study or trial runs under that runner; a lease whose runner is gone (a stale heartbeat, or
 * a dead pid on this host) lets the next runner take the work back. Kept apart from the rows so that several
 * runners sharing one database (PostgreSQL) take work over with one conditional write.
 */
export const studyLeases = sqliteTable('study_leases', {
  studyId: integer('study_id')
    .primaryKey()
    .references(() => studies.id, { onDelete: 'cascade' }),
  runner: text('runner').notNull(),
  heartbeatAt: integer('heartbeat_at').notNull(),
});

export const trialLeases = sqliteTable(
  'trial_leases',
  {
    trialId: integer('trial_id')
      .primaryKey()
      .references(() => trials.id, { onDelete: 'cascade' }),
    runner: text('runner').notNull(),
    heartbeatAt: integer('heartbeat_at').notNull(),
  },
  (t) => [index('trial_leases_runner').on(t.runner)],
);
export type Lease = { runner: string; heartbeatAt: number };

/**
 * How far `tuneboard import tensorboard` has read each event file of an imported study (path relative to the log
 * directory), and the trial its run became: a second import adds nothing twice, and --watch resumes at `offset`.
 */
export const importedFiles = sqliteTable(
  'imported_files',
  {
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    file: text('file').notNull(),
    run: text('run').notNull(),
    trialId: integer('trial_id')
      .notNull()
      .references(() => trials.id, { onDelete: 'cascade' }),
    offset: integer('offset').notNull(),
  },
  (t) => [primaryKey({ columns: [t.studyId, t.file] })],
);
export type ImportedFileRow = typeof importedFiles.$inferSelect;
