import { type Decoded, rejected } from '../decoded';
import type { LineDecoder } from '../line-decoder';
import { decodeAisPayload } from './ais-messages';
import { type AisSentence, parseAisSentence } from './nmea-sentence';

/** Incomplete multi-sentence messages kept at once; past this the oldest is rejected (bounded memory). */
export const MAX_PENDING_AIS_MESSAGES = 256;

interface PendingMessage {
  fragments: string[];
  fillBits: number;
  timeMs: number;
}

/** `$PGHP,1,yyyy,m,d,h,min,s,ms,...`: the DMA receiver header giving the time of the next sentence. */
function pghpTimeMs(line: string): number | null {
  const parts = line.split(',');
  if (parts[1] !== '1') return null;
  const [year, month, day, hour, minute, second, millis] = parts.slice(2, 9).map(Number) as number[];
  const values = [year, month, day, hour, minute, second, millis];
  if (values.some((value) => value === undefined || !Number.isInteger(value))) return null;
  const timeMs = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, millis!);
  return Number.isFinite(timeMs) ? timeMs : null;
}

/**
 * Decodes a stream of NMEA 0183 AIS lines (one instance per connection or file, because multi-sentence
 * messages span lines). Fragments are assembled per channel and sequence id; a fragment out of order or a
 * message whose fragments never all arrive is rejected as `incomplete-message`, never dropped silently.
 * The time of a report is, in order: the line's tag block or trailer, the last `$PGHP` header, the
 * caller's receive time.
 */
export class AisLineDecoder implements LineDecoder {
  private readonly pending = new Map<string, PendingMessage>();
  private headerTimeMs: number | null = null;

  decode(line: string, receivedAtMs: number): Decoded[] {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) return [{ kind: 'skipped' }];
    if (text.startsWith('$PGHP')) {
      this.headerTimeMs = pghpTimeMs(text);
      return this.headerTimeMs === null
        ? [rejected('syntax', 'unreadable $PGHP header')]
        : [{ kind: 'pending' }];
    }
    if (text.startsWith('$')) return [{ kind: 'ignored', what: `nmea-${text.slice(1, 6)}` }];
    const parsed = parseAisSentence(text);
    if (!parsed.ok) return [rejected(parsed.checksum ? 'checksum' : 'syntax', parsed.problem)];
    const { sentence } = parsed;
    const timeMs = sentence.envelopeTimeMs ?? this.headerTimeMs ?? receivedAtMs;
    if (sentence.fragmentCount === 1) return [decodeAisPayload(sentence.payload, sentence.fillBits, timeMs)];
    return this.assemble(sentence, timeMs);
  }

  /** Rejects every message still waiting for fragments (end of file or connection). */
  flush(): Decoded[] {
    const results = [...this.pending.values()].map((message) =>
      rejected(
        'incomplete-message',
        `multi-sentence message ended after ${message.fragments.length} fragment(s)`,
      ),
    );
    this.pending.clear();
    return results;
  }

  private assemble(sentence: AisSentence, timeMs: number): Decoded[] {
    const key = `${sentence.kind}|${sentence.channel}|${sentence.sequenceId}|${sentence.fragmentCount}`;
    const results: Decoded[] = [];
    const existing = this.pending.get(key);
    if (sentence.fragmentNumber === 1) {
      if (existing) {
        results.push(
          rejected(
            'incomplete-message',
            `fragment ${existing.fragments.length + 1} of ${sentence.fragmentCount} never arrived`,
          ),
        );
        this.pending.delete(key);
      }
      if (this.pending.size >= MAX_PENDING_AIS_MESSAGES) {
        const oldestKey = this.pending.keys().next().value as string;
        this.pending.delete(oldestKey);
        results.push(
          rejected(
            'incomplete-message',
            'too many unfinished multi-sentence messages; the oldest was given up',
          ),
        );
      }
      this.pending.set(key, { fragments: [sentence.payload], fillBits: sentence.fillBits, timeMs });
      results.push({ kind: 'pending' });
      return results;
    }
    if (!existing || existing.fragments.length !== sentence.fragmentNumber - 1) {
      if (existing) this.pending.delete(key);
      const had = existing ? existing.fragments.length : 0;
      results.push(
        rejected(
          'incomplete-message',
          `fragment ${sentence.fragmentNumber} of ${sentence.fragmentCount} arrived after ${had} fragment(s)`,
        ),
      );
      if (existing) results.push(rejected('incomplete-message', 'the message it belonged to was given up'));
      return results;
    }
    existing.fragments.push(sentence.payload);
    existing.fillBits = sentence.fillBits;
    if (existing.fragments.length < sentence.fragmentCount) return [{ kind: 'pending' }];
    this.pending.delete(key);
    return [decodeAisPayload(existing.fragments.join(''), existing.fillBits, existing.timeMs)];
  }
}
