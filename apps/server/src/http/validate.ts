import type { z } from 'zod';
import { parseOrThrow } from '@vesselwatch/domain';

/** Parses request input with its schema or throws VW_ERR_INPUT_INVALID naming every bad field (HTTP 400). */
export function input<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.output<Schema> {
  return parseOrThrow(schema, value, what);
}
