import { AisLineDecoder } from './ais/ais-line-decoder';
import { type CsvOptions, CsvLineDecoder, DEFAULT_CSV_OPTIONS } from './csv/csv-decoder';
import { GfwJsonLineDecoder } from './json/gfw-json';
import { JsonReportLineDecoder } from './json/report-json';
import type { LineDecoder } from './line-decoder';
import { NafLineDecoder } from './naf/naf-line-decoder';

/** Input formats the gateway and `vesselwatch replay` read. */
export const INPUT_FORMATS = ['naf', 'nmea', 'json', 'csv', 'gfw-json'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export function isInputFormat(value: string): value is InputFormat {
  return (INPUT_FORMATS as readonly string[]).includes(value);
}

/** A fresh decoder for one stream of the given format. */
export function createLineDecoder(format: InputFormat, csv: CsvOptions = DEFAULT_CSV_OPTIONS): LineDecoder {
  switch (format) {
    case 'naf':
      return new NafLineDecoder();
    case 'nmea':
      return new AisLineDecoder();
    case 'json':
      return new JsonReportLineDecoder();
    case 'gfw-json':
      return new GfwJsonLineDecoder();
    case 'csv':
      return new CsvLineDecoder(csv);
  }
}

/**
 * Guesses the format of a file from its first meaningful lines (for `vesselwatch replay` without
 * `--format`); null when nothing matches, so the caller asks for `--format` instead of guessing wrong.
 */
export function detectInputFormat(firstLines: string[]): InputFormat | null {
  for (const raw of firstLines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('//SR//')) return 'naf';
    if (/^(\\[^\\]*\\)?[!$][A-Z-]{2}/.test(line)) return 'nmea';
    if (line.startsWith('{'))
      return /"ssvid"\s*:/.test(line) && /"type"\s*:\s*"AIS\./.test(line) ? 'gfw-json' : 'json';
    if (/^[A-Za-z_][\w ]*(,[A-Za-z_][\w ]*)+$/.test(line)) return 'csv';
  }
  return null;
}
