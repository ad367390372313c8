import { and, asc, desc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { isHeldAs } from '../lease-match.ts';
import { isEndedStudy, isUnfinishedTrial, UNFINISHED_TRIAL_STATES, type StudyState } from '../states.ts';
import { openPgDatabase, type PgTuneboardDb } from './connection.ts';
import { epochMetrics, studies, studyLeases, trialLeases, trialMetricSummaries, trials } from './schema.ts';
import {
  curvesByTrial,
  finishedTrialColumns,
  type Held,
  type Lease,
  type NewStudy,
  type ProposeTrial,
  type Requeue,
  type RequiredHold,
  type StudyRow,
  type TrialResult,
  type TrialRow,
  type TrialStore,
  type ClientExtras,
} from '../trial-store.ts';

/** pg_advisory_xact_lock(NEXT_TRIAL_LOCK, study id) serializes the creation of a study's new trials across runners. */
export const NEXT_TRIAL_LOCK = 0x7472_6c73;

type Tx = Parameters<Parameters<PgTuneboardDb['transaction']>[0]>[0];

/**
 * PostgreSQL storage (drizzle's pg dialect over a `pg` pool): the engine for many runners on many machines.
 * Every change of who holds a study or trial first locks its row (FOR UPDATE), so two runners never both take it;
 * a queued trial is claimed with SKIP LOCKED, so a runner never waits on another's claim; new trials are created
 * under a per-study advisory lock, so two runners never take one number.
 */
export class PostgresTrialStore implements TrialStore {
  /** Each study's trials as this store last read them (see historyOf). */
  private readonly histories = new Map<number, { rows: TrialRow[]; at: Map<number, number> }>();

  private constructor(readonly db: PgTuneboardDb) {}

  static async open(url: string): Promise<PostgresTrialStore> {
    return new PostgresTrialStore(await openPgDatabase(url));
  }

  async createStudy(study: NewStudy) {
    const [row] = await this.db
      .insert(studies)
      .values({ ...study, createdAt: Date.now() })
      .returning();
    return row;
  }

  async setStudyState(studyId: number, state: StudyState, error: string | null = null) {
    const now = Date.now();
    // A resumed study keeps the time it first started.
    const times =
      state === 'running'
        ? { startedAt: sql`coalesce(${studies.startedAt}, ${now}::bigint)`, finishedAt: null }
        : state === 'queued'
          ? {}
          : { finishedAt: now };
    await this.db.transaction(async (tx) => {
      await tx
        .update(studies)
        .set({ state, error, ...times })
        .where(eq(studies.id, studyId));
      if (state !== 'running') await tx.delete(studyLeases).where(eq(studyLeases.studyId, studyId));
    });
  }

  async getStudy(idOrName: number | string) {
    const byId = typeof idOrName === 'number' || /^\d+$/.test(idOrName);
    const [row] = await this.db
      .select()
      .from(studies)
      .where(byId ? eq(studies.id, Number(idOrName)) : eq(studies.name, idOrName))
      .orderBy(desc(studies.id))
      .limit(1);
    return row;
  }

  async listStudies() {
    return this.db.select().from(studies).orderBy(desc(studies.id));
  }

  async claimQueuedStudy(runner: string) {
    return this.db.transaction(async (tx) => {
      const [next] = await tx
        .select()
        .from(studies)
        .where(and(eq(studies.state, 'queued'), eq(studies.external, false)))
        .orderBy(asc(studies.id))
        .limit(1)
        .for('update', { skipLocked: true });
      return next && holdStudy(tx, next, runner);
    });
  }

  async claimStudy(studyId: number, runner: string) {
    return this.db.transaction(async (tx) => {
      const [study] = await tx.select().from(studies).where(eq(studies.id, studyId)).for('update');
      if (!study) return false;
      if (study.state === 'running')
        return (await studyLease(tx, studyId))?.runner === runner && Boolean(await holdStudy(tx, study, runner));
      return !isEndedStudy(study.state) && Boolean(await holdStudy(tx, study, runner));
    });
  }

  async heartbeat(runner: string) {
    await this.db.$client.query(
      `WITH s AS (UPDATE study_leases SET heartbeat_at = $2 WHERE runner = $1) UPDATE trial_leases SET heartbeat_at = $2 WHERE runner = $1`,
      [runner, Date.now()],
    );
  }

  async runningStudies(): Promise<Held<StudyRow>[]> {
    const rows = await this.db
      .select()
      .from(studies)
      .leftJoin(studyLeases, eq(studyLeases.studyId, studies.id))
      .where(eq(studies.state, 'running'))
      .orderBy(asc(studies.id));
    return rows.map((r) => ({
      row: r.studies,
      lease: r.study_leases && { runner: r.study_leases.runner, heartbeatAt: r.study_leases.heartbeatAt },
    }));
  }

  async releaseStudy(studyId: number, heldAs: Lease | null) {
    return this.db.transaction(async (tx) => {
      const [study] = await tx.select({ state: studies.state }).from(studies).where(eq(studies.id, studyId)).for('update');
      if (study?.state !== 'running' || !isHeldAs(await studyLease(tx, studyId), heldAs)) return false;
      await tx.delete(studyLeases).where(eq(studyLeases.studyId, studyId));
      await tx.update(studies).set({ state: 'queued' }).where(eq(studies.id, studyId));
      return true;
    });
  }

  async createTrial(studyId: number, number: number, params: Record<string, unknown>, seed: number) {
    const [row] = await this.db.insert(trials).values({ studyId, number, params, seed, createdAt: Date.now() }).returning();
    return row;
  }

  async createNextTrial(studyId: number, runner: string, propose: ProposeTrial) {
    return this.db.transaction(async (tx) => {
      // The study's state is read with the lock in one round trip; the history after it, in a snapshot the lock fences.
      const locked = await tx.execute<{ state: StudyState | null }>(
        sql`SELECT pg_advisory_xact_lock(${NEXT_TRIAL_LOCK}::int, ${studyId}::int), (SELECT state FROM studies WHERE id = ${studyId}) AS state`,
      );
      const state = locked.rows[0]?.state;
      if (!state || isEndedStudy(state)) return undefined;
      const history = await this.historyOf(tx, studyId);
      const number = history.length ? history[history.length - 1].number + 1 : 0;
      const proposal = propose(history, number);
      if (!proposal) return undefined;
      const now = Date.now();
      const [trial] = await tx
        .insert(trials)
        .values({ studyId, number, ...proposal, state: 'running', createdAt: now })
        .returning();
      await tx.insert(trialLeases).values({ trialId: trial.id, runner, heartbeatAt: now });
      return trial;
    });
  }

  /**
   * The study's trials in number order, read incrementally: a finished trial never changes, and new trials are
   * numbered after the last, so only trials past the last one seen and those seen unfinished are read again.
   */
  private async historyOf(tx: Tx, studyId: number): Promise<TrialRow[]> {
    let known = this.histories.get(studyId);
    if (!known) this.histories.set(studyId, (known = { rows: [], at: new Map() }));
    const { rows, at } = known;
    const unfinished = rows.filter((t) => isUnfinishedTrial(t.state)).map((t) => t.number);
    const last = rows.length ? rows[rows.length - 1].number : -1;
    const changed = await tx
      .select()
      .from(trials)
      .where(and(eq(trials.studyId, studyId), or(gt(trials.number, last), inArray(trials.number, unfinished))))
      .orderBy(asc(trials.number));
    for (const t of changed) {
      const i = at.get(t.number);
      if (i !== undefined) rows[i] = t;
      else at.set(t.number, rows.push(t) - 1);
    }
    return rows;
  }

  async claimTrial(trialId: number, runner: string, checkpointEpoch: number | null) {
    return this.db.transaction(async (tx) => {
      // A trial another runner is claiming (or recovering) right now is skipped, not waited for.
      const [trial] = await tx
        .select()
        .from(trials)
        .where(and(eq(trials.id, trialId), eq(trials.state, 'queued')))
        .for('update', { skipLocked: true });
      if (!trial) return null;
      // Epochs are logged in order, each in one statement, so epochs_run = n means epochs 0..n-1 are all stored.
      const resumeEpoch = checkpointEpoch !== null && checkpointEpoch <= trial.epochsRun ? checkpointEpoch : 0;
      await keepEpochsBefore(tx, trialId, resumeEpoch);
      const now = Date.now();
      await tx
        .insert(trialLeases)
        .values({ trialId, runner, heartbeatAt: now })
        .onConflictDoUpdate({ target: trialLeases.trialId, set: { runner, heartbeatAt: now } });
      await tx.update(trials).set({ state: 'running' }).where(eq(trials.id, trialId));
      return resumeEpoch;
    });
  }

  async startTrial(trialId: number, worker: string) {
    // Only a trial still running (claimed): one cancelled from the dashboard meanwhile stays cancelled.
    await this.db
      .update(trials)
      .set({ worker, startedAt: Date.now() })
      .where(and(eq(trials.id, trialId), eq(trials.state, 'running')));
  }

  /** One statement: the epoch's metrics, the per-metric summaries, the trial's epoch count and its lease, all or nothing. */
  async logEpoch(trialId: number, epoch: number, metrics: Record<string, number>, time: number, lease?: string) {
    const names = Object.keys(metrics);
    // NaN is stored as null, as on SQLite; least()/greatest() ignore nulls, so a NaN epoch never becomes a best.
    const values = names.map((n) => (Number.isNaN(metrics[n]) ? null : metrics[n]));
    await this.db.$client.query(
      `WITH m AS (SELECT * FROM unnest($3::text[], $4::float8[]) AS m(name, value)),
       epochs AS (INSERT INTO epoch_metrics (trial_id, epoch, name, value, time) SELECT $1, $2, name, value, $5 FROM m
         ON CONFLICT (trial_id, name, epoch) DO UPDATE SET value = excluded.value, time = excluded.time),
       summaries AS (INSERT INTO trial_metric_summaries AS s (trial_id, name, last, min, max, epochs) SELECT $1, name, value, value, value, 1 FROM m
         ON CONFLICT (trial_id, name) DO UPDATE SET last = excluded.last, epochs = s.epochs + 1,
           min = least(s.min, excluded.min), max = greatest(s.max, excluded.max)),
       lease AS (UPDATE trial_leases SET heartbeat_at = $7 WHERE trial_id = $1 AND runner = $6::text)
       UPDATE trials SET epochs_run = greatest(epochs_run, $2 + 1) WHERE id = $1`,
      [trialId, epoch, names, values, time, lease ?? null, Date.now()],
    );
  }

  async finishTrial(trialId: number, result: TrialResult, heldAs?: RequiredHold) {
    const { epochsRun } = result;
    return this.db.transaction(async (tx) => {
      if (!(await lockTrialHeldAs(tx, trialId, heldAs))) return false;
      await tx.delete(trialLeases).where(eq(trialLeases.trialId, trialId));
      const done = await tx
        .update(trials)
        .set({ ...finishedTrialColumns(result), epochsRun: sql`greatest(${trials.epochsRun}, ${epochsRun}::int)` })
        // Finished trials never change: a late result for a cancelled or re-run trial must not overwrite it.
        .where(and(eq(trials.id, trialId), inArray(trials.state, UNFINISHED_TRIAL_STATES)))
        .returning({ id: trials.id });
      return done.length > 0;
    });
  }

  async listTrials(studyId: number) {
    return this.db.select().from(trials).where(eq(trials.studyId, studyId)).orderBy(asc(trials.number));
  }

  async runningTrials(studyId?: number): Promise<Held<TrialRow>[]> {
    const running = studyId === undefined ? eq(trials.state, 'running') : and(eq(trials.state, 'running'), eq(trials.studyId, studyId));
    const rows = await this.db
      .select()
      .from(trials)
      .leftJoin(trialLeases, eq(trialLeases.trialId, trials.id))
      .where(running)
      .orderBy(asc(trials.id));
    return rows.map((r) => ({
      row: r.trials,
      lease: r.trial_leases && { runner: r.trial_leases.runner, heartbeatAt: r.trial_leases.heartbeatAt },
    }));
  }

  async requeueTrial(trialId: number, { keepEpochs, countAttempt, heldAs }: Requeue) {
    return this.db.transaction(async (tx) => {
      if (!(await lockTrialHeldAs(tx, trialId, heldAs))) return false;
      const reset = await tx
        .update(trials)
        .set({
          state: 'queued',
          attempt: countAttempt ? sql`${trials.attempt} + 1` : trials.attempt,
          worker: null,
          startedAt: null,
          objective: null,
          bestEpoch: null,
        })
        .where(and(eq(trials.id, trialId), inArray(trials.state, UNFINISHED_TRIAL_STATES)))
        .returning({ id: trials.id });
      if (reset.length === 0) return false;
      await tx.delete(trialLeases).where(eq(trialLeases.trialId, trialId));
      await keepEpochsBefore(tx, trialId, keepEpochs);
      return true;
    });
  }

  async cancelledAmong(trialIds: number[]) {
    if (trialIds.length === 0) return [];
    const rows = await this.db
      .select({ id: trials.id })
      .from(trials)
      .where(and(inArray(trials.id, trialIds), eq(trials.state, 'cancelled')));
    return rows.map((r) => r.id);
  }

  async getTrial(trialId: number) {
    const [row] = await this.db.select().from(trials).where(eq(trials.id, trialId));
    return row;
  }

  async recordClientExtras(trialId: number, extras: ClientExtras) {
    const set = Object.fromEntries(Object.entries(extras).filter(([, value]) => value !== undefined)) as ClientExtras;
    if (Object.keys(set).length) await this.db.update(trials).set(set).where(eq(trials.id, trialId));
  }

  async epochMetrics(trialId: number) {
    return this.db
      .select()
      .from(epochMetrics)
      .where(eq(epochMetrics.trialId, trialId))
      .orderBy(asc(epochMetrics.name), asc(epochMetrics.epoch));
  }

  async metricCurves(studyId: number, metric: string) {
    const rows = await this.db
      .select({ trialId: epochMetrics.trialId, epoch: epochMetrics.epoch, value: epochMetrics.value })
      .from(epochMetrics)
      .innerJoin(trials, eq(trials.id, epochMetrics.trialId))
      .where(and(eq(trials.studyId, studyId), eq(epochMetrics.name, metric)));
    return curvesByTrial(rows);
  }

  async close() {
    await this.db.$client.end();
  }
}

async function holdStudy(tx: Tx, study: StudyRow, runner: string): Promise<StudyRow> {
  const now = Date.now();
  await tx
    .insert(studyLeases)
    .values({ studyId: study.id, runner, heartbeatAt: now })
    .onConflictDoUpdate({ target: studyLeases.studyId, set: { runner, heartbeatAt: now } });
  const [row] = await tx
    .update(studies)
    .set({ state: 'running', error: null, finishedAt: null, startedAt: study.startedAt ?? now })
    .where(eq(studies.id, study.id))
    .returning();
  return row;
}

async function studyLease(tx: Tx, studyId: number): Promise<Lease | null> {
  const [lease] = await tx
    .select({ runner: studyLeases.runner, heartbeatAt: studyLeases.heartbeatAt })
    .from(studyLeases)
    .where(eq(studyLeases.studyId, studyId));
  return lease ?? null;
}

/** Locks the trial's row for this transaction; false when `heldAs` is given and the trial is no longer held so. */
async function lockTrialHeldAs(tx: Tx, trialId: number, heldAs: RequiredHold | undefined): Promise<boolean> {
  await tx.select({ id: trials.id }).from(trials).where(eq(trials.id, trialId)).for('update');
  if (heldAs === undefined) return true;
  const [lease] = await tx
    .select({ runner: trialLeases.runner, heartbeatAt: trialLeases.heartbeatAt })
    .from(trialLeases)
    .where(eq(trialLeases.trialId, trialId));
  return isHeldAs(lease ?? null, heldAs);
}

/** Drops the trial's epochs from `epoch` on, rebuilding its metric summaries and epoch count from those kept. */
async function keepEpochsBefore(tx: Tx, trialId: number, epoch: number): Promise<void> {
  const dropped = await tx
    .delete(epochMetrics)
    .where(and(eq(epochMetrics.trialId, trialId), sql`${epochMetrics.epoch} >= ${epoch}`))
    .returning({ epoch: epochMetrics.epoch });
  if (dropped.length === 0) return;
  await tx.delete(trialMetricSummaries).where(eq(trialMetricSummaries.trialId, trialId));
  await tx.execute(sql`INSERT INTO trial_metric_summaries (trial_id, name, last, min, max, epochs)
    SELECT e.trial_id, e.name,
      (SELECT l.value FROM epoch_metrics l WHERE l.trial_id = e.trial_id AND l.name = e.name ORDER BY l.epoch DESC LIMIT 1),
      min(e.value), max(e.value), count(*)
    FROM epoch_metrics e WHERE e.trial_id = ${trialId} GROUP BY e.trial_id, e.name`);
  await tx.execute(
    sql`UPDATE trials SET epochs_run = coalesce((SELECT max(epoch) + 1 FROM epoch_metrics WHERE trial_id = ${trialId}), 0) WHERE id = ${trialId}`,
  );
}
