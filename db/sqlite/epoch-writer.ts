import type Database from 'better-sqlite3';

interface PendingEpoch {
  trialId: number;
  epoch: number;
  metrics: Record<string, number>;
  time: number;
  lease: string | undefined;
  stored: () => void;
  failed: (error: unknown) => void;
}

/** Rows per multi-row INSERT: one call into SQLite per chunk instead of one per metric. */
const ROWS_PER_INSERT = 32;

/**
 * Epoch metrics for SQLite, the hot path of every trial. Epochs that arrive in the same turn of the event loop
 * (several workers or clients reporting together) are written in one transaction at the end of that turn, each
 * epoch's promise settling once that transaction has committed: one commit instead of one per epoch, and an
 * acknowledged epoch is exactly as durable as before. A batch that fails is written again epoch by epoch, so that
 * only the epoch at fault is refused.
 */
export class EpochWriter {
  private pending: PendingEpoch[] = [];
  private scheduled = false;
  private readonly inserts = new Map<number, Database.Statement>();
  private readonly upsertSummary: Database.Statement;
  private readonly markEpochsRun: Database.Statement;
  private readonly renewLease: Database.Statement;
  private readonly writeAll: (batch: PendingEpoch[]) => void;

  constructor(private readonly sqlite: Database.Database) {
    // min()/max() of SQLite ignore NULLs (our NaN), so a NaN epoch never becomes a trial's best.
    this.upsertSummary = sqlite.prepare(
      `INSERT INTO trial_metric_summaries (trial_id, name, last, min, max, epochs) VALUES (?, ?, ?, ?, ?, 1)
       ON CONFLICT (trial_id, name) DO UPDATE SET last = excluded.last, epochs = epochs + 1,
         min = CASE WHEN min IS NULL THEN excluded.min ELSE min(min, coalesce(excluded.min, min)) END,
         max = CASE WHEN max IS NULL THEN excluded.max ELSE max(max, coalesce(excluded.max, max)) END`,
    );
    this.markEpochsRun = sqlite.prepare('UPDATE trials SET epochs_run = max(epochs_run, ?) WHERE id = ?');
    this.renewLease = sqlite.prepare('UPDATE trial_leases SET heartbeat_at = ? WHERE trial_id = ? AND runner = ?');
    this.writeAll = sqlite.transaction((batch: PendingEpoch[]) => this.write(batch));
  }

  /** Settles once the epoch has committed (all of its metrics or none), with its lease renewed (see TrialStore.logEpoch). */
  log(trialId: number, epoch: number, metrics: Record<string, number>, time: number, lease?: string): Promise<void> {
    return new Promise((stored, failed) => {
      this.pending.push({ trialId, epoch, metrics, time, lease, stored, failed });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  /** Writes what is waiting now; other writes of the store call it first, so they never overtake an epoch. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      this.writeAll(batch);
    } catch {
      for (const one of batch) this.writeAlone(one);
      return;
    }
    for (const one of batch) one.stored();
  }

  private writeAlone(one: PendingEpoch): void {
    try {
      this.writeAll([one]);
    } catch (error) {
      one.failed(error);
      return;
    }
    one.stored();
  }

  private write(batch: PendingEpoch[]): void {
    const rows: unknown[] = [];
    const now = Date.now();
    for (const { trialId, epoch, metrics, time, lease } of batch) {
      for (const name of Object.keys(metrics)) {
        const value = Number.isNaN(metrics[name]) ? null : metrics[name];
        rows.push(trialId, epoch, name, value, time);
        this.upsertSummary.run(trialId, name, value, value, value);
      }
      this.markEpochsRun.run(epoch + 1, trialId);
      if (lease !== undefined) this.renewLease.run(now, trialId, lease);
    }
    for (let at = 0; at < rows.length; at += ROWS_PER_INSERT * 5) {
      const chunk = rows.slice(at, at + ROWS_PER_INSERT * 5);
      this.insertStatement(chunk.length / 5).run(chunk);
    }
  }

  private insertStatement(rows: number): Database.Statement {
    let statement = this.inserts.get(rows);
    if (!statement) {
      statement = this.sqlite.prepare(
        `INSERT OR REPLACE INTO epoch_metrics (trial_id, epoch, name, value, time) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?)').join(', ')}`,
      );
      this.inserts.set(rows, statement);
    }
    return statement;
  }
}
