'use client';
import Link from 'next/link';
import { useState } from 'react';
import { ControlButton } from '../../components/control-button.tsx';
import { isActiveStudy } from '../../../db/states.ts';

/** Pause, resume and cancel a study; add trials to a random search; duplicate it. Which buttons show follows the state. */
export function StudyControls({
  id,
  state,
  strategy,
  external = false,
}: {
  id: number;
  state: string;
  strategy: string;
  /** Trained by clients: pause and cancel answer their next epoch or heartbeat with stop; resume lets them ask again. */
  external?: boolean;
}) {
  const [count, setCount] = useState(10);
  const url = `/api/studies/${id}/control`;
  const active = isActiveStudy(state);
  return (
    <span className="study-controls" data-testid="study-controls">
      {external && state === 'queued' && (
        <span className="muted" data-testid="waiting-for-client" style={{ fontSize: 13, fontWeight: 'normal' }}>
          waiting for a client to ask for a trial
        </span>
      )}
      {active && <ControlButton url={url} body={{ action: 'pause' }} label="Pause" testId="pause-study" />}
      {state === 'paused' && (
        <ControlButton url={url} body={{ action: 'resume' }} label="Resume" className="primary" testId="resume-study" />
      )}
      {(active || state === 'paused') && (
        <ControlButton
          url={url}
          body={{ action: 'cancel' }}
          label="Cancel"
          className="danger"
          confirm="Cancel this study? Running trials stop now."
          testId="cancel-study"
        />
      )}
      {strategy === 'random' && !active && (
        <span>
          <input
            type="number"
            min={1}
            max={10000}
            value={count}
            onChange={(e) => setCount(Number(e.target.value))}
            aria-label="trials to add"
            style={{ width: 70 }}
          />
          <ControlButton url={url} body={{ action: 'add_trials', count }} label="Add trials" testId="add-trials" />
        </span>
      )}
      <Link href={`/studies/new?from=${id}`} className="button" data-testid="duplicate-study">
        Duplicate
      </Link>
    </span>
  );
}
