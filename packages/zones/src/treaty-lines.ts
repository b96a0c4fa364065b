import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseOrThrow, ZoneSchema, type Zone } from '@vesselwatch/domain';
import { z } from 'zod';

const TREATY_LINES = fileURLToPath(new URL('../../../data/zones/treaty-lines.json', import.meta.url));
const TreatyFileSchema = z.object({ description: z.string(), zones: z.array(ZoneSchema) });

/** The treaty lines typed into data/zones/treaty-lines.json (facts, with their citations). */
export async function loadTreatyLines(path = TREATY_LINES): Promise<Zone[]> {
  return parseOrThrow(TreatyFileSchema, JSON.parse(await readFile(path, 'utf8')), path).zones;
}
