import { readDataFile } from './files.ts';
import { dataFileText } from './utf8.ts';
import { DatasetError } from './errors.ts';

export const MAX_CSV_BYTES = 200_000_000;
export const MAX_CSV_ROWS = 1_000_000;
export const MAX_CSV_COLUMNS = 10_000;

/** Parsed CSV: `records[0]` is the header; `lines[i]` is the line on which record i starts. */
export interface CsvRecords {
  records: string[][];
  lines: number[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/** Where the parser is: `pos` in `text`, on `line` (1-based). */
interface Cursor {
  text: string;
  pos: number;
  line: number;
  shownAs: string;
}

function readQuotedField(cursor: Cursor, fieldNumber: number): string {
  const { text } = cursor;
  let value = '';
  let from = cursor.pos + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close < 0) throw new DatasetError(`${cursor.shownAs} line ${cursor.line}: quoted field is never closed`);
    value += text.slice(from, close);
    cursor.line += countLineBreaks(text, from, close);
    if (text.charCodeAt(close + 1) !== QUOTE) {
      cursor.pos = close + 1;
      break;
    }
    value += '"';
    from = close + 2;
  }
  const next = text.charCodeAt(cursor.pos);
  if (cursor.pos < text.length && next !== COMMA && next !== LF && next !== CR) {
    throw new DatasetError(`${cursor.shownAs} line ${cursor.line}: unexpected text after the closing quote of field ${fieldNumber}`);
  }
  return value;
}

function readUnquotedField(cursor: Cursor): string {
  const { text } = cursor;
  const start = cursor.pos;
  while (cursor.pos < text.length) {
    const c = text.charCodeAt(cursor.pos);
    if (c === COMMA || c === LF || c === CR) break;
    cursor.pos++;
  }
  return text.slice(start, cursor.pos);
}

/** Reads one record and its line break; `blank` when the line was empty. */
function readRecord(cursor: Cursor): { fields: string[]; blank: boolean } {
  const { text } = cursor;
  const fields: string[] = [];
  let quoted = false;
  for (;;) {
    const isQuoted = text.charCodeAt(cursor.pos) === QUOTE;
    quoted ||= isQuoted;
    fields.push(isQuoted ? readQuotedField(cursor, fields.length + 1) : readUnquotedField(cursor));
    if (text.charCodeAt(cursor.pos) !== COMMA) break;
    cursor.pos++;
  }
  if (text.charCodeAt(cursor.pos) === CR) cursor.pos++;
  if (text.charCodeAt(cursor.pos) === LF) cursor.pos++;
  cursor.line++;
  return { fields, blank: fields.length === 1 && fields[0] === '' && !quoted };
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes (which may hold commas,
 * line breaks and `""` for a quote), records ended by CRLF, LF or CR, an optional UTF-8 BOM.
 * Blank lines are skipped. A quote inside an unquoted field is kept as text, as many CSV
 * files in the wild have such fields (`5'10"`).
 */
export function parseCsv(text: string, shownAs: string): CsvRecords {
  checkIsText(text, shownAs);
  const records: string[][] = [];
  const lines: number[] = [];
  const cursor: Cursor = { text, pos: text.charCodeAt(0) === 0xfeff ? 1 : 0, line: 1, shownAs };
  while (cursor.pos < text.length) {
    const startLine = cursor.line;
    const { fields, blank } = readRecord(cursor);
    if (blank) continue;
    checkSize(fields, records.length, shownAs);
    records.push(fields);
    lines.push(startLine);
  }
  return { records, lines };
}

/** Text files hold no NUL characters; one means a binary file (a spreadsheet, an archive, an array) named .csv. */
function checkIsText(text: string, shownAs: string): void {
  const nul = text.indexOf('\0');
  if (nul < 0) return;
  const line = text.slice(0, nul).split(/\r\n|\r|\n/).length;
  throw new DatasetError(
    `${shownAs} line ${line}: contains a NUL character, so it is a binary file, not CSV text; export it as CSV (UTF-8)`,
  );
}

function checkSize(fields: string[], recordCount: number, shownAs: string): void {
  if (recordCount === 0 && fields.length > MAX_CSV_COLUMNS) {
    throw new DatasetError(`${shownAs}: has ${fields.length} columns, more than the ${MAX_CSV_COLUMNS} allowed`);
  }
  if (recordCount > MAX_CSV_ROWS) {
    throw new DatasetError(`${shownAs}: has more than the ${MAX_CSV_ROWS} data rows allowed`);
  }
}

/** Reads and parses a CSV file, which must be UTF-8 (or plain ASCII). */
export async function readCsvFile(path: string, shownAs: string): Promise<CsvRecords> {
  const bytes = await readDataFile(path, shownAs, MAX_CSV_BYTES);
  return parseCsv(dataFileText(bytes, shownAs), shownAs);
}
