import { createHash } from 'node:crypto';
import { splitCsvLine } from '@vesselwatch/codecs';
import { VesselSchema, describeIssues, type Vessel } from '@vesselwatch/domain';

/**
 * Bulk registration of a port's fleet from CSV (UTF-8, comma-separated, header row, RFC 4180 quotes, one
 * record per line). Columns, any order, names case-insensitive:
 *
 *   registrationNumber, name, lengthOverallM, gear, homePortId, ownerName   (required)
 *   id, flagState (default VNM), ownerPhone, ownerEmail, ownerLanguage (vi|en), captainName, captainPhone,
 *   terminalIds (separated by ";"), expectedReportIntervalMin
 *
 * A row without `id` keeps the id of the registered vessel with the same registration number, or gets
 * `reg-<12 hex digits of the SHA-256 of the registration number>`: importing the same file twice updates,
 * never duplicates.
 */
export const VESSEL_CSV_COLUMNS = [
  'id',
  'registrationNumber',
  'name',
  'flagState',
  'lengthOverallM',
  'gear',
  'homePortId',
  'ownerName',
  'ownerPhone',
  'ownerEmail',
  'ownerLanguage',
  'captainName',
  'captainPhone',
  'terminalIds',
  'expectedReportIntervalMin',
] as const;
type Column = (typeof VESSEL_CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = [
  'registrationNumber',
  'name',
  'lengthOverallM',
  'gear',
  'homePortId',
  'ownerName',
];

export interface CsvRowProblem {
  path: string;
  problem: string;
}

export type ParsedVesselRow =
  | { line: number; ok: true; vessel: Vessel; idGiven: boolean }
  | { line: number; ok: false; errors: CsvRowProblem[] };

export function vesselIdForRegistration(registrationNumber: string): string {
  return `reg-${createHash('sha256').update(registrationNumber.trim().toUpperCase()).digest('hex').slice(0, 12)}`;
}

/** Parses the file; a header problem throws (nothing can be read), a row problem is reported for that row. */
export function parseVesselCsv(
  text: string,
): { rows: ParsedVesselRow[] } | { headerErrors: CsvRowProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '', ',');
  if (!header.ok) return { headerErrors: [{ path: 'header', problem: header.problem }] };
  const byName = new Map(VESSEL_CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const columns: Array<Column | null> = header.cells.map(
    (cell) => byName.get(cell.trim().toLowerCase()) ?? null,
  );
  const headerErrors: CsvRowProblem[] = [];
  header.cells.forEach((cell, i) => {
    if (columns[i] === null) headerErrors.push({ path: `header.${cell}`, problem: 'unknown column' });
  });
  for (const required of REQUIRED)
    if (!columns.includes(required))
      headerErrors.push({ path: `header.${required}`, problem: 'missing column' });
  if (headerErrors.length > 0) return { headerErrors };

  const rows: ParsedVesselRow[] = [];
  for (let index = 1; index < lines.length; index++) {
    const raw = lines[index]!;
    if (raw.trim() === '') continue;
    const line = index + 1;
    const split = splitCsvLine(raw, ',');
    if (!split.ok) {
      rows.push({ line, ok: false, errors: [{ path: '', problem: split.problem }] });
      continue;
    }
    if (split.cells.length !== columns.length) {
      rows.push({
        line,
        ok: false,
        errors: [{ path: '', problem: `${split.cells.length} cells, the header has ${columns.length}` }],
      });
      continue;
    }
    const cell = (column: Column): string | undefined => {
      const value = split.cells[columns.indexOf(column)]?.trim();
      return value === '' ? undefined : value;
    };
    const registrationNumber = cell('registrationNumber') ?? '';
    const length = cell('lengthOverallM');
    const interval = cell('expectedReportIntervalMin');
    const captainName = cell('captainName');
    const candidate = {
      id: cell('id') ?? vesselIdForRegistration(registrationNumber),
      registrationNumber,
      name: cell('name'),
      flagState: cell('flagState') ?? 'VNM',
      lengthOverallM: length === undefined ? undefined : Number(length),
      gear: cell('gear'),
      homePortId: cell('homePortId'),
      owner: {
        name: cell('ownerName'),
        role: 'owner',
        phone: cell('ownerPhone'),
        email: cell('ownerEmail'),
        language: cell('ownerLanguage') ?? 'vi',
      },
      contacts: captainName
        ? [
            {
              name: captainName,
              role: 'captain',
              phone: cell('captainPhone'),
              language: cell('ownerLanguage') ?? 'vi',
            },
          ]
        : [],
      terminalIds: (cell('terminalIds') ?? '')
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean),
      ...(interval === undefined ? {} : { expectedReportIntervalMs: Math.round(Number(interval) * 60_000) }),
    };
    const parsed = VesselSchema.safeParse(candidate);
    if (parsed.success) rows.push({ line, ok: true, vessel: parsed.data, idGiven: cell('id') !== undefined });
    else rows.push({ line, ok: false, errors: describeIssues(parsed.error) });
  }
  return { rows };
}
