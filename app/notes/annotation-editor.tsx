'use client';
import { useState } from 'react';
import type { Annotation, AnnotationChange } from '../../db/annotations.ts';
import { MarkdownView } from './markdown-view.tsx';

/**
 * A study's or trial's tags and note, editable in place: a tag is added with its field and removed with its ×; the
 * note is edited as Markdown and shown rendered. Each change is sent on its own and the answer shown, so two people
 * editing keep each other's tags.
 */
export function AnnotationEditor({ kind, id, initial }: { kind: 'study' | 'trial'; id: number; initial: Annotation }) {
  const [annotation, setAnnotation] = useState(initial);
  const [newTag, setNewTag] = useState('');
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(change: AnnotationChange): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/v1/${kind === 'study' ? 'studies' : 'trials'}/${id}/annotations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(change),
      });
      const answer = await response.json();
      if (!response.ok) {
        setError(
          answer.issues?.length
            ? answer.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`).join('; ')
            : answer.error,
        );
        return false;
      }
      setAnnotation(answer);
      return true;
    } catch (e) {
      setError(`could not save: ${(e as Error).message}`);
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel annotations" data-testid={`${kind}-annotations`} aria-label={`${kind} notes and tags`}>
      <div className="tags" data-testid="tags">
        {annotation.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
            <button
              type="button"
              className="tag-remove"
              aria-label={`remove tag ${tag}`}
              disabled={busy}
              onClick={() => send({ remove: [tag] })}
            >
              ×
            </button>
          </span>
        ))}
        <form
          className="tag-add"
          onSubmit={async (e) => {
            e.preventDefault();
            if (newTag.trim() && (await send({ add: [newTag] }))) setNewTag('');
          }}
        >
          <input value={newTag} onChange={(e) => setNewTag(e.target.value)} placeholder="add a tag" aria-label="new tag" maxLength={60} />
          <button type="submit" disabled={busy || !newTag.trim()}>
            Add tag
          </button>
        </form>
      </div>
      {draft === null ? (
        <div className="note" data-testid="note">
          {annotation.note ? <MarkdownView source={annotation.note} /> : <p className="muted">No note.</p>}
          <button type="button" onClick={() => setDraft(annotation.note)}>
            {annotation.note ? 'Edit note' : 'Add a note'}
          </button>
        </div>
      ) : (
        <form
          className="note-edit"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await send({ note: draft })) setDraft(null);
          }}
        >
          <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={8} aria-label="note (Markdown)" />
          <div>
            <button type="submit" className="primary" disabled={busy}>
              Save note
            </button>{' '}
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>{' '}
            <span className="muted">Markdown: # heading, **bold**, *italic*, `code`, [link](https://…), - lists</span>
          </div>
        </form>
      )}
      {error && (
        <p className="control-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
