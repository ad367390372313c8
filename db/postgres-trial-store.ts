import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { openPgDatabase, type PgTuneboardDb } from './pg/connection.ts';
import { epochMetrics, studies, trialMetricSummaries, trials } from './pg/schema.ts';
import { holderGone } from './runner-liveness.ts';
import type { NewStudy, ProposeTrial, RunnerClaim, StudyState, TrialHolder, TrialResult, TrialStore } from './trial-store.ts';

/** pg_advisory_xact_lock(CLAIM_LOCK, study id) serializes the creation of a study's new trials across runners. */
const CLAIM_LOCK = 0x7472_6c73;

/**
 * PostgreSQL storage (drizzle's pg dialect over a `pg` pool): the engine for many runners on many machines.
 * Queued and abandoned trials are claimed with SELECT … FOR UPDATE SKIP LOCKED, so runners never wait on each
 * other's claims; new trials are created under a per-study advisory lock, so two runners never take one number.
 */
export class PostgresTrialStore implements TrialStore {
  private constructor(readonly db: PgTuneboardDb) {}

  static async open(url: string): Promise<PostgresTrialStore> {
    return new PostgresTrialStore(await openPgDatabase(url));
  }

  async createStudy(study: NewStudy) {
    const [row] = await this.db.insert(studies).values({ ...study, createdAt: Date.now() }).returning();
    return row;
  }

  async setStudyState(studyId: number, state: StudyState, error: string | null = null) {
    const now = Date.now();
    // A resumed study keeps the time it first started.
    const times = state === 'running' ? { startedAt: sql`coalesce(${studies.startedAt}, ${now}::bigint)`, finishedAt: null } : state === 'queued' ? {} : { finishedAt: now };
    await this.db.update(studies).set({ state, error, ...times }).where(eq(studies.id, studyId));
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

  async claimQueuedStudy() {
    const next = this.db.select({ id: studies.id }).from(studies).where(eq(studies.state, 'queued')).orderBy(asc(studies.id)).limit(1).for('update', { skipLocked: true });
    const [row] = await this.db
      .update(studies)
      .set({ state: 'running', startedAt: sql`coalesce(${studies.startedAt}, ${Date.now()}::bigint)` })
      .where(inArray(studies.id, next))
      .returning();
    return row;
  }

  async requeueRunningStudies() {
    return (await this.db.update(studies).set({ state: 'queued' }).where(eq(studies.state, 'running')).returning({ id: studies.id })).length;
  }

  async createTrial(studyId: number, number: number, params: Record<string, unknown>, seed: number) {
    const [row] = await this.db.insert(trials).values({ studyId, number, params, seed, createdAt: Date.now() }).returning();
    return row;
  }

  async claimTrial(studyId: number, claim: RunnerClaim, propose: ProposeTrial) {
    return this.db.transaction(async (tx) => {
      const now = Date.now();
      const held = { state: 'running' as const, runner: claim.runner, heartbeatAt: now };
      // Rows another runner is claiming right now are skipped, not waited for.
      const pending = await tx
        .select()
        .from(trials)
        .where(and(eq(trials.studyId, studyId), inArray(trials.state, ['queued', 'running'])))
        .orderBy(asc(trials.number))
        .for('update', { skipLocked: true });
      const next = pending.find((t) => t.state === 'queued') ?? pending.find((t) => holderGone(t, claim.staleAfterMs, now));
      if (next) {
        if (next.state === 'running') await dropEpochs(tx, next.id);
        const restart = next.state === 'running' ? { attempt: next.attempt + 1, epochsRun: 0, objective: null, bestEpoch: null, worker: null, startedAt: null } : {};
        const [row] = await tx.update(trials).set({ ...held, ...restart }).where(eq(trials.id, next.id)).returning();
        return row;
      }
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${CLAIM_LOCK}::int, ${studyId}::int)`);
      const history = await tx.select().from(trials).where(eq(trials.studyId, studyId)).orderBy(asc(trials.number));
      const number = history.length ? history[history.length - 1].number + 1 : 0;
      const proposal = propose(history, number);
      if (!proposal) return undefined;
      const [row] = await tx.insert(trials).values({ studyId, number, ...proposal, ...held, createdAt: now }).returning();
      return row;
    });
  }

  async heartbeat(runner: string, trialIds: number[]) {
    if (!trialIds.length) return [];
    const mine = await this.db
      .update(trials)
      .set({ heartbeatAt: Date.now() })
      .where(and(inArray(trials.id, trialIds), eq(trials.runner, runner), eq(trials.state, 'running')))
      .returning({ id: trials.id });
    const held = new Set(mine.map((r) => r.id));
    return trialIds.filter((id) => !held.has(id));
  }

  async studiesToServe() {
    return this.db.select().from(studies).where(inArray(studies.state, ['queued', 'running'])).orderBy(asc(studies.id));
  }

  async completeStudyIfDone(studyId: number) {
    const unfinished = this.db.select({ id: trials.id }).from(trials).where(and(eq(trials.studyId, studyId), inArray(trials.state, ['queued', 'running'])));
    const done = await this.db
      .update(studies)
      .set({ state: 'completed', error: null, finishedAt: Date.now() })
      .where(and(eq(studies.id, studyId), eq(studies.state, 'running'), sql`not exists ${unfinished}`))
      .returning({ id: studies.id });
    return done.length > 0;
  }

  async startTrial(trialId: number, worker: string) {
    await this.db.update(trials).set({ state: 'running', worker, startedAt: Date.now() }).where(eq(trials.id, trialId));
  }

  /** One statement: the epoch's metrics, the per-metric summaries and the trial's epoch count, all or nothing. */
  async logEpoch(trialId: number, epoch: number, metrics: Record<string, number>, time: number) {
    const names = Object.keys(metrics);
    // NaN is stored as null, as on SQLite; least()/greatest() ignore nulls, so a NaN epoch never becomes a best.
    const values = names.map((n) => (Number.isNaN(metrics[n]) ? null : metrics[n]));
    await this.db.$client.query(
      `WITH m AS (SELECT * FROM unnest($3::text[], $4::float8[]) AS m(name, value)),
       epochs AS (INSERT INTO epoch_metrics (trial_id, epoch, name, value, time) SELECT $1, $2, name, value, $5 FROM m
         ON CONFLICT (trial_id, name, epoch) DO UPDATE SET value = excluded.value, time = excluded.time),
       summaries AS (INSERT INTO trial_metric_summaries AS s (trial_id, name, last, min, max, epochs) SELECT $1, name, value, value, value, 1 FROM m
         ON CONFLICT (trial_id, name) DO UPDATE SET last = excluded.last, epochs = s.epochs + 1,
           min = least(s.min, excluded.min), max = greatest(s.max, excluded.max))
       UPDATE trials SET epochs_run = greatest(epochs_run, $2 + 1) WHERE id = $1`,
      [trialId, epoch, names, values, time],
    );
  }

  async finishTrial(trialId: number, result: TrialResult, holder?: TrialHolder) {
    const { state, objective, bestEpoch, epochsRun, testScores, paramCount, modelSummary, backend, error, durationMs } = result;
    const held = holder ? and(eq(trials.runner, holder.runner), eq(trials.attempt, holder.attempt)) : undefined;
    const done = await this.db
      .update(trials)
      .set({
        state,
        objective: objective !== null && Number.isFinite(objective) ? objective : null,
        bestEpoch,
        epochsRun: sql`greatest(${trials.epochsRun}, ${epochsRun}::int)`,
        testScores: testScores ?? null,
        paramCount: paramCount ?? null,
        modelSummary: modelSummary ?? null,
        backend: backend ?? null,
        error: error ?? null,
        durationMs,
        finishedAt: Date.now(),
      })
      // Finished trials never change: a late result for a cancelled or re-run trial must not overwrite it.
      .where(and(eq(trials.id, trialId), inArray(trials.state, ['queued', 'running']), held))
      .returning({ id: trials.id });
    return done.length > 0;
  }

  async listTrials(studyId: number) {
    return this.db.select().from(trials).where(eq(trials.studyId, studyId)).orderBy(asc(trials.number));
  }

  async requeueTrial(trialId: number) {
    return this.db.transaction(async (tx) => {
      const reset = await tx
        .update(trials)
        .set({ state: 'queued', attempt: sql`${trials.attempt} + 1`, epochsRun: 0, worker: null, runner: null, heartbeatAt: null, startedAt: null, objective: null, bestEpoch: null })
        .where(and(eq(trials.id, trialId), inArray(trials.state, ['queued', 'running'])))
        .returning({ id: trials.id });
      if (reset.length === 0) return false;
      await dropEpochs(tx, trialId);
      return true;
    });
  }

  async cancelledAmong(trialIds: number[]) {
    if (trialIds.length === 0) return [];
    const rows = await this.db.select({ id: trials.id }).from(trials).where(and(inArray(trials.id, trialIds), eq(trials.state, 'cancelled')));
    return rows.map((r) => r.id);
  }

  async epochMetrics(trialId: number) {
    return this.db.select().from(epochMetrics).where(eq(epochMetrics.trialId, trialId)).orderBy(asc(epochMetrics.name), asc(epochMetrics.epoch));
  }

  async metricCurves(studyId: number, metric: string) {
    const rows = await this.db
      .select({ trialId: epochMetrics.trialId, epoch: epochMetrics.epoch, value: epochMetrics.value })
      .from(epochMetrics)
      .innerJoin(trials, eq(trials.id, epochMetrics.trialId))
      .where(and(eq(trials.studyId, studyId), eq(epochMetrics.name, metric)));
    const curves = new Map<number, (number | null)[]>();
    for (const r of rows) {
      const curve = curves.get(r.trialId) ?? [];
      curve[r.epoch] = r.value;
      curves.set(r.trialId, curve);
    }
    return curves;
  }

  async close() {
    await this.db.$client.end();
  }
}

type Tx = Parameters<Parameters<PgTuneboardDb['transaction']>[0]>[0];

async function dropEpochs(tx: Tx, trialId: number): Promise<void> {
  await tx.delete(epochMetrics).where(eq(epochMetrics.trialId, trialId));
  await tx.delete(trialMetricSummaries).where(eq(trialMetricSummaries.trialId, trialId));
}
