'use client';
import Link from 'next/link';
import { Fragment, memo, useMemo, useState } from 'react';
import { formatValue } from '../../../format.ts';
import type { StudyInfo, TrialTableRow } from '../workspace-types.ts';
import type { ResultColumn } from './columns.ts';
import { columnAccessor } from '../filters.ts';
import { groupRuns, paramsText, parseGroupPattern, type ColumnStats } from './run-groups.ts';

/** The panel opens by default for at most this many groups. */
const OPEN_GROUPS_MAX = 20;

/**
 * The shown trials grouped: repeats of one configuration (same params, other seeds), or any runs whose params a
 * regex gives the same key. Per numeric column shown in the spreadsheet: mean ± std, and min–max; each group
 * opens to its runs. Open by default when some configuration ran more than once, and the groups are few.
 * Memoised: sorting the spreadsheet re-renders the table, and must not redraw 150 groups' stats with it.
 */
export const RunGroupsPanel = memo(function RunGroupsPanel({
  study,
  rows,
  columns,
}: {
  study: StudyInfo;
  rows: TrialTableRow[];
  columns: ResultColumn[];
}) {
  const paramNames = useMemo(() => study.params.map((p) => p.name), [study]);
  const [patternText, setPatternText] = useState('');
  const [open, setOpen] = useState<Set<string>>(new Set());
  // Whether the panel is unfolded (null: as it opened by default); a folded panel draws no table of groups.
  const [unfolded, setUnfolded] = useState<boolean | null>(null);
  const pattern = parseGroupPattern(patternText);
  // Columns change identity when one is resized or pinned: regroup only when the columns themselves change.
  const columnKey = columns.map((c) => c.id).join('\n');
  const numeric = useMemo(() => columns.filter((c) => c.numeric && c.group !== 'param' && c.id !== 'number'), [columnKey]);
  const groups = useMemo(() => {
    const regex = parseGroupPattern(patternText);
    return groupRuns(
      rows,
      paramNames,
      numeric.map((c) => c.id),
      regex instanceof RegExp ? regex : undefined,
    );
  }, [rows, paramNames, numeric, patternText]);
  const repeated = useMemo(() => new Set(rows.map((r) => paramsText(r, paramNames))).size < rows.length, [rows, paramNames]);
  if (rows.length === 0) return null;
  // A longer table of groups would push the spreadsheet off the screen (and cost a 10,000-trial page its load).
  const openByDefault = repeated && groups.length <= OPEN_GROUPS_MAX;
  const toggle = (key: string) => setOpen((o) => new Set(o.has(key) ? [...o].filter((k) => k !== key) : [...o, key]));
  return (
    <details
      open={openByDefault}
      onToggle={(e) => setUnfolded(e.currentTarget.open)}
      data-testid="run-groups"
      style={{ margin: '8px 0 12px' }}
    >
      <summary>
        Groups of runs: {groups.length} group{groups.length === 1 ? '' : 's'} of {rows.length} trials
      </summary>
      <label>
        Group by a regex on the params{' '}
        <input
          value={patternText}
          placeholder="e.g. units=\d+"
          aria-label="Group by a regex on the params"
          onChange={(e) => setPatternText(e.target.value)}
          data-testid="group-pattern"
        />
      </label>
      {pattern && !(pattern instanceof RegExp) && <span role="alert"> not a regex: {pattern.error}</span>}
      {(unfolded ?? openByDefault) && (
        <div style={{ overflowX: 'auto' }}>
          <table className="plain" data-testid="run-groups-table">
            <thead>
              <tr>
                <th>group</th>
                <th>runs</th>
                {numeric.map((c) => (
                  <th key={c.id} title={c.title}>
                    {c.label} <small>{c.detail}</small>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <Fragment key={g.key}>
                  <tr>
                    <td>
                      <button type="button" aria-expanded={open.has(g.key)} onClick={() => toggle(g.key)}>
                        {open.has(g.key) ? '▾' : '▸'}
                      </button>{' '}
                      {g.key || '(no params)'}
                    </td>
                    <td>{g.rows.length}</td>
                    {numeric.map((c) => (
                      <td key={c.id}>
                        <StatsCell stats={g.stats[c.id]} />
                      </td>
                    ))}
                  </tr>
                  {open.has(g.key) &&
                    g.rows.map((r) => (
                      <tr key={r.id} className="muted">
                        <td>
                          <Link href={`/studies/${study.id}/trials/${r.id}`}>#{r.number}</Link> seed {r.seed}
                        </td>
                        <td>{r.state}</td>
                        {numeric.map((c) => (
                          <td key={c.id}>{formatValue(columnAccessor(c.id)(r))}</td>
                        ))}
                      </tr>
                    ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
});

function StatsCell({ stats }: { stats: ColumnStats | null }) {
  if (!stats) return <>–</>;
  if (stats.n === 1) return <>{formatValue(stats.mean)}</>;
  return (
    <span title={`mean of ${stats.n} runs; std ${formatValue(stats.std)}; min ${formatValue(stats.min)}, max ${formatValue(stats.max)}`}>
      {formatValue(stats.mean)} ± {formatValue(stats.std)}
      <br />
      <small className="muted">
        {formatValue(stats.min)} – {formatValue(stats.max)}
      </small>
    </span>
  );
}
