import { STUDY_STATES } from '../../db/states.ts';
import type { StudyFacets, StudyListFilter } from '../../db/study-list.ts';

/**
 * The studies list's search and filters: a plain GET form, so the query string holds them (a link or a reload shows
 * the same list) and it works before any script loads.
 */
export function StudySearch({
  filter,
  facets,
  shown,
  total,
}: {
  filter: StudyListFilter;
  facets: StudyFacets;
  shown: number;
  total: number;
}) {
  const choice = (name: string, label: string, values: readonly string[], value?: string) => (
    <label>
      {label}{' '}
      <select name={name} defaultValue={value ?? ''}>
        <option value="">any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
  const filtered = Object.values(filter).some((v) => v);
  return (
    <form method="get" role="search" className="study-search" data-testid="study-search">
      <input type="search" name="q" defaultValue={filter.q ?? ''} placeholder="Search names, tags, notes" aria-label="Search studies" />
      {choice('state', 'state', STUDY_STATES, filter.state)}
      {choice('tag', 'tag', facets.tags, filter.tag)}
      {choice('dataset', 'data set', facets.datasets, filter.dataset)}
      <button type="submit">Search</button>
      {filtered && (
        <>
          <a href="/">clear</a>{' '}
          <span className="muted" data-testid="study-count">
            {shown} of {total} studies
          </span>
        </>
      )}
    </form>
  );
}
