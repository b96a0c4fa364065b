import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Zone, ZoneSchema } from '@vesselwatch/domain';
import { z } from 'zod';

/** The rules' test fixtures: synthetic zones and scenarios under test/fixtures/rules. */
export const RULES_FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/rules/', import.meta.url));

/** Epoch ms every fixture's minutes count from (the storm zone's validity starts here). */
export const FIXTURE_T0_MS = 1_790_000_000_000;

/** Zones of a fixture file, validated like any imported zone. */
export function loadFixtureZones(file: 'zones.json' | 'land.json'): Zone[] {
  const raw = JSON.parse(readFileSync(`${RULES_FIXTURES}${file}`, 'utf8')) as { zones: unknown };
  return z.array(ZoneSchema).parse(raw.zones);
}
