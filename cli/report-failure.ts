import { issueText, SpecError } from '../spec/spec-error.ts';
import { terminalText } from './format.ts';

/**
 * Says why a command failed, never with a stack trace: `tuneboard: …` on stderr, one line per problem (a spec's
 * problems one per line, anything else one sentence), and with --json also `{"error": …}` on stdout for scripts.
 * Returns the exit code: 2 for bad input, 1 for a failure. `command` names the command that failed unexpectedly.
 */
export function reportFailure(error: unknown, { badInput, json, command }: { badInput: boolean; json: boolean; command?: string }): 2 | 1 {
  const lines =
    error instanceof SpecError ? error.issues.map(issueText) : [badInput ? (error as Error).message : unexpected(error, command)];
  if (json) console.log(JSON.stringify({ error: lines.join('\n') }));
  console.error(`tuneboard: ${lines.map(terminalText).join('\n  ')}`);
  return badInput ? 2 : 1;
}

/** An error no check foresaw, by its message's first line: what broke, without the dump some libraries append. */
function unexpected(error: unknown, command: string | undefined): string {
  const message = (error instanceof Error ? error.message : String(error)).trim().split('\n')[0] || String(error);
  return command ? `${command} failed: ${message}` : message;
}
