/**
 * UTF-8 text, keeping a BOM for the parser, or why the bytes are not UTF-8 (naming `shownAs`, the line and the byte
 * offset), for the caller to raise as its own kind of error (a data set's, a spec's).
 */
export function decodeUtf8(bytes: Uint8Array, shownAs: string): { text: string } | { problem: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      return { problem: `${shownAs}: is UTF-16 text (it starts with a UTF-16 byte order mark); save the file as UTF-8` };
    }
    const { line, offset } = locateInvalidUtf8(bytes);
    return { problem: `${shownAs} line ${line}: not valid UTF-8 (at byte offset ${offset}); save the file as UTF-8` };
  }
}

/**
 * Finds the first byte that is not UTF-8. The lenient decoder marks bad bytes with U+FFFD;
 * re-encoding the text before each mark gives its byte offset, and a real U+FFFD in the file
 * (bytes EF BF BD) is told apart from a bad byte by looking at those bytes.
 */
function locateInvalidUtf8(bytes: Uint8Array): { line: number; offset: number } {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const encoder = new TextEncoder();
  let offset = 0;
  let from = 0;
  for (let mark = text.indexOf('\uFFFD'); mark >= 0; mark = text.indexOf('\uFFFD', mark + 1)) {
    offset += encoder.encode(text.slice(from, mark)).length;
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) {
      return { line: 1 + countLineFeeds(text, mark), offset };
    }
    offset += 3;
    from = mark + 1;
  }
  return { line: 1, offset: 0 };
}

function countLineFeeds(text: string, before: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < before; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
