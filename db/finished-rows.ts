import type { TrialTableRow } from './dashboard-rows.ts';
import { keepRecent } from '../lib/recent-map.ts';

/**
 * What a cached row must still match: the trial, whether it has finished, and whether it has test scores (the one
 * thing a finished trial may still gain: a client's scores for a trial the server ended). In number order.
 */
export interface RowKey {
  id: number;
  finished: boolean;
  scored: boolean;
}

/** The two reads the cache stands in front of, for one engine. */
export interface RowSource {
  /** The picked trials' keys in number order (cheap: no JSON, no summaries). */
  keys(studyId: number, ids?: number[]): RowKey[];
  /** The picked trials' full rows; all the study's without `ids`. */
  rows(studyId: number, ids?: number[]): TrialTableRow[];
}

/** Studies whose finished rows are kept; a 10,000-trial study's rows take a few megabytes. */
const KEPT_STUDIES = 8;

/**
 * The results-table rows of finished trials, kept between requests: finished trials never change (STYLE.md §11),
 * so a request reads only the trials' keys and the rows of trials not finished or not seen finished yet. The server
 * shares the database with runners in other processes, so nothing tells it of their writes: the keys are read
 * every time, and a row is served from here only while its trial stays finished with the same scores. Trial ids are
 * never reused (AUTOINCREMENT), so a deleted study's rows can only go stale, never be served for another trial.
 */
export class FinishedRowCache {
  /** Per study, in least recently used order, trial id → its row and whether it had scores when read. */
  private readonly studies = new Map<number, Map<number, { row: TrialTableRow; scored: boolean }>>();

  constructor(private readonly source: RowSource) {}

  rows(studyId: number, ids?: number[]): TrialTableRow[] {
    const keys = this.source.keys(studyId, ids);
    const kept = keepRecent(this.studies, studyId, this.studies.get(studyId) ?? new Map(), KEPT_STUDIES);

    const stale = keys.filter((k) => !k.finished || kept.get(k.id)?.scored !== k.scored).map((k) => k.id);
    // Nothing kept yet: the whole study in one read, cheaper than naming every trial.
    const read = stale.length === 0 ? [] : this.source.rows(studyId, ids === undefined && stale.length === keys.length ? undefined : stale);
    const fresh = new Map(read.map((r) => [r.id, r]));
    const out: TrialTableRow[] = [];
    for (const key of keys) {
      const row = fresh.get(key.id) ?? kept.get(key.id)?.row;
      // Absent: the trial was deleted between the two reads.
      if (!row) continue;
      if (fresh.has(key.id)) {
        // A trial finished after its key was read is cached by the next request, whose key says so.
        if (key.finished) kept.set(key.id, { row, scored: key.scored });
        else kept.delete(key.id);
      }
      out.push(row);
    }
    return out;
  }
}
