import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { openDatabase, type TuneboardDb } from './connection.ts';
import { EpochWriter } from './epoch-writer.ts';
import { isHeldAs } from '../lease-match.ts';
import { isEndedStudy, UNFINISHED_TRIAL_STATES, type StudyState } from '../states.ts';
import { epochMetrics, studies, studyLeases, trialLeases, trials } from './schema.ts';
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

/** SQLite storage (better-sqlite3): one writer, the runner; any number of readers through WAL. */
export class SqliteTrialStore implements TrialStore {
  readonly db: TuneboardDb;
  private readonly epochs: EpochWriter;
  /** Read on every request of an API client (each reported epoch): built once. */
  private readonly trialById;
  private readonly studyById;
  private dropEpochs;
  private resummarize;

  /** A file path opens (and migrates) that database; an open connection is shared as it is. */
  constructor(source: string | TuneboardDb) {
    this.db = typeof source === 'string' ? openDatabase(source) : source;
    this.db.$client.pragma('synchronous = NORMAL');
    // A checkpoint copies the WAL into the file and syncs it; every epoch rewrites the same few pages, so checkpoints
    // every 8,000 pages (32 MB of WAL) instead of SQLite's 1,000 copy each page once for many epochs.
    this.db.$client.pragma('wal_autocheckpoint = 8000');
    this.epochs = new EpochWriter(this.db.$client);
    this.trialById = this.db
      .select()
      .from(trials)
      .where(eq(trials.id, sql.placeholder('id')))
      .prepare();
    this.studyById = this.db
      .select()
      .from(studies)
      .where(eq(studies.id, sql.placeholder('id')))
      .prepare();
    this.dropEpochs = this.db.$client.prepare('DELETE FROM epoch_metrics WHERE trial_id = ? AND epoch >= ?');
    // After epochs are dropped, each summary is rebuilt from the epochs kept (the last is the latest epoch's value).
    this.resummarize = [
      this.db.$client.prepare('DELETE FROM trial_metric_summaries WHERE trial_id = @id'),
      this.db.$client.prepare(
        `INSERT INTO trial_metric_summaries (trial_id, name, last, min, max, epochs)
         SELECT e.trial_id, e.name,
           (SELECT l.value FROM epoch_metrics l WHERE l.trial_id = e.trial_id AND l.name = e.name ORDER BY l.epoch DESC LIMIT 1),
           min(e.value), max(e.value), count(*)
         FROM epoch_metrics e WHERE e.trial_id = @id GROUP BY e.name`,
      ),
      this.db.$client.prepare(
        'UPDATE trials SET epochs_run = coalesce((SELECT max(epoch) + 1 FROM epoch_metrics WHERE trial_id = @id), 0) WHERE id = @id',
      ),
    ];
  }

  async createStudy(study: NewStudy) {
    return this.durably(() =>
      this.db
        .insert(studies)
        .values({ ...study, createdAt: Date.now() })
        .returning()
        .get(),
    );
  }

  async setStudyState(studyId: number, state: StudyState, error: string | null = null) {
    const now = Date.now();
    // A resumed study keeps the time it first started.
    const times =
      state === 'running'
        ? { startedAt: sql`coalesce(${studies.startedAt}, ${now})`, finishedAt: null }
        : state === 'queued'
          ? {}
          : { finishedAt: now };
    this.durably(() =>
      this.db.$client.transaction(() => {
        this.db
          .update(studies)
          .set({ state, error, ...times })
          .where(eq(studies.id, studyId))
          .run();
        if (state !== 'running') this.db.delete(studyLeases).where(eq(studyLeases.studyId, studyId)).run();
      })(),
    );
  }

  async getStudy(idOrName: number | string) {
    if (typeof idOrName === 'number') return this.studyById.get({ id: idOrName });
    const byId = /^\d+$/.test(idOrName);
    return this.db
      .select()
      .from(studies)
      .where(byId ? eq(studies.id, Number(idOrName)) : eq(studies.name, idOrName))
      .orderBy(desc(studies.id))
      .get();
  }

  async listStudies() {
    return this.db.select().from(studies).orderBy(desc(studies.id)).all();
  }

  async claimQueuedStudy(runner: string) {
    return this.durably(() =>
      this.db.$client
        .transaction(() => {
          const next = this.db
            .select()
            .from(studies)
            .where(and(eq(studies.state, 'queued'), eq(studies.external, false)))
            .orderBy(asc(studies.id))
            .limit(1)
            .get();
          return next && this.holdStudy(next, runner);
        })
        .immediate(),
    );
  }

  async claimStudy(studyId: number, runner: string) {
    return this.durably(() =>
      this.db.$client
        .transaction(() => {
          const study = this.db.select().from(studies).where(eq(studies.id, studyId)).get();
          if (!study) return false;
          if (study.state === 'running') return this.studyLease(studyId)?.runner === runner && Boolean(this.holdStudy(study, runner));
          return !isEndedStudy(study.state) && Boolean(this.holdStudy(study, runner));
        })
        .immediate(),
    );
  }

  private holdStudy(study: StudyRow, runner: string): StudyRow {
    const now = Date.now();
    this.db
      .insert(studyLeases)
      .values({ studyId: study.id, runner, heartbeatAt: now })
      .onConflictDoUpdate({ target: studyLeases.studyId, set: { runner, heartbeatAt: now } })
      .run();
    return this.db
      .update(studies)
      .set({ state: 'running', error: null, finishedAt: null, startedAt: study.startedAt ?? now })
      .where(eq(studies.id, study.id))
      .returning()
      .get();
  }

  private studyLease(studyId: number): Lease | null {
    return (
      this.db
        .select({ runner: studyLeases.runner, heartbeatAt: studyLeases.heartbeatAt })
        .from(studyLeases)
        .where(eq(studyLeases.studyId, studyId))
        .get() ?? null
    );
  }

  private trialLease(trialId: number): Lease | null {
    return (
      this.db
        .select({ runner: trialLeases.runner, heartbeatAt: trialLeases.heartbeatAt })
        .from(trialLeases)
        .where(eq(trialLeases.trialId, trialId))
        .get() ?? null
    );
  }

  async heartbeat(runner: string) {
    const now = Date.now();
    this.db.$client.transaction(() => {
      this.db.update(studyLeases).set({ heartbeatAt: now }).where(eq(studyLeases.runner, runner)).run();
      this.db.update(trialLeases).set({ heartbeatAt: now }).where(eq(trialLeases.runner, runner)).run();
    })();
  }

  async runningStudies(): Promise<Held<StudyRow>[]> {
    return this.db
      .select()
      .from(studies)
      .leftJoin(studyLeases, eq(studyLeases.studyId, studies.id))
      .where(eq(studies.state, 'running'))
      .all()
      .map((r) => ({
        row: r.studies,
        lease: r.study_leases && { runner: r.study_leases.runner, heartbeatAt: r.study_leases.heartbeatAt },
      }));
  }

  async releaseStudy(studyId: number, heldAs: Lease | null) {
    return this.durably(() =>
      this.db.$client
        .transaction(() => {
          if (!isHeldAs(this.studyLease(studyId), heldAs)) return false;
          this.db.delete(studyLeases).where(eq(studyLeases.studyId, studyId)).run();
          return (
            this.db
              .update(studies)
              .set({ state: 'queued' })
              .where(and(eq(studies.id, studyId), eq(studies.state, 'running')))
              .run().changes > 0
          );
        })
        .immediate(),
    );
  }

  async createTrial(studyId: number, number: number, params: Record<string, unknown>, seed: number) {
    return this.durably(() => this.db.insert(trials).values({ studyId, number, params, seed, createdAt: Date.now() }).returning().get());
  }

  async createNextTrial(studyId: number, runner: string, propose: ProposeTrial) {
    // An IMMEDIATE transaction holds SQLite's one write lock from its start: it is the per-study lock.
    return this.durably(() =>
      this.db.$client
        .transaction(() => {
          const study = this.db.select({ state: studies.state }).from(studies).where(eq(studies.id, studyId)).get();
          if (!study || isEndedStudy(study.state)) return undefined;
          const history = this.db.select().from(trials).where(eq(trials.studyId, studyId)).orderBy(asc(trials.number)).all();
          const number = history.length ? history[history.length - 1].number + 1 : 0;
          const proposal = propose(history, number);
          if (!proposal) return undefined;
          const now = Date.now();
          const trial = this.db
            .insert(trials)
            .values({ studyId, number, ...proposal, state: 'running', createdAt: now })
            .returning()
            .get();
          this.db.insert(trialLeases).values({ trialId: trial.id, runner, heartbeatAt: now }).run();
          return trial;
        })
        .immediate(),
    );
  }

  async claimTrial(trialId: number, runner: string, checkpointEpoch: number | null) {
    return this.durably(() =>
      this.db.$client
        .transaction(() => {
          const trial = this.db.select().from(trials).where(eq(trials.id, trialId)).get();
          if (trial?.state !== 'queued') return null;
          // Epochs are logged in order, each in one transaction, so epochs_run = n means epochs 0..n-1 are all stored.
          const resumeEpoch = checkpointEpoch !== null && checkpointEpoch <= trial.epochsRun ? checkpointEpoch : 0;
          this.keepEpochsBefore(trialId, resumeEpoch);
          const now = Date.now();
          this.db
            .insert(trialLeases)
            .values({ trialId, runner, heartbeatAt: now })
            .onConflictDoUpdate({ target: trialLeases.trialId, set: { runner, heartbeatAt: now } })
            .run();
          this.db.update(trials).set({ state: 'running' }).where(eq(trials.id, trialId)).run();
          return resumeEpoch;
        })
        .immediate(),
    );
  }

  private keepEpochsBefore(trialId: number, epoch: number): void {
    if (this.dropEpochs.run(trialId, epoch).changes === 0) return;
    for (const statement of this.resummarize) statement.run({ id: trialId });
  }

  async startTrial(trialId: number, worker: string) {
    // Only a trial still running (claimed): one cancelled from the dashboard meanwhile stays cancelled.
    this.db
      .update(trials)
      .set({ worker, startedAt: Date.now() })
      .where(and(eq(trials.id, trialId), eq(trials.state, 'running')))
      .run();
  }

  /**
   * Epoch rows commit with synchronous=NORMAL (see `durably`), with the other epochs that arrived in the same turn
   * of the event loop (EpochWriter); the promise settles once they have. In WAL mode that survives a crash of the
   * process, and the next durable commit (a trial's end) makes them safe through a power loss too.
   */
  logEpoch(trialId: number, epoch: number, metrics: Record<string, number>, time: number, lease?: string) {
    return this.epochs.log(trialId, epoch, metrics, time, lease);
  }

  async finishTrial(trialId: number, result: TrialResult, heldAs?: RequiredHold) {
    const { epochsRun } = result;
    return this.durably(() =>
      this.db.$client
        .transaction(() => {
          if (heldAs !== undefined && !isHeldAs(this.trialLease(trialId), heldAs)) return false;
          this.db.delete(trialLeases).where(eq(trialLeases.trialId, trialId)).run();
          return (
            this.db
              .update(trials)
              .set({ ...finishedTrialColumns(result), epochsRun: sql`max(${trials.epochsRun}, ${epochsRun})` })
              // Finished trials never change: a late result for a cancelled trial must not overwrite it.
              .where(and(eq(trials.id, trialId), inArray(trials.state, UNFINISHED_TRIAL_STATES)))
              .run().changes > 0
          );
        })
        .immediate(),
    );
  }

  async listTrials(studyId: number) {
    return this.db.select().from(trials).where(eq(trials.studyId, studyId)).orderBy(asc(trials.number)).all();
  }

  async runningTrials(studyId?: number): Promise<Held<TrialRow>[]> {
    const running = studyId === undefined ? eq(trials.state, 'running') : and(eq(trials.state, 'running'), eq(trials.studyId, studyId));
    return this.db
      .select()
      .from(trials)
      .leftJoin(trialLeases, eq(trialLeases.trialId, trials.id))
      .where(running)
      .orderBy(asc(trials.id))
      .all()
      .map((r) => ({ row: r.trials, lease: r.trial_leases && { runner: r.trial_leases.runner, heartbeatAt: r.trial_leases.heartbeatAt } }));
  }

  async requeueTrial(trialId: number, { keepEpochs, countAttempt, heldAs }: Requeue) {
    return this.durably(() =>
      this.db.$client
        .transaction(() => {
          if (heldAs !== undefined && !isHeldAs(this.trialLease(trialId), heldAs)) return false;
          const reset = this.db
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
            .run();
          if (reset.changes === 0) return false;
          this.db.delete(trialLeases).where(eq(trialLeases.trialId, trialId)).run();
          this.keepEpochsBefore(trialId, keepEpochs);
          return true;
        })
        .immediate(),
    );
  }

  async cancelledAmong(trialIds: number[]) {
    if (trialIds.length === 0) return [];
    return this.db
      .select({ id: trials.id })
      .from(trials)
      .where(and(inArray(trials.id, trialIds), eq(trials.state, 'cancelled')))
      .all()
      .map((r) => r.id);
  }

  async getTrial(trialId: number) {
    return this.trialById.get({ id: trialId });
  }

  async recordClientExtras(trialId: number, extras: ClientExtras) {
    const set = Object.fromEntries(Object.entries(extras).filter(([, value]) => value !== undefined)) as ClientExtras;
    if (Object.keys(set).length) this.db.update(trials).set(set).where(eq(trials.id, trialId)).run();
  }

  async epochMetrics(trialId: number) {
    return this.db
      .select()
      .from(epochMetrics)
      .where(eq(epochMetrics.trialId, trialId))
      .orderBy(asc(epochMetrics.name), asc(epochMetrics.epoch))
      .all();
  }

  /**
   * The connection runs with synchronous=NORMAL, so epoch metrics cost no fsync; what a study must never lose
   * (studies, trial creation, trial results) commits with FULL, which also syncs every earlier commit. Epochs
   * still waiting for their batch are written first, so that no such write overtakes an epoch reported before it.
   */
  private durably<T>(write: () => T): T {
    const sqlite = this.db.$client;
    this.epochs.flush();
    sqlite.pragma('synchronous = FULL');
    try {
      return write();
    } finally {
      sqlite.pragma('synchronous = NORMAL');
    }
  }

  async metricCurves(studyId: number, metric: string) {
    const rows = this.db
      .select({ trialId: epochMetrics.trialId, epoch: epochMetrics.epoch, value: epochMetrics.value })
      .from(epochMetrics)
      .innerJoin(trials, eq(trials.id, epochMetrics.trialId))
      .where(and(eq(trials.studyId, studyId), eq(epochMetrics.name, metric)))
      .all();
    return curvesByTrial(rows);
  }

  async close() {
    this.epochs.flush();
    this.db.$client.close();
  }
}
