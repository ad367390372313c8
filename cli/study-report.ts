import type { StudyRow, TrialRow } from '../db/trial-store.ts';
import { describeBaseline, type TestScores } from '../lib/test-scores.ts';
import { curveSummary, rankTrials, trialObjectiveCaveat } from '../tuner/best-trials.ts';
import { formatDuration, formatNumber, formatParams, table, terminalText } from './format.ts';

/** The JSON the CLI prints with --json: one object per study, stable for scripts. */
export function studyJson(study: StudyRow, trials: TrialRow[]) {
  const best = rankTrials(trials, study.direction)[0];
  const trialJson = (t: TrialRow) => ({
    id: t.id,
    number: t.number,
    params: t.params,
    state: t.state,
    objective: t.objective,
    bestEpoch: t.bestEpoch,
    epochs: t.epochsRun,
    testScores: t.testScores,
    durationMs: t.durationMs,
    backend: t.backend,
    error: t.error,
  });
  return {
    studyId: study.id,
    name: study.name,
    state: study.state,
    objective: { metric: study.objectiveMetric, direction: study.direction },
    error: study.error,
    best: best ? trialJson(best) : null,
    trials: trials.map(trialJson),
  };
}

export function countByState(trials: TrialRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of trials) counts[t.state] = (counts[t.state] ?? 0) + 1;
  return counts;
}

/**
 * Like Keras Tuner's results_summary(): the best trials with their hyperparameters and scores. `curves` (each
 * trial's objective metric by epoch, from metricCurves) flags a score at float32's floor or far from the saved model's.
 */
export function resultsSummary(study: StudyRow, trials: TrialRow[], curves: Map<number, (number | null)[]> = new Map(), top = 5): string {
  const ranked = rankTrials(trials, study.direction).slice(0, top);
  const counts = Object.entries(countByState(trials))
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const wall = study.startedAt && study.finishedAt ? ` in ${formatDuration(study.finishedAt - study.startedAt)}` : '';
  const lines = [
    'Results summary',
    `Study ${study.id} "${study.name}": ${study.state}, ${trials.length} trials (${counts || 'none'})${wall}`,
    `Objective: ${study.objectiveMetric} (${study.direction})`,
  ];
  if (study.error) lines.push(`Stopped: ${study.error}`);
  const failed = trials.filter((t) => t.state === 'failed');
  if (failed.length) lines.push(`${failed.length} of ${trials.length} trials failed (reasons below).`);
  lines.push(ranked.length ? `Showing ${ranked.length} best trials` : 'No trial completed.');
  for (const t of ranked) {
    lines.push('', `Trial ${t.number} (id ${t.id}) summary`, 'Hyperparameters:');
    for (const [k, v] of Object.entries(t.params as Record<string, unknown>))
      lines.push(`  ${k}: ${typeof v === 'number' ? formatNumber(v) : String(v)}`);
    lines.push(`Score: ${formatNumber(t.objective)} (epoch ${(t.bestEpoch ?? 0) + 1} of ${t.epochsRun})`);
    const caveat = trialObjectiveCaveat(study, t.objective, curveSummary(curves.get(t.id) ?? []), formatNumber);
    if (caveat) lines.push(`Note: ${caveat.message}`);
    const test = describeTestScores(t.testScores);
    const baseline = t.testScores ? describeBaseline(t.testScores as TestScores, formatNumber) : '';
    if (test) lines.push(`Test: ${test}${baseline && ` (baseline, ${baseline})`}`);
  }
  if (failed.length) lines.push('', 'Failed trials:', ...failed.map((t) => `  #${t.number}: ${t.error}`));
  return lines.map(terminalText).join('\n');
}

/**
 * The exit code of `run` and `resume` for a study that ended: 0 only for a completed study with at least one
 * completed trial; 1 for a cancelled or failed study, or one whose every trial failed (nothing to use).
 */
export function endedStudyExitCode(state: string, trials: TrialRow[]): 0 | 1 {
  return state === 'completed' && trials.some((t) => t.state === 'completed') ? 0 : 1;
}

export function describeTestScores(scores: unknown): string {
  const s = scores as { kind?: string; accuracy?: number; macro_f1?: number; rmse?: number; mae?: number; r2?: number } | null;
  if (!s) return '';
  if (s.kind === 'classification') return `accuracy ${formatNumber(s.accuracy)}, macro F1 ${formatNumber(s.macro_f1)}`;
  return `RMSE ${formatNumber(s.rmse)}, MAE ${formatNumber(s.mae)}, R² ${formatNumber(s.r2)}`;
}

export function trialsTable(trials: TrialRow[]): string {
  return table(
    ['#', 'id', 'state', 'objective', 'epochs', 'test', 'time', 'params'],
    trials.map((t) => [
      String(t.number),
      String(t.id),
      t.state,
      formatNumber(t.objective),
      String(t.epochsRun),
      describeTestScores(t.testScores) || (t.error ?? ''),
      t.durationMs ? formatDuration(t.durationMs) : '-',
      formatParams(t.params as Record<string, unknown>),
    ]),
  );
}
