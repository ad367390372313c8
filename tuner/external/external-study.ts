import type { StudyRow, TrialStore } from '../../db/trial-store.ts';
import { maxEpochs } from '../../spec/max-epochs.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import type { StudySpec } from '../../spec/study-spec.ts';
import { trainedBy } from '../../spec/trained-by.ts';
import { PruningMonitor } from '../pruning-monitor.ts';
import { createPruner } from '../pruners/index.ts';
import { createStrategy } from '../strategies/index.ts';
import type { Strategy } from '../strategy.ts';

/** What the server keeps between requests of a study clients train: its spec, strategy and pruning state. */
export interface ExternalStudy {
  row: StudyRow;
  spec: StudySpec;
  strategy: Strategy;
  pruning: PruningMonitor | null;
}

/**
 * External studies as this server process knows them. The pruning state is built once from the stored curves and
 * then follows the epochs reported here; a second server on the same PostgreSQL database learns the other's epochs
 * when it next loads the study (after `refreshMs`), as two runners of one study do by their heartbeat.
 */
export class ExternalStudies {
  private readonly loaded = new Map<number, { study: Promise<ExternalStudy>; at: number }>();

  constructor(
    private readonly store: TrialStore,
    private readonly refreshMs = 10_000,
  ) {}

  /**
   * The study with that id, when clients may train its trials (see spec/trained-by.ts: external studies, built-in ones
   * with backend browser or auto); undefined when there is none, or only runners train it.
   */
  async get(studyId: number): Promise<ExternalStudy | undefined> {
    const cached = this.loaded.get(studyId);
    if (cached && Date.now() - cached.at < this.refreshMs) {
      const study = await cached.study;
      // The state changes from the dashboard (pause, cancel): read it each time, it is one indexed row.
      const row = await this.store.getStudy(studyId);
      if (!row) return undefined;
      study.row = row;
      return study;
    }
    const row = await this.store.getStudy(studyId);
    if (!row || !(row.external || trainedBy(parseStudySpec(row.spec)).clients)) return undefined;
    const study = this.load(row);
    this.loaded.set(studyId, { study, at: Date.now() });
    return study.catch((error) => {
      this.loaded.delete(studyId);
      throw error;
    });
  }

  private async load(row: StudyRow): Promise<ExternalStudy> {
    const spec = parseStudySpec(row.spec);
    const strategy = createStrategy(spec.strategy, { space: spec.space, maxEpochs: maxEpochs(spec) });
    const pruner = spec.pruner ? createPruner(spec.pruner) : strategy.pruner;
    const pruning = pruner
      ? await PruningMonitor.ofStudy(pruner, this.store, row.id, spec.objective, await this.store.listTrials(row.id))
      : null;
    return { row, spec, strategy, pruning };
  }
}
