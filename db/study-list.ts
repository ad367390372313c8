import type { DashboardReads, StudyOverview } from './dashboard-reads.ts';
import type { StudyState } from './states.ts';

/** The studies list's search and filters (spec/study-list-filter.ts reads them from the page's query string). */
export interface StudyListFilter {
  /** Matches a name, a tag or the note, ignoring case. */
  q?: string;
  state?: StudyState;
  tag?: string;
  dataset?: string;
}

/** What a study trains on, as the filter names it: a built-in's name, a CSV file's path, an npy train file's path; null for external studies. */
export function datasetLabel(spec: unknown): string | null {
  const dataset = (spec as { dataset?: { source?: unknown; csv?: unknown; npy?: { train_images?: unknown } } } | null)?.dataset;
  const label = dataset?.source ?? dataset?.csv ?? dataset?.npy?.train_images;
  return typeof label === 'string' ? label : null;
}

/** Whether a study passes the filter; `q` matches its name, a tag or its note, ignoring case. */
export function matchesStudyFilter(study: StudyOverview, filter: StudyListFilter): boolean {
  if (filter.state && study.state !== filter.state) return false;
  if (filter.tag && !study.tags.includes(filter.tag)) return false;
  if (filter.dataset && datasetLabel(study.spec) !== filter.dataset) return false;
  if (!filter.q) return true;
  const q = filter.q.toLowerCase();
  return [study.name, study.note, ...study.tags].some((text) => text.toLowerCase().includes(q));
}

/** The filter's choices: every tag and data set in use, sorted. */
export interface StudyFacets {
  tags: string[];
  datasets: string[];
}

/**
 * The studies list: every study passing `filter` (newest first) and the facets of all of them. Filtered after the
 * read, on either engine alike: the list is one row per study, and JSON tags and spec fields would need SQL of
 * each engine's own.
 */
export async function listStudies(
  reads: DashboardReads,
  filter: StudyListFilter,
): Promise<{ studies: StudyOverview[]; facets: StudyFacets; total: number }> {
  const all = await reads.listStudyOverviews();
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
  return {
    studies: all.filter((s) => matchesStudyFilter(s, filter)),
    facets: {
      tags: sorted(all.flatMap((s) => s.tags)),
      datasets: sorted(all.map((s) => datasetLabel(s.spec)).filter((d): d is string => d !== null)),
    },
    total: all.length,
  };
}
