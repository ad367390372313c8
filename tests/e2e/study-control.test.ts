import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTrialStore } from '../../db/sqlite/trial-store.ts';
import { parseStudySpec } from '../../spec/parse-spec.ts';
import { tempDir } from '../helpers/temp.ts';
import { startApp, type RunningApp } from './app-server.ts';

const spec = parseStudySpec({
  name: 'floor',
  dataset: { source: 'penguins', limit: 80 },
  model: { family: 'mlp' },
  space: { units: { type: 'choice', values: [4, 8] } },
  fixed: { epochs: 10_000 },
});

/** A finished study as training left it (a re-run trains for long enough to be cancelled): trial #0's best val_loss is float32 epsilon and its last 0.93; #1 is ordinary. */
async function seed(db: string): Promise<{ studyId: number; trialIds: number[] }> {
  const store = new SqliteTrialStore(db);
  try {
    const study = await store.createStudy({
      name: 'floor',
      spec,
      specDir: process.cwd(),
      strategy: 'grid',
      objectiveMetric: 'val_loss',
      direction: 'minimize',
      plannedTrials: 2,
    });
    const trialIds = [];
    for (const [n, curve] of [
      [1.1, 2 ** -23, 0.93],
      [1.0, 0.3, 0.32],
    ].entries()) {
      const trial = await store.createTrial(study.id, n, { units: 4 * (n + 1) }, n);
      await store.claimTrial(trial.id, 'host:1', null);
      for (const [epoch, value] of curve.entries()) await store.logEpoch(trial.id, epoch, { val_loss: value }, 1_700_000_000_000 + epoch);
      await store.finishTrial(trial.id, { state: 'completed', objective: Math.min(...curve), bestEpoch: 1, epochsRun: 3, durationMs: 10 });
      trialIds.push(trial.id);
    }
    await store.setStudyState(study.id, 'completed');
    return { studyId: study.id, trialIds };
  } finally {
    await store.close();
  }
}

/** The study page and the control API on the real server (`serve`, with its runner), over HTTP. */
describe('study page and control API', () => {
  const dir = tempDir('tb-control-e2e-');
  let app: RunningApp;
  let seeded: { studyId: number; trialIds: number[] };
  before(async () => {
    seeded = await seed(join(dir, 'e2e.db'));
    app = await startApp(dir, 1);
  });
  after(() => app?.stop());

  const post = (path: string, body: unknown) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { origin: app.url, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('the best-trial box flags a val_loss at float32’s floor and says what the saved model scored', async () => {
    const html = await (await fetch(`${app.url}/studies/${seeded.studyId}`)).text();
    const box = html.slice(html.indexOf('data-testid="best-trial"'));
    assert.match(box, /data-testid="best-trial-caveat" data-kind="floor">val_loss 1\.192e-7 is at float32’s floor/);
    assert.match(box, /Its last epoch’s val_loss was 0\.93, and its saved model is that epoch’s\./);
  });

  test('a re-run answers with the new trial; a second one is refused while it is unfinished; cancelling ends it', async () => {
    const first = await post(`/api/trials/${seeded.trialIds[1]}/control`, { action: 'rerun' });
    assert.equal(first.status, 201);
    const { trial } = (await first.json()) as { trial: { id: number; number: number; studyId: number } };
    assert.equal(trial.number, 2);
    assert.equal(trial.studyId, seeded.studyId);
    const second = await post(`/api/trials/${seeded.trialIds[1]}/control`, { action: 'rerun' });
    assert.equal(second.status, 409);
    assert.match(
      ((await second.json()) as { error: string }).error,
      /^a re-run of this trial is already (queued|running) \(trial #2\); wait until it ends$/,
    );
    assert.equal((await post(`/api/studies/${seeded.studyId}/control`, { action: 'cancel' })).status, 200);
    // The copy ends cancelled: at once if still queued, or once the runner stops it (within a batch).
    let state = '';
    for (let polls = 0; polls < 300 && state !== 'cancelled'; polls++) {
      if (polls) await new Promise((resolve) => setTimeout(resolve, 200));
      state = (
        (await (await fetch(`${app.url}/api/studies/${seeded.studyId}/trials`)).json()) as { rows: { id: number; state: string }[] }
      ).rows.find((r) => r.id === trial.id)!.state;
    }
    assert.equal(state, 'cancelled');
  });
});
