import { type Decoded, positionOrRejection, rejected } from '../decoded';
import type { FixSource } from '@vesselwatch/domain';
import type { LineDecoder } from '../line-decoder';
import { parseTimeText } from '../time-text';
import { splitCsvLine } from './csv-line';

/**
 * Which header column holds which value. Each entry lists accepted header names, first match wins
 * (case-insensitive), so one setting reads several providers' exports.
 */
export interface CsvColumns {
  terminalId: string[];
  /** ISO 8601 with a zone, or epoch milliseconds. */
  time: string[];
  lat: string[];
  lon: string[];
  speedKnots: string[];
  courseDeg: string[];
}

export interface CsvOptions {
  columns: CsvColumns;
  delimiter: string;
  /** Source the fixes are labelled with (`csv` for imports; GFW's CSVs are AIS, but came as CSV). */
  source: FixSource;
}

/** Reads VesselWatch's own export and GFW's AIS CSVs (ssvid, timestamp, lat, lon, speed) as they are. */
export const DEFAULT_CSV_COLUMNS: CsvColumns = {
  terminalId: ['terminalId', 'terminal_id', 'ssvid', 'mmsi'],
  time: ['reportedAt', 'reported_at', 'timestamp', 'time'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'longitude', 'lng'],
  speedKnots: ['speedKnots', 'speed_knots', 'speed', 'sog'],
  courseDeg: ['courseDeg', 'course_deg', 'course', 'cog'],
};

export const DEFAULT_CSV_OPTIONS: CsvOptions = {
  columns: DEFAULT_CSV_COLUMNS,
  delimiter: ',',
  source: 'csv',
};

type ColumnIndex = { [K in keyof CsvColumns]: number | undefined };

function numberCell(cell: string | undefined): number | null | 'bad' {
  const text = (cell ?? '').trim();
  if (text === '' || text.toLowerCase() === 'nan') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : 'bad';
}

/**
 * CSV position history: the first non-blank line is the header and names the columns; every further line
 * is one report. Missing required columns reject every line with the header's problem.
 */
export class CsvLineDecoder implements LineDecoder {
  private index: ColumnIndex | undefined;
  private headerProblem: string | undefined;

  constructor(private readonly options: CsvOptions = DEFAULT_CSV_OPTIONS) {}

  decode(line: string): Decoded[] {
    if (line.trim() === '') return [{ kind: 'skipped' }];
    const split = splitCsvLine(line.replace(/\r$/, ''), this.options.delimiter);
    if (!split.ok) return [rejected('syntax', split.problem)];
    if (this.index === undefined && this.headerProblem === undefined) {
      this.readHeader(split.cells);
      return [this.headerProblem ? rejected('missing-field', this.headerProblem) : { kind: 'skipped' }];
    }
    if (this.headerProblem || !this.index)
      return [rejected('missing-field', this.headerProblem ?? 'no header')];
    return [this.decodeRow(split.cells, this.index)];
  }

  flush(): Decoded[] {
    return [];
  }

  private readHeader(cells: string[]): void {
    const names = cells.map((cell) => cell.trim().toLowerCase());
    const find = (candidates: string[]) => {
      for (const candidate of candidates) {
        const at = names.indexOf(candidate.toLowerCase());
        if (at >= 0) return at;
      }
      return undefined;
    };
    const { columns } = this.options;
    const index: ColumnIndex = {
      terminalId: find(columns.terminalId),
      time: find(columns.time),
      lat: find(columns.lat),
      lon: find(columns.lon),
      speedKnots: find(columns.speedKnots),
      courseDeg: find(columns.courseDeg),
    };
    const missing = (['terminalId', 'time', 'lat', 'lon'] as const).filter((key) => index[key] === undefined);
    if (missing.length > 0) {
      this.headerProblem = `the header lacks ${missing.map((key) => `${key} (one of: ${columns[key].join(', ')})`).join('; ')}`;
    }
    this.index = index;
  }

  private decodeRow(cells: string[], index: ColumnIndex): Decoded {
    const cell = (at: number | undefined) => (at === undefined ? undefined : cells[at]);
    const terminalId = (cell(index.terminalId) ?? '').trim();
    if (terminalId === '') return rejected('missing-field', 'terminal id is empty');
    const time = parseTimeText(cell(index.time) ?? '');
    if (!time.ok) return rejected('bad-field', `time: ${time.problem}`);
    const lat = numberCell(cell(index.lat));
    const lon = numberCell(cell(index.lon));
    if (lat === null || lon === null) return rejected('missing-field', 'lat and lon are required');
    if (lat === 'bad' || lon === 'bad') return rejected('bad-field', 'lat and lon must be decimal degrees');
    const speed = numberCell(cell(index.speedKnots));
    const course = numberCell(cell(index.courseDeg));
    if (speed === 'bad') return rejected('bad-field', 'speed must be a number of knots');
    if (course === 'bad') return rejected('bad-field', 'course must be a number of degrees');
    return positionOrRejection({
      terminalId,
      source: this.options.source,
      reportedAtMs: time.timeMs,
      position: [lon, lat],
      speedKnots: speed === null ? null : Math.round(speed * 10) / 10,
      courseDeg: course === null ? null : course === 360 ? 0 : course,
    });
  }
}
