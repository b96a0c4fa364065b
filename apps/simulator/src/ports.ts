import { z } from 'zod';
import { LonLatSchema, parseOrThrow } from '@vesselwatch/domain';
import portsFile from '../../../data/ports/vn-fishing-ports.json' with { type: 'json' };

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

/** The curated Vietnamese fishing ports in data/ports (facts with sources), validated on load. */
export const VIETNAMESE_FISHING_PORTS: readonly Port[] = parseOrThrow(
  z.array(PortSchema).min(1),
  portsFile.ports,
  'data/ports/vn-fishing-ports.json',
);
