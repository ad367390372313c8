import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '../../lib/client/connection.ts';
import { heartbeatIntervalMs, Trial } from '../../lib/client/trial.ts';
import { selectBackend } from '../../workers/backend/select-backend.ts';
import { type DataCache, loadStudyData, readClientStudy } from '../../workers/client/client-study.ts';
import { trainClientTrial } from '../../workers/client/train-client-trial.ts';
import { terminalText } from '../format.ts';
import type { CommandArgs } from '../main.ts';
import { UsageError } from '../usage-error.ts';

/** How long a trial's program waits for the server to answer its first reads. */
const START_PATIENCE_MS = 60_000;

/**
 * `tuneboard train-trial`: what `tuneboard agent` runs, once per trial, for a built-in (mlp, cnn) study. It trains the
 * trial in its environment (TUNEBOARD_URL, TUNEBOARD_TRIAL_ID, TUNEBOARD_PARAMS, TUNEBOARD_STUDY_ID…) with the engine,
 * on a native TensorFlow binding when one is installed (`@tensorflow/tfjs-node-gpu` on a GPU machine), else wasm, from
 * the study's data as the server prepared it, and reports over HTTP: no database, no data files on this machine.
 * Exit 0 once the trial completed or was stopped by the server, 1 when it failed.
 */
export async function trainTrialCommand(_args: CommandArgs): Promise<number> {
  const studyId = Number(process.env.TUNEBOARD_STUDY_ID);
  if (!Number.isSafeInteger(studyId) || studyId < 1)
    throw new UsageError('train-trial: TUNEBOARD_STUDY_ID is not set to a study id (tuneboard agent runs this command for each trial)');
  const trial = Trial.fromEnv();
  const connection = new Connection({ timeoutMs: 15_000 });
  const deadline = Date.now() + START_PATIENCE_MS;
  const study = await readClientStudy(connection, studyId, deadline);
  const data = await loadStudyData(connection, study, diskCache(), deadline);
  const { name: backend } = await selectBackend(study.spec.backend);
  console.log(`trial #${trial.number} of "${terminalText(study.name)}": training on ${backend}, ${data.train.n} training samples`);
  const end = await trainClientTrial(connection, trial, study, data, {
    backend,
    heartbeatMs: heartbeatIntervalMs(study.spec.lease_s),
    onEpoch: (epoch, metrics) =>
      console.log(
        `epoch ${epoch}: ${Object.entries(metrics)
          .map(([name, value]) => `${terminalText(name)} ${Number(value.toPrecision(4))}`)
          .join(', ')}`,
      ),
  });
  console.log(`trial #${trial.number}: ${end.state}${end.reason ? `: ${terminalText(end.reason)}` : ''}`);
  return end.state === 'failed' ? 1 : 0;
}

/**
 * Prepared data kept on this machine between trials ($TUNEBOARD_CACHE_DIR, else the temp folder): an agent's trials
 * of one study download it once. Written aside, then renamed, so a trial never reads half a file.
 */
function diskCache(): DataCache {
  const dir = process.env.TUNEBOARD_CACHE_DIR || join(tmpdir(), 'tuneboard-data');
  return {
    get: (key) => readFile(join(dir, key)).then((buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)),
    put: async (key, bytes) => {
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `${key}.${process.pid}.tmp`);
      await writeFile(temp, bytes);
      await rename(temp, join(dir, key));
    },
  };
}
