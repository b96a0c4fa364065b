import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LonLatSchema, parseOrThrow } from '@vesselwatch/domain';

export const PortSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  province: z.string().min(1),
  /** Province code of Vietnamese registration numbers (`ST` in ST-12345-TS). */
  registrationPrefix: z.string().regex(/^[A-Za-zĐđ]{2,4}$/),
  /** [lon, lat], WGS-84. */
  position: LonLatSchema,
  approximate: z.boolean(),
  source: z.string().min(1),
  seaExit: LonLatSchema,
  seawardBearingDeg: z.number().min(0).lt(360),
  sectorHalfWidthDeg: z.number().min(0).max(90),
});
export type Port = z.infer<typeof PortSchema>;

const PORTS_FILE = new URL('../../../data/ports/vn-fishing-ports.json', import.meta.url);
let loaded: readonly Port[] | undefined;

/**
 * The curated Vietnamese fishing ports in data/ports (facts with sources), read once and validated; a
 * broken file fails with VW_ERR_INPUT_INVALID naming the bad fields.
 */
export function vietnameseFishingPorts(): readonly Port[] {
  loaded ??= parseOrThrow(
    z.object({ ports: z.array(PortSchema).min(1) }),
    JSON.parse(readFileSync(PORTS_FILE, 'utf8')),
    'data/ports/vn-fishing-ports.json',
  ).ports;
  return loaded;
}
