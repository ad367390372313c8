import type { z } from 'zod';

export interface SpecIssue {
  /** Where in the spec, e.g. `space.dropout.step`; empty for the spec as a whole. */
  path: string;
  message: string;
}

/** A study spec that cannot run, with every problem found, each naming its field. */
export class SpecError extends Error {
  constructor(readonly issues: SpecIssue[]) {
    super(issues.map(issueText).join('\n'));
    this.name = 'SpecError';
  }
}

/** One problem as one line: `space.dropout.step: must be > 0`. */
export function issueText(issue: SpecIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, key) => (typeof key === 'number' ? `${s}[${key}]` : s ? `${s}.${String(key)}` : String(key)), '');
}

export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): SpecIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ path: formatPath([...prefix, ...issue.path, key]), message: 'unknown field' }));
    // A record's key that fails its schema (a metric name too long): say why, not zod's "Invalid key in record".
    if (issue.code === 'invalid_key') return fromZodIssues(issue.issues, [...prefix, ...issue.path]);
    return [{ path: formatPath([...prefix, ...issue.path]), message: plainMessage(issue.message) }];
  });
}

const ZOD_TYPE_MESSAGE = /^Invalid input: expected (\w+), received (\w+)$/;

/** zod's default wording for a wrong type ("Invalid input: expected number, received Infinity"), said as our messages are. */
function plainMessage(message: string): string {
  const match = ZOD_TYPE_MESSAGE.exec(message);
  if (!match) return message;
  const [, expected, received] = match;
  if (received === 'undefined') return 'required';
  const noun = expected === 'record' ? 'object' : expected;
  return `must be ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}, not ${received}`;
}
