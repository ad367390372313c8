import { randomUUID } from 'node:crypto';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { DIRECTIONS, STUDY_STATES, TRIAL_STATES } from '../states.ts';

/**
 * The PostgreSQL twin of db/sqlite/schema.ts: same tables, columns and names, so both stores return the same rows.
 * Times are Unix milliseconds (bigint read as a JS number); JSON is jsonb (json where key order matters); reals are double precision.
 */
const millis = (name: string) => bigint(name, { mode: 'number' });

export const studies = pgTable('studies', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  /** See the SQLite schema: the study's folders on disk are named by it. */
  uid: text('uid')
    .notNull()
    .unique()
    .$defaultFn(() => randomUUID()),
  // json, not jsonb: a spec and its params keep their key order, which orders the dashboard's parameter columns.
  spec: json('spec').notNull(),
  specDir: text('spec_dir').notNull(),
  state: text('state', { enum: STUDY_STATES }).notNull().default('queued'),
  strategy: text('strategy').notNull(),
  objectiveMetric: text('objective_metric').notNull(),
  direction: text('direction', { enum: DIRECTIONS }).notNull(),
  plannedTrials: integer('planned_trials'),
  external: boolean('external').notNull().default(false),
  error: text('error'),
  note: text('note').notNull().default(''),
  tags: jsonb('tags').$type<string[]>().notNull().default([]),
  createdAt: millis('created_at').notNull(),
  startedAt: millis('started_at'),
  finishedAt: millis('finished_at'),
});

export const trials = pgTable(
  'trials',
  {
    id: serial('id').primaryKey(),
    studyId: integer('study_id')
      .notNull()
      .references(() => studies.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    state: text('state', { enum: TRIAL_STATES }).notNull().default('queued'),
    params: json('params').notNull(),
    /** Seeds are unsigned 32-bit: past int4. */
    seed: bigint('seed', { mode: 'number' }).notNull(),
    attempt: integer('attempt').notNull().default(0),
    objective: doublePrecision('objective'),
    bestEpoch: integer('best_epoch'),
    epochsRun: integer('epochs_run').notNull().default(0),
    testScores: jsonb('test_scores'),
    paramCount: integer('param_count'),
    modelSummary: jsonb('model_summary'),
    backend: text('backend'),
    error: text('error'),
    worker: text('worker'),
    log: text('log'),
    note: text('note').notNull().default(''),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    createdAt: millis('created_at').notNull(),
    startedAt: millis('started_at'),
    finishedAt: millis('finished_at'),
    /** Fractional milliseconds, as SQLite keeps them in its integer column. */
    durationMs: doublePrecision('duration_ms'),
  },
  (t) => [uniqueIndex('trials_study_number').on(t.studyId, t.number), index('trials_study_state').on(t.studyId, t.state)],
);

/** A null value stands for NaN, as on SQLite, so both engines answer the same. */
export const epochMetrics = pgTable(
  'epoch_metrics',
  {
    trialId: integer('trial_id')
      .notNull()
      .references(() => trials.id, { onDelete: 'cascade' }),
    epoch: integer('epoch').notNull(),
    name: text('name').notNull(),
    value: doublePrecision('value'),
    time: millis('time').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trialId, t.name, t.epoch] })],
);

export const trialMetricSummaries = pgTable(
  'trial_metric_summaries',
  {
    trialId: integer('trial_id')
      .notNull()
      .references(() => trials.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    last: doublePrecision('last'),
    min: doublePrecision('min'),
    max: doublePrecision('max'),
    epochs: integer('epochs').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trialId, t.name] })],
);

/** Leases of running studies and trials, as in db/sqlite/schema.ts. */
export const studyLeases = pgTable('study_leases', {
  studyId: integer('study_id')
    .primaryKey()
    .references(() => studies.id, { onDelete: 'cascade' }),
  runner: text('runner').notNull(),
  heartbeatAt: millis('heartbeat_at').notNull(),
});

export const trialLeases = pgTable(
  'trial_leases',
  {
    trialId: integer('trial_id')
      .primaryKey()
      .references(() => trials.id, { onDelete: 'cascade' }),
    runner: text('runner').notNull(),
    heartbeatAt: millis('heartbeat_at').notNull(),
  },
  (t) => [index('trial_leases_runner').on(t.runner)],
);

/** Event files read by `tuneboard import tensorboard`, as in db/sqlite/schema.ts. */
export const importedFiles = pgTable(
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
    offset: bigint('offset', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.studyId, t.file] })],
);
