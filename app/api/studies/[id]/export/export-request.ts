import { parseColumnId } from '../../../../studies/[id]/filters.ts';
import type { TrialTableRow } from '../../../../studies/[id]/workspace-types.ts';
import type { SpecIssue } from '../../../../../spec/spec-error.ts';

/** What to export: these columns in this order; these trials in this order, or every trial when absent. */
export interface ExportRequest {
  columns: string[];
  trials?: number[];
}

export type ParsedExportRequest = { ok: true; request: ExportRequest } | { ok: false; issues: SpecIssue[] };

export const MAX_EXPORT_COLUMNS = 2_000;
export const MAX_EXPORT_TRIALS = 200_000;

/** `?columns=number,param:lr&trials=4,2,9`: comma-separated lists; `trials` may be left out for all of them. */
export function exportRequestFromQuery(query: URLSearchParams): ParsedExportRequest {
  const list = (name: string) =>
    query
      .get(name)
      ?.split(',')
      .filter((s) => s !== '');
  const trials = list('trials');
  return checkExportRequest(
    list('columns') ?? [],
    trials?.map((s) => (/^\d{1,15}$/.test(s) ? Number(s) : s)),
  );
}

/** `{"columns": [...], "trials": [...]}`, for lists too long for a URL (10,000 trial ids are about 60 kB). */
export function exportRequestFromBody(body: unknown): ParsedExportRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, issues: [{ path: '', message: 'must be a JSON object' }] };
  const { columns, trials, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest).map((key) => ({ path: key, message: 'unknown field' }));
  const checked = checkExportRequest(columns, trials);
  if (unknown.length === 0) return checked;
  return { ok: false, issues: [...unknown, ...(checked.ok ? [] : checked.issues)] };
}

function checkExportRequest(columns: unknown, trials: unknown): ParsedExportRequest {
  const issues: SpecIssue[] = [];
  if (!Array.isArray(columns) || columns.length === 0) issues.push({ path: 'columns', message: 'must list at least one column id' });
  else if (columns.length > MAX_EXPORT_COLUMNS) issues.push({ path: 'columns', message: `at most ${MAX_EXPORT_COLUMNS} columns` });
  else {
    const bad = columns.filter((c) => typeof c !== 'string' || !parseColumnId(c));
    if (bad.length)
      issues.push({
        path: 'columns',
        message: `unknown column id(s): ${bad
          .slice(0, 5)
          .map((c) => JSON.stringify(c))
          .join(', ')}`,
      });
  }
  if (trials !== undefined) {
    if (!Array.isArray(trials)) issues.push({ path: 'trials', message: 'must be a list of trial ids' });
    else if (trials.length > MAX_EXPORT_TRIALS) issues.push({ path: 'trials', message: `at most ${MAX_EXPORT_TRIALS} trial ids` });
    else {
      const bad = trials.filter((t) => !Number.isSafeInteger(t) || (t as number) < 1);
      if (bad.length)
        issues.push({
          path: 'trials',
          message: `trial ids must be positive integers, got ${bad
            .slice(0, 5)
            .map((t) => JSON.stringify(t))
            .join(', ')}`,
        });
    }
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, request: { columns: columns as string[], ...(trials !== undefined && { trials: trials as number[] }) } };
}

/**
 * The study's rows for the ids asked, in the order asked (repeats once); all rows when no ids are given.
 * `missing` lists ids that are not trials of the study.
 */
export function pickTrials(rows: TrialTableRow[], ids: number[] | undefined): { rows: TrialTableRow[]; missing: number[] } {
  if (!ids) return { rows, missing: [] };
  const byId = new Map(rows.map((r) => [r.id, r]));
  const picked: TrialTableRow[] = [];
  const missing: number[] = [];
  for (const id of new Set(ids)) {
    const row = byId.get(id);
    if (row) picked.push(row);
    else missing.push(id);
  }
  return { rows: picked, missing };
}
