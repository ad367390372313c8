/** Bad command-line input: printed as a one-line error, without a stack trace. */
export class UsageError extends Error {}
