import type { z } from 'zod';
import type { ErrorCode } from './errors/catalogue';
import { VesselWatchError } from './errors/vessel-watch-error';

export interface FieldProblem {
  /** Dotted path of the field, e.g. `position.1` or `owner.phone`; empty for the value as a whole. */
  path: string;
  problem: string;
}

export function describeIssues(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), problem: issue.message }));
}

/**
 * Parses input with a schema or throws a VesselWatchError whose detail names every bad field, so the
 * sender can fix the input without guessing. `what` names the thing being parsed ("position fix").
 */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
  code: ErrorCode = 'VW_ERR_INPUT_INVALID',
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = describeIssues(result.error);
  const detail = `invalid ${what}: ${problems.map((p) => (p.path ? `${p.path}: ${p.problem}` : p.problem)).join('; ')}`;
  throw new VesselWatchError(code, { detail, details: { problems } });
}
