/**
 * One NMEA 0183 AIS sentence (`!xxVDM` / `!xxVDO`), with its checksum checked. Accepts the envelopes real
 * logs wrap sentences in: an NMEA 4.0 tag block before it (`\s:rcv,c:1272412827*hh\!AIVDM,...`) and the
 * USCG/libais trailer after the checksum (`...*hh,b003669794,1272412827`), both of which may carry the
 * receive time in Unix seconds.
 */
export interface AisSentence {
  /** `VDM` (other vessels) or `VDO` (own vessel). */
  kind: 'VDM' | 'VDO';
  fragmentCount: number;
  fragmentNumber: number;
  /** Sequential message id tying the fragments of one message together; '' for single-fragment messages. */
  sequenceId: string;
  channel: string;
  payload: string;
  fillBits: number;
  /** Receive time from a tag block or trailer, ms since the epoch; null when the line has none. */
  envelopeTimeMs: number | null;
}

export type SentenceResult =
  { ok: true; sentence: AisSentence } | { ok: false; checksum: boolean; problem: string };

/** XOR of the characters between the start character and `*`, as two upper-case hex digits. */
export function nmeaChecksum(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i) & 0xff;
  return sum.toString(16).toUpperCase().padStart(2, '0');
}

const SENTENCE = /^!([A-Z-]{2})(VDM|VDO),(\d),(\d),(\d?),([A-Z0-9]?),([^,*]*),([0-5])\*([0-9A-Fa-f]{2})(.*)$/;

/** Plausible Unix seconds (2000..2100): anything else in a trailer or tag block is not a time. */
function unixSecondsToMs(text: string | undefined): number | null {
  if (text === undefined || !/^\d{9,10}$/.test(text)) return null;
  const seconds = Number(text);
  return seconds >= 946_684_800 && seconds < 4_102_444_800 ? seconds * 1000 : null;
}

function tagBlockTimeMs(tagBlock: string): number | null {
  const star = tagBlock.lastIndexOf('*');
  const content = star >= 0 ? tagBlock.slice(0, star) : tagBlock;
  for (const part of content.split(',')) {
    if (part.startsWith('c:')) return unixSecondsToMs(part.slice(2));
  }
  return null;
}

export function parseAisSentence(line: string): SentenceResult {
  let text = line.trim();
  let envelopeTimeMs: number | null = null;
  if (text.startsWith('\\')) {
    const end = text.indexOf('\\', 1);
    if (end < 0) return { ok: false, checksum: false, problem: 'unterminated NMEA tag block' };
    envelopeTimeMs = tagBlockTimeMs(text.slice(1, end));
    text = text.slice(end + 1);
  }
  const match = SENTENCE.exec(text);
  if (!match) {
    return {
      ok: false,
      checksum: false,
      problem: 'not an AIS sentence: expected !xxVDM,count,number,seq,channel,payload,fill*hh',
    };
  }
  const [, , kind, count, number, sequenceId, channel, payload, fill, checksum, trailer] =
    match as unknown as [
      string,
      string,
      'VDM' | 'VDO',
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
  const star = text.indexOf('*');
  const expected = nmeaChecksum(text.slice(1, star));
  if (expected !== checksum.toUpperCase()) {
    return {
      ok: false,
      checksum: true,
      problem: `checksum is ${checksum.toUpperCase()}, the sentence sums to ${expected}`,
    };
  }
  const fragmentCount = Number(count);
  const fragmentNumber = Number(number);
  if (fragmentCount < 1 || fragmentNumber < 1 || fragmentNumber > fragmentCount) {
    return {
      ok: false,
      checksum: false,
      problem: `fragment ${fragmentNumber} of ${fragmentCount} is impossible`,
    };
  }
  if (trailer !== '') envelopeTimeMs ??= unixSecondsToMs(trailer.split(',').at(-1));
  return {
    ok: true,
    sentence: {
      kind,
      fragmentCount,
      fragmentNumber,
      sequenceId,
      channel,
      payload,
      fillBits: Number(fill),
      envelopeTimeMs,
    },
  };
}
