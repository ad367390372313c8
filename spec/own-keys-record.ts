import { z } from 'zod';

/**
 * `z.record(z.string(), value)` that refuses a `__proto__` key instead of dropping it: zod skips that key
 * (assigning it would replace the output's prototype), so a spec naming it would otherwise pass with the
 * entry silently gone. Other inherited names (`constructor`, `toString`) are ordinary keys, checked as usual.
 */
export function ownKeysRecord<V extends z.ZodType>(value: V) {
  const record = z.record(z.string(), value);
  return z
    .custom<z.input<typeof record>>()
    .superRefine((input, ctx) => {
      if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__'))
        ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'not allowed as a name', continue: false });
    })
    .pipe(record);
}
