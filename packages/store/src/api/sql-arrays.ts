/**
 * PostgreSQL array literals built by hand for UNNEST batches. node-postgres would turn a JS array into the
 * same text, but slower (per element type checks and a Date formatter in local time); for a batch of tens
 * of thousands of fixes the client's serialisation costs as much as the server's insert. Both drivers send a
 * string parameter as is, and `$1::text[]` parses it.
 */

/** `{"a","b",NULL}`: every element quoted, `"` and `\` escaped, so any text is safe. */
export function textArrayLiteral(values: ReadonlyArray<string | null | undefined>): string {
  let out = '{';
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) out += ',';
    const value = values[index];
    if (value === null || value === undefined) {
      out += 'NULL';
    } else {
      out += '"';
      out += /["\\]/.test(value) ? value.replace(/["\\]/g, '\\$&') : value;
      out += '"';
    }
  }
  return `${out}}`;
}

/** `{1.5,NULL,3}` for float8[], real[], int8[] parameters; a non-finite number is refused. */
export function numberArrayLiteral(values: ReadonlyArray<number | null | undefined>): string {
  let out = '{';
  for (let index = 0; index < values.length; index += 1) {
    if (index > 0) out += ',';
    const value = values[index];
    if (value === null || value === undefined) {
      out += 'NULL';
    } else if (Number.isFinite(value)) {
      out += String(value);
    } else {
      throw new RangeError(`a batch column holds a non-finite number (${String(value)}) at index ${index}`);
    }
  }
  return `${out}}`;
}

/** SQL turning an int8 epoch-milliseconds expression into timestamptz, exactly (no float rounding). */
export function epochMsToTimestamptz(expression: string): string {
  return `(TIMESTAMPTZ 'epoch' + (${expression}) * INTERVAL '1 millisecond')`;
}
