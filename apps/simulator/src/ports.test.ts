import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitCsvLine } from '@vesselwatch/codecs';
import { vietnameseFishingPorts } from './ports';
import { distanceNm } from './sphere';

// Cross-check the typed-in ports against the World Port Index in ../shared/data (tests only: the product
// never reads it). Ports taken from WPI must match their entry; approximate ones must say so.
const wpi = readFileSync(
  new URL('../../../../shared/data/ports/WPI_UpdatedPub150.csv', import.meta.url),
  'utf8',
);
const cellsOf = (line: string): string[] => {
  const split = splitCsvLine(line.replace(/^\uFEFF/, '').replace(/\r$/, ''), ',');
  if (!split.ok) throw new Error(`WPI line does not parse: ${split.problem}`);
  return split.cells;
};
const header = cellsOf(wpi.split('\n', 1)[0]!);
const column = (name: string) => header.indexOf(name);

function wpiPosition(indexNumber: string): [number, number] {
  // The index number is the second cell, before any quoted cell, so a plain split finds the row.
  const row = wpi.split('\n').find((line) => line.split(',')[1] === `${indexNumber}.0`);
  if (!row) throw new Error(`WPI has no port ${indexNumber}`);
  const cells = cellsOf(row);
  return [Number(cells[column('Longitude')]), Number(cells[column('Latitude')])];
}

describe('data/ports/vn-fishing-ports.json', () => {
  it.each(vietnameseFishingPorts().map((port) => [port.id, port] as const))(
    '%s has a source and sane coordinates',
    (_id, port) => {
      // Vietnam's coast lies within 102-110 E, 8-22 N; [lon, lat] order.
      expect(port.position[0]).toBeGreaterThan(102);
      expect(port.position[0]).toBeLessThan(110);
      expect(port.position[1]).toBeGreaterThan(8);
      expect(port.position[1]).toBeLessThan(22);
      expect(distanceNm(port.position, port.seaExit)).toBeLessThan(20);
      const wpiNumber = /World Port Index \(NGA Pub\. 150\) no\. (\d+)/.exec(port.source)?.[1];
      if (port.approximate) expect(port.source).toMatch(/approximate/);
      else {
        expect(wpiNumber).toBeDefined();
        expect(distanceNm(port.position, wpiPosition(wpiNumber!))).toBeLessThan(1);
      }
    },
  );
});
