import type { StudyInfo, TrialTableRow } from './workspace-types.ts';

type StudyParam = StudyInfo['params'][number];

/**
 * The study as its views list columns and axes: its search space's parameters and the metrics known when the page
 * loaded, plus any other parameter or metric its trials hold. An external study's clients choose their own names (a
 * manual study has no space at all, and a new trial may bring a new metric): those are columns and axes too. Each new
 * parameter's kind is read off its values: numbers are a range (int when all are integers), booleans a bool, anything
 * else a choice of the values seen. The same object when the trials add nothing, so memoised views keep theirs.
 */
export function withTrialNames(study: StudyInfo, rows: readonly TrialTableRow[]): StudyInfo {
  const known = new Set(study.params.map((p) => p.name));
  const seen = new Map<string, unknown[]>();
  // for…in, not Object.entries: this runs over every row of the page (10,000 of them) whenever the rows change.
  for (const row of rows) {
    const params = row.params as Record<string, unknown> | null;
    if (!params || typeof params !== 'object') continue;
    for (const name in params) {
      if (known.has(name)) continue;
      const values = seen.get(name) ?? [];
      values.push(params[name]);
      seen.set(name, values);
    }
  }
  const metricNames = new Set(study.metrics);
  const newMetrics: string[] = [];
  for (const row of rows)
    for (const name in row.metrics)
      if (!metricNames.has(name)) {
        metricNames.add(name);
        newMetrics.push(name);
      }
  if (seen.size === 0 && newMetrics.length === 0) return study;
  return {
    ...study,
    params: [...study.params, ...[...seen].map(([name, values]) => inferParam(name, values))],
    metrics: [...study.metrics, ...newMetrics.sort()],
  };
}

/** A parameter's kind from the values its trials hold (null and absent ones aside). */
export function inferParam(name: string, values: readonly unknown[]): StudyParam {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === 'number'))
    return { name, type: present.every((v) => Number.isInteger(v)) ? 'int' : 'float', log: false };
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) return { name, type: 'bool', log: false, values: [false, true] };
  const scalars = present.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v));
  const distinct = [...new Set(scalars)].sort((a, b) => String(a).localeCompare(String(b)));
  return { name, type: 'choice', log: false, values: distinct };
}
