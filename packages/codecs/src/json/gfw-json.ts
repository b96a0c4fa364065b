import { z } from 'zod';
import { type Decoded, positionOrRejection, rejected } from '../decoded';
import type { LineDecoder } from '../line-decoder';
import { parseJsonText } from './report-json';
import { parseTimeText } from '../time-text';

/**
 * Global Fishing Watch gpsdio JSON lines (../shared/data/ais/gfw_gpsdio_segment_regression): one decoded
 * AIS message per line, written by Python, so numbers may be the bare token `NaN`, which JSON does not
 * allow. NaN becomes null before parsing (outside strings only); a null or 91/181 position is "not
 * available" and rejected with that reason, a null or 102.3 kn speed and a null or 360 course become null.
 */
const GfwMessageSchema = z.object({
  type: z.string(),
  ssvid: z.union([z.string(), z.number()]),
  timestamp: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  speed: z.number().nullable().optional(),
  course: z.number().nullable().optional(),
  shipname: z.string().nullable().optional(),
  callsign: z.string().nullable().optional(),
});

const POSITION_TYPES = new Set(['AIS.1', 'AIS.2', 'AIS.3', 'AIS.18', 'AIS.19', 'AIS.27']);
const STATIC_TYPES = new Set(['AIS.5', 'AIS.24']);
/** gpsdio stores AIS's 102.3 kn "not available" as a float32: 102.3000030518. */
const SPEED_NOT_AVAILABLE_KNOTS = 102.25;

/** Replaces bare NaN tokens (outside string literals) with null, so the line becomes JSON. */
export function nanToNull(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (text.startsWith('NaN', i)) {
      out += 'null';
      i += 2;
    } else out += char;
  }
  return out;
}

export function decodeGfwLine(line: string): Decoded {
  const text = line.trim();
  // Files start with licence headers: everything that is not an object is skipped.
  if (!text.startsWith('{')) return { kind: 'skipped' };
  const parsed = parseJsonText(nanToNull(text));
  if (!parsed.ok) return rejected('syntax', parsed.problem);
  const result = GfwMessageSchema.safeParse(parsed.value);
  if (!result.success)
    return rejected(
      'bad-field',
      result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  const message = result.data;
  const terminalId = String(message.ssvid);
  if (STATIC_TYPES.has(message.type)) {
    return {
      kind: 'static',
      report: {
        terminalId,
        source: 'ais',
        shipName: message.shipname ?? null,
        callSign: message.callsign || null,
      },
    };
  }
  if (!POSITION_TYPES.has(message.type)) return { kind: 'ignored', what: `gfw-${message.type}` };
  const time = parseTimeText(message.timestamp);
  if (!time.ok) return rejected('bad-field', `timestamp: ${time.problem}`);
  if (message.lon === null || message.lat === null || message.lon === 181 || message.lat === 91) {
    return rejected(
      'not-available',
      `${message.type} position is "not available" (lon ${message.lon}, lat ${message.lat})`,
    );
  }
  const speed = message.speed ?? null;
  const course = message.course ?? null;
  return positionOrRejection({
    terminalId,
    source: 'ais',
    reportedAtMs: time.timeMs,
    position: [message.lon, message.lat],
    speedKnots: speed === null || speed >= SPEED_NOT_AVAILABLE_KNOTS ? null : Math.round(speed * 10) / 10,
    courseDeg: course === null || course >= 360 ? null : (Math.round(course * 10) / 10) % 360,
  });
}

export class GfwJsonLineDecoder implements LineDecoder {
  decode(line: string): Decoded[] {
    return [decodeGfwLine(line)];
  }

  flush(): Decoded[] {
    return [];
  }
}
