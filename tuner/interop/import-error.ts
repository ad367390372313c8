/** A file or folder to import that is not what the importer reads: one sentence naming the file and what is wrong. */
export class ImportError extends Error {
  override name = 'ImportError';
}
