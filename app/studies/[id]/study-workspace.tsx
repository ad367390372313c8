'use client';
import { useMemo } from 'react';
import type { ColumnFilter, StudyInfo, TrialTableRow } from './workspace-types.ts';
import { CurvesView } from './curves/curves-view.tsx';
import { HParamsViews } from './hparams/hparams-views.tsx';
import { LiveProgress } from './live-progress.tsx';
import { ResultsTable } from './results/results-table.tsx';
import { useLiveTrials } from './use-live-trials.ts';
import { withTrialNames } from './trial-names.ts';
import { useQueryParam } from '../../view-url/use-query-param.ts';
import { choiceCodec, filtersCodec, idListCodec } from '../../view-url/view-codecs.ts';

const VIEWS = ['results', 'hparams', 'curves'] as const;
type View = (typeof VIEWS)[number];
const viewCodec = choiceCodec<View>(VIEWS, 'results');

/**
 * The study's interactive part. It owns what the views share: the live rows, the column filters (the
 * spreadsheet's filters and the parallel-coordinates brushes are the same state) and the selected trials.
 */
/** `initialRows` null: the study is large and its rows are fetched after the page shows. */
export function StudyWorkspace({ study: spec, initialRows }: { study: StudyInfo; initialRows: TrialTableRow[] | null }) {
  const rows = useLiveTrials(spec, initialRows);
  // Parameters and metrics the trials bring beyond the spec (an external study's clients name their own).
  const study = useMemo(() => withTrialNames(spec, rows), [spec, rows]);
  // The view lives in the query string (a copied link opens it; back and forward step through views): a tab or
  // a selection is a new view, a filter being brushed or typed adjusts the current one.
  const [view, setView] = useQueryParam('tab', viewCodec, 'push');
  const [filters, setFilters] = useQueryParam<ColumnFilter[]>('filters', filtersCodec, 'replace');
  const [selected, setSelected] = useQueryParam('selected', idListCodec, 'push');
  const tab = (v: View, label: string) => (
    <a
      href={`#${v}`}
      role="tab"
      id={`tab-${v}`}
      aria-selected={view === v}
      aria-controls="workspace-view"
      className={view === v ? 'active' : ''}
      onClick={(e) => (e.preventDefault(), setView(v))}
    >
      {label}
    </a>
  );
  return (
    <>
      <LiveProgress rows={rows} planned={study.plannedTrials} maxEpochs={study.maxEpochs} />
      <nav className="tabs" role="tablist" aria-label="Views of the trials">
        {tab('results', 'Results')}
        {tab('hparams', 'HParams')}
        {tab('curves', 'Curves')}
      </nav>
      <div id="workspace-view" role="tabpanel" aria-labelledby={`tab-${view}`} data-testid="workspace-view" data-view={view}>
        {view === 'results' && (
          <ResultsTable
            study={study}
            rows={rows}
            filters={filters}
            onFiltersChange={setFilters}
            selected={selected}
            onSelectedChange={setSelected}
          />
        )}
        {view === 'hparams' && <HParamsViews study={study} rows={rows} filters={filters} onFiltersChange={setFilters} />}
        {view === 'curves' && <CurvesView study={study} rows={rows} selected={selected} />}
      </div>
    </>
  );
}
