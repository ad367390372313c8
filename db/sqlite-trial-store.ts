import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { openDatabase, type TuneboardDb } from './connection.ts';
import { cancelledAmong } from './queries/study-control.ts';
import { holderGone } from './runner-liveness.ts';
import { epochMetrics, studies, trialMetricSummaries, trials } from './schema.ts';
import type { NewStudy, ProposeTrial, RunnerClaim, StudyState, TrialHolder, TrialResult, TrialStore } from './trial-store.ts';

/**
 * SQLite storage (better-sqlite3): writers take turns (each claim is one IMMEDIATE transaction, so runner
 * processes on one machine can share a file); any number of readers through WAL.
 */
export class SqliteTrialStore implements TrialStore {
  readonly db: TuneboardDb;
  private insertMetric;
  private markEpochsRun;
  private upsertSummary;

  /** A file path opens (and migrates) that database; an open connection is shared as it is. */
  constructor(source: string | TuneboardDb) {
    this.db = typeof source === 'string' ? openDatabase(source) : source;
    this.db.$client.pragma('synchronous = NORMAL');
    // Metric rows are the hot path (every epoch of every trial): raw prepared statements in one transaction.
    this.insertMetric = this.db.$client.prepare(
      'INSERT OR REPLACE INTO epoch_metrics (trial_id, epoch, name, value, time) VALUES (?, ?, ?, ?, ?)',
    );
    this.markEpochsRun = this.db.$client.prepare('UPDATE trials SET epochs_run = max(epochs_run, ?) WHERE id = ?');
    // min()/max() of SQLite ignore NULLs (our NaN), so a NaN epoch never becomes a trial's best.
    this.upsertSummary = this.db.$client.prepare(
      `INSERT INTO trial_metric_summaries (trial_id, name, last, min, max, epochs) VALUES (@trialId, @name, @value, @value, @value, 1)
       ON CONFLICT (trial_id, name) DO UPDATE SET last = excluded.last, epochs = epochs + 1,
         min = CASE WHEN min IS NULL THEN excluded.min ELSE min(min, coalesce(excluded.min, min)) END,
         max = CASE WHEN max IS NULL THEN excluded.max ELSE max(max, coalesce(excluded.max, max)) END`,
    );
  }

  async createStudy(study: NewStudy) {
    return this.durably(() => this.db.insert(studies).values({ ...study, createdAt: Date.now() }).returning().get());
  }

  async setStudyState(studyId: number, state: StudyState, error: string | null = null) {
    const now = Date.now();
    // A resumed study keeps the time it first started.
    const times = state === 'running' ? { startedAt: sql`coalesce(${studies.startedAt}, ${now})`, finishedAt: null } : state === 'queued' ? {} : { finishedAt: now };
    this.durably(() => this.db.update(studies).set({ state, error, ...times }).where(eq(studies.id, studyId)).run());
  }

  async getStudy(idOrName: number | string) {
    const byId = typeof idOrName === 'number' || /^\d+$/.test(idOrName);
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

  async claimQueuedStudy() {
    return this.durably(() => this.db.$client.transaction(() => {
      const next = this.db.select().from(studies).where(eq(studies.state, 'queued')).orderBy(asc(studies.id)).limit(1).get();
      if (!next) return undefined;
      return this.db.update(studies).set({ state: 'running', startedAt: next.startedAt ?? Date.now() }).where(eq(studies.id, next.id)).returning().get();
    }).immediate());
  }

  async requeueRunningStudies() {
    return this.db.update(studies).set({ state: 'queued' }).where(eq(studies.state, 'running')).run().changes;
  }

  async createTrial(studyId: number, number: number, params: Record<string, unknown>, seed: number) {
    return this.durably(() => this.db.insert(trials).values({ studyId, number, params, seed, createdAt: Date.now() }).returning().get());
  }

  async claimTrial(studyId: number, claim: RunnerClaim, propose: ProposeTrial) {
    return this.durably(() =>
      this.db.$client.transaction(() => {
        const now = Date.now();
        const held = { state: 'running' as const, runner: claim.runner, heartbeatAt: now };
        const pending = this.db
          .select()
          .from(trials)
          .where(and(eq(trials.studyId, studyId), inArray(trials.state, ['queued', 'running'])))
          .orderBy(asc(trials.number))
          .all();
        const next = pending.find((t) => t.state === 'queued') ?? pending.find((t) => holderGone(t, claim.staleAfterMs, now));
        if (next) {
          if (next.state === 'running') this.dropEpochs(next.id);
          const restart = next.state === 'running' ? { attempt: next.attempt + 1, epochsRun: 0, objective: null, bestEpoch: null, worker: null, startedAt: null } : {};
          return this.db.update(trials).set({ ...held, ...restart }).where(eq(trials.id, next.id)).returning().get();
        }
        const history = this.db.select().from(trials).where(eq(trials.studyId, studyId)).orderBy(asc(trials.number)).all();
        const number = history.length ? history[history.length - 1].number + 1 : 0;
        const proposal = propose(history, number);
        if (!proposal) return undefined;
        return this.db.insert(trials).values({ studyId, number, ...proposal, ...held, createdAt: now }).returning().get();
      }).immediate(),
    );
  }

  async heartbeat(runner: string, trialIds: number[]) {
    if (!trialIds.length) return [];
    const mine = this.db.$client.transaction(() => {
      this.db.update(trials).set({ heartbeatAt: Date.now() }).where(and(inArray(trials.id, trialIds), eq(trials.runner, runner), eq(trials.state, 'running'))).run();
      return this.db.select({ id: trials.id }).from(trials).where(and(inArray(trials.id, trialIds), eq(trials.runner, runner), eq(trials.state, 'running'))).all();
    })();
    const held = new Set(mine.map((r) => r.id));
    return trialIds.filter((id) => !held.has(id));
  }

  async studiesToServe() {
    return this.db.select().from(studies).where(inArray(studies.state, ['queued', 'running'])).orderBy(asc(studies.id)).all();
  }

  async completeStudyIfDone(studyId: number) {
    const unfinished = this.db.select({ id: trials.id }).from(trials).where(and(eq(trials.studyId, studyId), inArray(trials.state, ['queued', 'running'])));
    return (
      this.durably(() =>
        this.db
          .update(studies)
          .set({ state: 'completed', error: null, finishedAt: Date.now() })
          .where(and(eq(studies.id, studyId), eq(studies.state, 'running'), sql`not exists ${unfinished}`))
          .run(),
      ).changes > 0
    );
  }

  async startTrial(trialId: number, worker: string) {
    this.db.update(trials).set({ state: 'running', worker, startedAt: Date.now() }).where(eq(trials.id, trialId)).run();
  }

  /**
   * Epoch rows commit with synchronous=NORMAL (see `durably`): in WAL mode that survives a crash of the process,
   * and the next durable commit (a trial's end) makes them safe through a power loss too.
   */
  async logEpoch(trialId: number, epoch: number, metrics: Record<string, number>, time: number) {
    this.db.$client.transaction(() => {
      for (const [name, value] of Object.entries(metrics)) {
        const stored = Number.isNaN(value) ? null : value;
        this.insertMetric.run(trialId, epoch, name, stored, time);
        this.upsertSummary.run({ trialId, name, value: stored });
      }
      this.markEpochsRun.run(epoch + 1, trialId);
    })();
  }

  async finishTrial(trialId: number, result: TrialResult, holder?: TrialHolder) {
    const { state, objective, bestEpoch, epochsRun, testScores, paramCount, modelSummary, backend, error, durationMs } = result;
    const held = holder ? and(eq(trials.runner, holder.runner), eq(trials.attempt, holder.attempt)) : undefined;
    return this.durably(() => this.db
      .update(trials)
      .set({
        state,
        objective: objective !== null && Number.isFinite(objective) ? objective : null,
        bestEpoch,
        epochsRun: sql`max(${trials.epochsRun}, ${epochsRun})`,
        testScores: testScores ?? null,
        paramCount: paramCount ?? null,
        modelSummary: modelSummary ?? null,
        backend: backend ?? null,
        error: error ?? null,
        durationMs,
        finishedAt: Date.now(),
      })
      // Finished trials never change: a late result for a cancelled trial must not overwrite it.
      .where(and(eq(trials.id, trialId), inArray(trials.state, ['queued', 'running']), held))
      .run()).changes > 0;
  }

  async listTrials(studyId: number) {
    return this.db.select().from(trials).where(eq(trials.studyId, studyId)).orderBy(asc(trials.number)).all();
  }

  async requeueTrial(trialId: number) {
    return this.durably(() =>
      this.db.$client.transaction(() => {
        const reset = this.db
          .update(trials)
          .set({ state: 'queued', attempt: sql`${trials.attempt} + 1`, epochsRun: 0, worker: null, runner: null, heartbeatAt: null, startedAt: null, objective: null, bestEpoch: null })
          .where(and(eq(trials.id, trialId), inArray(trials.state, ['queued', 'running'])))
          .run();
        if (reset.changes === 0) return false;
        this.dropEpochs(trialId);
        return true;
      })(),
    );
  }

  private dropEpochs(trialId: number): void {
    this.db.delete(epochMetrics).where(eq(epochMetrics.trialId, trialId)).run();
    this.db.delete(trialMetricSummaries).where(eq(trialMetricSummaries.trialId, trialId)).run();
  }

  async cancelledAmong(trialIds: number[]) {
    return cancelledAmong(this.db, trialIds);
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
   * (studies, trial creation, trial results) commits with FULL, which also syncs every earlier commit.
   */
  private durably<T>(write: () => T): T {
    const sqlite = this.db.$client;
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
    const curves = new Map<number, (number | null)[]>();
    for (const r of rows) {
      const curve = curves.get(r.trialId) ?? [];
      curve[r.epoch] = r.value;
      curves.set(r.trialId, curve);
    }
    return curves;
  }

  async close() {
    this.db.$client.close();
  }
}
