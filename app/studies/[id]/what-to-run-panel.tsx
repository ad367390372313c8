'use client';
import { useState } from 'react';
import type { WhatToRun } from './what-to-run.ts';

/** One snippet in a <pre>, with a button that copies it (where the browser allows the clipboard: https or localhost). */
function Snippet({ text, testId, label }: { text: string; testId: string; label: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
    setTimeout(() => setCopied(null), 2000);
  };
  return (
    <div className="snippet">
      <button type="button" className="snippet-copy" onClick={copy} aria-label={`Copy ${label}`}>
        {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Select and copy' : 'Copy'}
      </button>
      <pre className="json" data-testid={testId}>
        {text}
      </pre>
    </div>
  );
}

/**
 * An external study's "What to run": its trials are trained by the user's own program, which asks this server for
 * params and reports each epoch; here is that program's loop, the Keras line, and the agent that runs it on a GPU box.
 */
export function WhatToRunPanel({ snippets, url }: { snippets: WhatToRun; url: string }) {
  return (
    <section className="panel" data-testid="what-to-run">
      <h2>What to run</h2>
      <p className="muted">
        Tuneboard does not train this study: your program does, on any machine that reaches <code>{url}</code>. Install the Python client
        with <code>pip install ./clients/python</code> (or copy <code>clients/python/tuneboard.py</code>).
      </p>
      {snippets.tokenNote && (
        <p className="caveat" role="note" data-testid="token-note">
          {snippets.tokenNote}
        </p>
      )}
      <h3>Python</h3>
      <Snippet text={snippets.python} testId="snippet-python" label="the Python loop" />
      <h3>Keras</h3>
      <Snippet text={snippets.keras} testId="snippet-keras" label="the Keras callback line" />
      {snippets.agent && snippets.agentScript ? (
        <>
          <h3>On a GPU machine: the agent</h3>
          <p className="muted">
            Runs your script once per trial, one per GPU with <code>--gpus 0,1,…</code>; it keeps the trial alive, keeps the tail of its
            output here, and stops it when the trial is pruned or cancelled.
          </p>
          <Snippet text={snippets.agent} testId="snippet-agent" label="the agent command" />
          <Snippet text={snippets.agentScript} testId="snippet-agent-script" label="train.py" />
        </>
      ) : (
        <p className="muted" data-testid="snippet-agent-manual">
          A manual study hands out no trials, so there is nothing for <code>tuneboard agent</code> to ask for: each run of your program adds
          its own trial.
        </p>
      )}
    </section>
  );
}
