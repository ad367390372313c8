/**
 * A problem with the user's data set or its files, phrased for the user: the message names the
 * file (or built-in data set) and, where it can, the line, column or field at fault.
 */
export class DatasetError extends Error {
  override name = 'DatasetError';
}
