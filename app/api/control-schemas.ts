import { z } from 'zod';

/** What the dashboard may ask of a study; validated wherever a request enters. */
export const studyControlSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.enum(['pause', 'resume', 'cancel']) }).strict(),
    z
      .object({
        action: z.literal('add_trials'),
        count: z.number().int('must be an integer').min(1, 'must be >= 1').max(10_000, 'at most 10000'),
      })
      .strict(),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'must be one of pause, resume, cancel, add_trials' : undefined) },
);

export const trialControlSchema = z.object({ action: z.enum(['cancel', 'rerun'], { error: 'must be cancel or rerun' }) }).strict();
