import type { CurvePoint } from '../../../db/dashboard-rows.ts';
import { serverDb } from '../../../db/server-db.ts';
import { lttb } from '../../../lib/lttb.ts';
import { studyFileName } from '../../studies/[id]/results/csv.ts';
import { errorResponse, HttpError, parseId } from '../respond.ts';
import { curvesCsv, curvesJson, type ExportedTrial } from './curves-export.ts';

export const dynamic = 'force-dynamic';

const MAX_TRIALS = 500;
const POINTS = { min: 10, max: 5000, default: 500 };

/**
 * `GET /api/curves?trials=1,2,3&points=500[&metrics=loss,val_loss]`: per trial id, per metric, the curve as
 * `[epoch, value, time]` downsampled to at most `points` points (first, last, extremes and NaN gaps kept).
 * A null value is an epoch whose value was not finite. Trials without epochs come back with no metrics.
 * With `study` and `format`, a download of the full curves instead (see exportCurves).
 */
export async function GET(request: Request) {
  try {
    const query = new URL(request.url).searchParams;
    const { trialIds, points, metrics } = parseCurvesQuery(query);
    if (query.has('format')) return await exportCurves(query, trialIds, metrics);
    const curves = await (await serverDb()).curvesOfTrials(trialIds, metrics);
    const trials: Record<number, Record<string, CurvePoint[]>> = {};
    for (const id of trialIds) {
      const out: Record<string, CurvePoint[]> = {};
      for (const [name, series] of Object.entries(curves.get(id) ?? {})) out[name] = lttb(series, points).map(compact);
      trials[id] = out;
    }
    return Response.json({ points, trials });
  } catch (error) {
    return errorResponse(error);
  }
}

const FORMATS = ['csv', 'json'] as const;

/**
 * `…&study=ID&format=csv|json`: the trials' full curves (every epoch, not downsampled) as a download, one row per
 * trial × epoch × metric (see curves-export.ts). Every trial must be of that study.
 */
async function exportCurves(query: URLSearchParams, trialIds: number[], metrics: string[] | undefined): Promise<Response> {
  const format = query.get('format') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw badParam('format', 'must be csv or json');
  const rawStudy = query.get('study');
  if (rawStudy === null) throw badParam('study', 'required with format, the id of the trials’ study');
  const studyId = parseId(rawStudy, 'study');
  const db = await serverDb();
  const study = await db.getStudy(studyId);
  if (!study) throw new HttpError(404, `study: no study ${studyId}`);
  const rows = new Map((await db.listTrialRows(studyId, trialIds)).map((r) => [r.id, r]));
  const strangers = trialIds.filter((id) => !rows.has(id));
  if (strangers.length)
    throw badParam(
      'trials',
      `${strangers.slice(0, 5).join(', ')} ${strangers.length === 1 ? 'is not a trial' : 'are not trials'} of study ${studyId}`,
    );
  const curves = await db.curvesOfTrials(trialIds, metrics);
  const trials: ExportedTrial[] = trialIds.map((id) => {
    const row = rows.get(id)!;
    return { id, number: row.number, params: row.params, curves: curves.get(id) ?? {} };
  });
  const name = studyFileName(study, `curves.${format}`);
  const disposition = { 'content-disposition': `attachment; filename="${name}"` };
  if (format === 'json') return Response.json(curvesJson(study, trials), { headers: disposition });
  return new Response(curvesCsv(trials), { headers: { 'content-type': 'text/csv; charset=utf-8', ...disposition } });
}

/** A 400 naming the query parameter, in `issues` too, like the other routes' input errors. */
function badParam(name: string, message: string): HttpError {
  return new HttpError(400, `${name}: ${message}`, [{ path: name, message }]);
}

function parseCurvesQuery(params: URLSearchParams): { trialIds: number[]; points: number; metrics?: string[] } {
  const rawTrials = params.get('trials');
  if (!rawTrials) throw badParam('trials', 'required, a comma-separated list of trial ids');
  const parts = rawTrials.split(',');
  if (parts.length > MAX_TRIALS) throw badParam('trials', `at most ${MAX_TRIALS} ids`);
  if (!parts.every((v) => /^\d{1,15}$/.test(v.trim()) && Number(v) >= 1))
    throw badParam('trials', 'must be positive integer ids separated by commas');
  const trialIds = [...new Set(parts.map(Number))];
  const rawPoints = params.get('points');
  const points = rawPoints === null ? POINTS.default : Number(rawPoints);
  if (!Number.isInteger(points) || points < POINTS.min || points > POINTS.max) {
    throw badParam('points', `must be an integer from ${POINTS.min} to ${POINTS.max}`);
  }
  const rawMetrics = params.get('metrics');
  const metrics = rawMetrics === null ? undefined : rawMetrics.split(',').filter(Boolean);
  if (metrics && (metrics.length > 100 || metrics.some((m) => m.length > 200)))
    throw badParam('metrics', 'at most 100 names of up to 200 characters');
  return { trialIds, points, metrics };
}

/** Seven significant digits hold a float32 (TF.js) exactly enough and halve the JSON; ±Infinity becomes null like NaN. */
function compact([epoch, value, time]: CurvePoint): CurvePoint {
  return [epoch, value === null || !Number.isFinite(value) ? null : Number(value.toPrecision(7)), time];
}
