import { encodePreparedData } from '../../datasets/prepared-binary.ts';
import { prepareDataset } from '../../datasets/prepare.ts';
import type { PreparedData } from '../../datasets/types.ts';
import type { StudyRow, TrialStore } from '../../db/trial-store.ts';
import type { LayerSummary } from '../../workers/models/build-model.ts';
import type { ClassificationScores, RegressionScores } from '../../lib/test-scores.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { asBuiltin, type BuiltinStudySpec } from '../../spec/study-spec.ts';
import { clientTrainsBuiltin } from '../../spec/trained-by.ts';
import { keepRecent } from '../../lib/recent-map.ts';
import { keepTrialModel } from '../keep-trial-model.ts';
import { ExternalRefusal, runnersOnlyRefusal } from './refusal.ts';

/** A study's prepared data: the splits clients train on, and the preprocessing their saved models carry. */
interface StudyData {
  data: PreparedData;
  bytes: Uint8Array;
}

/** What a client that trained a built-in model sends: the model as TF.js saves it, and its test scores. */
export interface ClientModel {
  modelTopology: object;
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' | 'int32' }[];
  weightData: Uint8Array;
  testScores: ClassificationScores | RegressionScores | null;
  paramCount: number;
  modelSummary: LayerSummary[];
  backend: string;
}

const KEPT_STUDIES = 2;

/**
 * The server's side of clients that train built-in (mlp, cnn) studies with Tuneboard's engine, browser workers and
 * agents: the study's splits, prepared once here and sent as float32 (see prepared-binary.ts), and the trained model
 * they send back, saved as the runner saves its own (keep-trial-model.ts) so export, predict and the zip work alike.
 */
export class BuiltinClients {
  /** The last studies' data, newest last: preparing MNIST takes seconds, and every worker of a study asks for it. */
  private readonly prepared = new Map<string, Promise<StudyData>>();

  constructor(
    private readonly store: TrialStore,
    private readonly modelsDir: string,
  ) {}

  /** The study's splits as prepared-binary bytes, with an ETag (a study's data never changes: its spec is fixed). */
  async data(studyId: number): Promise<{ bytes: Uint8Array; etag: string }> {
    const { row } = await this.study(studyId);
    return { bytes: (await this.studyData(row)).bytes, etag: `"${row.uid}"` };
  }

  /**
   * Saves the model a client trained for a trial it finished `completed`, with its test scores, parameter count, layers
   * and backend. A trial the server ended otherwise (pruned, cancelled) keeps no model, as with runners.
   */
  async keepModel(trialId: number, model: ClientModel): Promise<{ id: number; saved: boolean }> {
    const trial = await this.store.getTrial(trialId);
    if (!trial) throw new ExternalRefusal(404, `no trial ${trialId}`);
    const { row, spec } = await this.study(trial.studyId);
    if (trial.state === 'running' || trial.state === 'queued')
      throw new ExternalRefusal(
        409,
        `trial ${trialId} is ${trial.state}: finish it (POST /api/v1/trials/${trialId}/finish) before sending its model`,
      );
    checkWeights(model);
    await this.store.recordClientExtras(trialId, {
      testScores: model.testScores ?? undefined,
      paramCount: model.paramCount,
      modelSummary: model.modelSummary,
      backend: model.backend,
    });
    if (trial.state !== 'completed') return { id: trialId, saved: false };
    const { data } = await this.studyData(row);
    // A copy: a Buffer from base64 may be a view of a shared pool, whose .buffer holds other bytes too.
    const weightData = new Uint8Array(model.weightData).buffer as ArrayBuffer;
    await keepTrialModel(this.modelsDir, { id: row.id, uid: row.uid }, spec, trial, {
      state: 'completed',
      objective: trial.objective,
      bestEpoch: trial.bestEpoch,
      epochsRun: trial.epochsRun,
      testScores: model.testScores,
      paramCount: model.paramCount,
      modelSummary: model.modelSummary,
      backend: model.backend,
      error: null,
      durationMs: trial.durationMs ?? 0,
      tensorsAfter: 0,
      model: { modelTopology: model.modelTopology, weightSpecs: model.weightSpecs, weightData, preprocessing: data.preprocessing },
    });
    return { id: trialId, saved: spec.save_models !== 'none' };
  }

  private async study(studyId: number): Promise<{ row: StudyRow; spec: BuiltinStudySpec }> {
    const row = await this.store.getStudy(studyId);
    if (!row) throw new ExternalRefusal(404, `no study ${studyId}`);
    const spec = parseStudySpec(row.spec);
    if (!clientTrainsBuiltin(spec))
      throw spec.model.family === 'external'
        ? new ExternalRefusal(409, `study ${studyId} is external: its clients bring their own data and models`)
        : runnersOnlyRefusal(studyId, spec.backend);
    return { row, spec: asBuiltin(spec) };
  }

  private studyData(row: StudyRow): Promise<StudyData> {
    let data = this.prepared.get(row.uid);
    if (!data) {
      const spec = asBuiltin(parseStudySpec(row.spec));
      data = prepareDataset(spec.dataset, spec.model.task, { baseDir: row.specDir }).then((prepared) => ({
        data: prepared,
        bytes: encodePreparedData(prepared),
      }));
      data.catch(() => this.prepared.delete(row.uid));
    }
    return keepRecent(this.prepared, row.uid, data, KEPT_STUDIES);
  }
}

/** The weights must be exactly what their specs describe (4 bytes per float32 or int32 value), or no model loads them. */
function checkWeights(model: ClientModel): void {
  const expected = model.weightSpecs.reduce((sum, w) => sum + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (expected !== model.weightData.byteLength)
    throw new ExternalRefusal(400, `weights: ${model.weightData.byteLength} bytes, but weight_specs describe ${expected}`);
}
