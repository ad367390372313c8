import { epochNumber } from '../../../format.ts';
import { isUnfinishedTrial } from '../../../../db/states.ts';

/** Display helpers for the trial and compare pages, beyond the shared ones in app/format.ts. */

/** A layer's output shape as Keras prints it: the batch dimension (null) is `None`. */
export function formatShape(shape: (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** Integer counts with thousands separators (parameters, supports). */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : n.toLocaleString('en-US');
}

/** Time into a trial: tenths of a second while short, then minutes and seconds. */
export function formatElapsed(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A duration given in seconds (epoch_time): hundredths while under ten seconds. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (s < 10) return `${s.toFixed(2)}s`;
  return s < 60 ? `${s.toFixed(1)}s` : formatElapsed(s * 1000);
}

/** 0-based epoch indices as people count them: "epoch 5 of 12". */
export function formatEpochOf(epoch: number | null, epochsRun: number): string {
  return epoch === null ? '–' : `epoch ${epochNumber(epoch)} of ${epochsRun}`;
}

/**
 * How long a trial ran: as recorded; else from its start to its end (a trial cancelled from the dashboard ends
 * without recording one); else, while it runs, so far. Null when it never started.
 */
export function trialDurationMs(
  trial: { durationMs: number | null; startedAt: number | null; finishedAt: number | null; state: string },
  now: number,
): number | null {
  if (trial.durationMs !== null) return trial.durationMs;
  if (trial.startedAt === null) return null;
  if (trial.finishedAt !== null) return Math.max(0, trial.finishedAt - trial.startedAt);
  return trial.state === 'running' ? now - trial.startedAt : null;
}

/** Why a trial has no layer summary: not yet, not recorded because it was stopped (it did train), or never built. */
export function missingSummaryReason(state: string, epochsRun: number): string {
  if (isUnfinishedTrial(state)) return 'recorded when the trial finishes';
  if (epochsRun > 0) return `not recorded: the trial was ${state} after ${epochsRun} epoch${epochsRun === 1 ? '' : 's'}`;
  return 'the model was not built';
}
