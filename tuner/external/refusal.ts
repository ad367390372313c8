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

/** The refusal for a study only the server's runners train (a built-in study pinned to wasm, cpu or tensorflow). */
export function runnersOnlyRefusal(studyId: number, backend: string | undefined): ExternalRefusal {
  return new ExternalRefusal(
    409,
    `study ${studyId} is trained by Tuneboard's runners only (backend ${backend}); a built-in study with backend auto or browser takes clients`,
  );
}
