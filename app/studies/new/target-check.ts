import { MAX_CLASSES } from '../../../datasets/target.ts';
import type { SpecIssue } from '../../../spec/spec-error.ts';
import type { UploadedCsv } from './upload-csv.ts';

/**
 * What the uploaded CSV's profile already tells about the spec's target and features, checked as the user edits
 * rather than when the study loads its data: the same rules as datasets/target.ts (a regression target must be
 * numeric; a class target has 2 to MAX_CLASSES values), each issue at the field to fix.
 */
export function csvTargetIssues(
  upload: Pick<UploadedCsv, 'columns'>,
  dataset: { target?: unknown; features?: unknown },
  task: unknown,
): SpecIssue[] {
  const byName = new Map(upload.columns.map((c) => [c.name, c]));
  const issues: SpecIssue[] = [];
  const target = typeof dataset.target === 'string' ? byName.get(dataset.target) : undefined;
  if (typeof dataset.target === 'string' && dataset.target && !target)
    issues.push({ path: 'dataset.target', message: `the file has no column "${dataset.target}"` });
  if (target && task === 'regression' && target.type === 'categorical')
    issues.push({
      path: 'dataset.target',
      message: `"${target.name}" holds text; regression needs a numeric target (pick another column, or the task classification)`,
    });
  if (target && task !== 'regression' && target.distinct < 2)
    issues.push({ path: 'dataset.target', message: `"${target.name}" has only one class; classification needs at least 2` });
  if (target && task !== 'regression' && target.distinct > MAX_CLASSES)
    issues.push({
      path: 'dataset.target',
      message: `"${target.name}" has ${target.distinct} distinct values, more than the ${MAX_CLASSES} classes allowed; is this a regression target?`,
    });
  if (Array.isArray(dataset.features))
    dataset.features.forEach((name, i) => {
      if (typeof name === 'string' && !byName.has(name))
        issues.push({ path: `dataset.features[${i}]`, message: `the file has no column "${name}"` });
    });
  return issues;
}
