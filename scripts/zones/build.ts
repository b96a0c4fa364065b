/**
 * `npm run zones:build [-- --wpi <World Port Index CSV> | --no-wpi]`: builds the default zone set and the
 * region's land into data/build/zones (git-ignored). See docs/zones.md.
 */
import { writeDefaultZoneSet } from '@vesselwatch/zones';

const args = process.argv.slice(2);
const at = args.indexOf('--wpi');
const unknown = args.filter((a, i) => !(a === '--no-wpi' || a === '--wpi' || (at >= 0 && i === at + 1)));
if (unknown.length > 0 || (at >= 0 && !args[at + 1])) {
  console.error('usage: npm run zones:build [-- --wpi <World Port Index CSV> | --no-wpi]');
  process.exit(2);
}
const started = performance.now();
const set = await writeDefaultZoneSet({
  wpiCsvPath: args.includes('--no-wpi') ? null : at >= 0 ? args[at + 1]! : undefined,
  log: (message) => console.log(`zones:build: ${message}`),
});
const vertices = set.zones.reduce(
  (n, z) => n + JSON.stringify(z.geometry.coordinates).split('],[').length,
  0,
);
console.log(
  `zones:build: ${set.version}: ${set.zones.length} zones, about ${vertices} vertices, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
