import { z } from 'zod';
import { LonLatSchema } from './geometry';
import { TerminalIdSchema, VesselIdSchema } from './ids';

export const FIX_SOURCES = ['naf', 'ais', 'json', 'csv', 'sim'] as const;
export const FixSourceSchema = z.enum(FIX_SOURCES);
export type FixSource = z.infer<typeof FixSourceSchema>;

/** Epoch milliseconds (UTC). */
const EpochMsSchema = z.number().int().nonnegative();

/** One position report of one vessel, as it travels from the gateway through `vms.fixes`. */
export const PositionFixSchema = z.object({
  vesselId: VesselIdSchema,
  terminalId: TerminalIdSchema,
  /** When the terminal measured the position (event time). */
  reportedAtMs: EpochMsSchema,
  /** When VesselWatch received it (processing time); later than reportedAtMs for delayed data. */
  receivedAtMs: EpochMsSchema,
  /** [lon, lat], WGS-84 decimal degrees. */
  position: LonLatSchema,
  /** Speed over ground; null when the terminal did not send one. */
  speedKnots: z.number().min(0).max(102.2).nullable(),
  /** Course over ground, degrees true in [0, 360); null when not sent. */
  courseDeg: z.number().min(0).lt(360).nullable(),
  source: FixSourceSchema,
});
export type PositionFix = z.infer<typeof PositionFixSchema>;
