import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LonLatSchema, parseOrThrow, VesselClassSchema } from '@vesselwatch/domain';

/** The repository's data/ directory (facts typed in with their sources). */
export const DATA_DIR = fileURLToPath(new URL('../../../../data/', import.meta.url));
export const dataPath = (relative: string): string => `${DATA_DIR}${relative}`;

const BboxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

const EezMethodSchema = z.object({
  region: z.object({ bboxDeg: BboxSchema }),
  computeMarginDeg: z.number().nonnegative().max(10),
  gridStepDeg: z.number().min(0.005).max(0.2),
  territorialSeaNm: z.number().positive(),
  eezLimitNm: z.number().positive(),
  keepOffOtherStatesSteps: z.number().int().min(0).max(10),
  noEezFeatures: z.array(z.object({ name: z.string(), bboxDeg: BboxSchema, reason: z.string() })),
});
export type EezMethod = z.infer<typeof EezMethodSchema>;

const TreatyAreasSchema = z.object({
  areas: z.array(
    z.object({
      treatyZoneId: z.string(),
      sides: z
        .array(z.object({ state: z.string().length(3), closing: z.array(LonLatSchema).min(1) }))
        .length(2),
    }),
  ),
});
export type TreatyAreasFile = z.infer<typeof TreatyAreasSchema>;

const FishingZonesSchema = z.object({
  source: z.string(),
  coastalLimitNm: z.number().positive(),
  inshoreLimitNm: z.number().positive(),
  gridStepDeg: z.number().min(0.002).max(0.1),
  zones: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        zone: z.enum(['coastal', 'inshore', 'offshore']),
        allowedVesselClasses: z.array(VesselClassSchema),
        rule: z.string(),
      }),
    )
    .length(3),
  classRulesSource: z.string(),
});
export type FishingZonesFile = z.infer<typeof FishingZonesSchema>;

async function readJson<T>(schema: z.ZodType<T>, relative: string): Promise<T> {
  const path = dataPath(relative);
  return parseOrThrow(schema, JSON.parse(await readFile(path, 'utf8')), path);
}

export const readEezMethod = () => readJson(EezMethodSchema, 'zones/eez-method.json');
export const readTreatyAreas = () => readJson(TreatyAreasSchema, 'zones/treaty-areas.json');
export const readFishingZones = () => readJson(FishingZonesSchema, 'zones/vn-fishing-zones.json');
