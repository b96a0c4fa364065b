/**
 * Splits one CSV line (RFC 4180 quoting: `"a,b"`, `"say ""hi"""`). Records spanning lines (newlines inside
 * quotes) are not supported: position history has none, and line-by-line decoding keeps memory bounded.
 */
export function splitCsvLine(
  line: string,
  delimiter: string,
): { ok: true; cells: string[] } | { ok: false; problem: string } {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < line.length) {
    const char = line[i] as string;
    if (quoted) {
      if (char === '"') {
        if (line[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < line.length && line[i] !== delimiter)
          return { ok: false, problem: `text after a closing quote at column ${i + 1}` };
        continue;
      }
      cell += char;
      i++;
      continue;
    }
    if (char === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (char === delimiter) {
      cells.push(cell);
      cell = '';
      i++;
    } else {
      cell += char;
      i++;
    }
  }
  if (quoted) return { ok: false, problem: 'a quoted cell is not closed' };
  cells.push(cell);
  return { ok: true, cells };
}
