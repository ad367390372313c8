/** A client's request the server refuses: an HTTP status, one sentence, and fields a client acts on (expected_epoch). */
export class ExternalRefusal extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
