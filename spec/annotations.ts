import { z } from 'zod';
import { MAX_NOTE_LENGTH, MAX_TAG_LENGTH, MAX_TAGS } from '../db/annotations.ts';
import { hasLoneSurrogate, nameProblem } from './printable-text.ts';

/** Control characters a note may not hold: every C0/C1 control but tab and newline (a note is multi-line text). */
const NOTE_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** One tag: printable text (see printable-text.ts), trimmed, 1 to MAX_TAG_LENGTH characters, no commas (the CLI's and URL's separator). */
export const tagSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_TAG_LENGTH, `must be at most ${MAX_TAG_LENGTH} characters`)
  .superRefine((tag, ctx) => {
    const problem = nameProblem(tag) ?? (tag.includes(',') ? 'must not hold a comma' : null);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const noteSchema = z
  .string({ error: 'must be a string' })
  .max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`)
  .superRefine((note, ctx) => {
    if (hasLoneSurrogate(note)) ctx.addIssue({ code: 'custom', message: 'must be valid Unicode (it holds a lone UTF-16 surrogate)' });
    const control = NOTE_CONTROL.exec(note);
    if (control)
      ctx.addIssue({
        code: 'custom',
        message: `must not hold control characters (U+${control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at position ${control.index + 1})`,
      });
  });

const tagList = z.array(tagSchema, { error: 'must be an array of tags' }).max(MAX_TAGS, `at most ${MAX_TAGS} tags`);

/** A change to a study's or trial's note and tags (POST /api/studies/:id/annotations, /api/trials/:id/annotations). */
export const annotationChangeSchema = z
  .strictObject(
    { note: noteSchema.optional(), add: tagList.optional(), remove: tagList.optional() },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key (allowed: note, add, remove)` : 'must be an object') },
  )
  .refine((c) => c.note !== undefined || c.add !== undefined || c.remove !== undefined, {
    message: 'must change something: note, add or remove',
    // Only of an otherwise valid change: an unknown key is the one thing to say.
    when: (payload) => payload.issues.length === 0,
  });
