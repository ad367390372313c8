/** Bounds on what a user may attach to a study or trial: enough for real notes, small enough to list 1,000 studies. */
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
export const MAX_NOTE_LENGTH = 20_000;

/** A study's or trial's note and tags, as stored. */
export interface Annotation {
  note: string;
  tags: string[];
}

/** A change to a note and tags, as spec/annotations.ts validates it: the note replaced, tags removed and added. */
export interface AnnotationChange {
  note?: string;
  add?: string[];
  remove?: string[];
}

/** Which kind of row an annotation belongs to. */
export type AnnotatedKind = 'study' | 'trial';

/**
 * The user's notes and tags on studies and trials, on either engine. Annotations are the one part of a finished
 * trial that may still change (they describe the trial, they are not its result). Each change is one atomic
 * read-modify-write (see applyAnnotationChange), so two people tagging at once both keep their tags.
 */
export interface AnnotationStore {
  /** The annotation after `change`; undefined when there is no such study or trial. Throws TooManyTags, writing nothing. */
  annotate(kind: AnnotatedKind, id: number, change: AnnotationChange): Promise<Annotation | undefined>;
}

/**
 * The annotation after `change`: tags removed, then added (kept in first-added order, no duplicates); the note
 * replaced when given. Throws a sentence when the result would hold more than MAX_TAGS tags.
 */
export function applyAnnotationChange(current: Annotation, change: AnnotationChange): Annotation {
  const removed = new Set(change.remove ?? []);
  const tags = current.tags.filter((t) => !removed.has(t));
  for (const tag of change.add ?? []) if (!tags.includes(tag)) tags.push(tag);
  if (tags.length > MAX_TAGS) throw new TooManyTags(tags.length);
  return { note: change.note ?? current.note, tags };
}

export class TooManyTags extends Error {
  constructor(readonly count: number) {
    super(`tags: at most ${MAX_TAGS} allowed (the change would leave ${count})`);
  }
}
