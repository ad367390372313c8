import type { TrialCheckpoint } from '../workers/protocol.ts';
import { saveCheckpoint } from './checkpoint-store.ts';

/**
 * Writes one running trial's checkpoints one after another, each once its epoch's metrics are stored: the store
 * then always holds every epoch a checkpoint covers. A checkpoint that cannot be written is reported, not fatal.
 */
export class CheckpointWriter {
  private saving = Promise.resolve();
  /** The epoch the last written checkpoint covers (the checkpoint resumed from, at first). */
  private savedEpoch: number;

  constructor(
    private readonly dir: string,
    private readonly studyUid: string,
    private readonly trialId: number,
    resumedFrom: TrialCheckpoint | undefined,
  ) {
    this.savedEpoch = resumedFrom?.epoch ?? 0;
  }

  keep(epochStored: Promise<void>, checkpoint: TrialCheckpoint): void {
    this.saving = this.saving
      .then(() => epochStored)
      .then(() => saveCheckpoint(this.dir, this.studyUid, this.trialId, checkpoint))
      .then(() => void (this.savedEpoch = checkpoint.epoch))
      .catch((error) => console.error(`tuneboard: could not save a checkpoint of trial ${this.trialId}: ${(error as Error).message}`));
  }

  /** The epochs a resumed run can skip, once every checkpoint asked for is written. */
  async written(): Promise<number> {
    await this.saving;
    return this.savedEpoch;
  }
}
