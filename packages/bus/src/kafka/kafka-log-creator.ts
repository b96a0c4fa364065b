import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

/** How much kafkajs itself reports; the bus reports its own failures through ConsumerOptions.onError. */
export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info';

export const KAFKAJS_LOG_LEVELS: Record<KafkaLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
};

/**
 * Warnings about choices this package makes on purpose, so they would only be noise in every process's
 * log. Bounded producer retries: see kafka-producer.ts (a send must fail with an error the caller can
 * act on rather than retry forever; a re-send after such a failure may duplicate, which the idempotent
 * consumers downstream tolerate).
 */
const DELIBERATE_CHOICE_WARNINGS = [
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
];

/**
 * kafkajs logs every error response of the protocol ("Response Heartbeat(...)": the group is rebalancing;
 * "Response Metadata(...)": unknown topic) at error level and then handles it (rejoin, retry) or throws
 * it to the caller, where the bus reports it with a catalogue code. Logged again here, a routine
 * rebalance would print a dozen "errors", so these entries count as info.
 */
function isHandledProtocolResponse(entry: LogEntry): boolean {
  return entry.namespace === 'Connection' && entry.log.message.startsWith('Response ');
}

/**
 * kafkajs logs through this instead of its own console format: one JSON line per entry on stderr, like
 * the rest of VesselWatch, with no logger dependency in this package.
 */
export function createJsonLinesLogCreator(
  write: (line: string) => void = (line) => process.stderr.write(line),
): logCreator {
  return (configuredLevel) => (entry) => {
    const { namespace, label, log } = entry;
    const { timestamp, message, ...extra } = log;
    if (DELIBERATE_CHOICE_WARNINGS.includes(message)) return;
    if (isHandledProtocolResponse(entry) && configuredLevel < logLevel.INFO) return;
    write(
      `${JSON.stringify({ time: timestamp, level: label.toLowerCase(), source: 'kafkajs', namespace, message, ...extra })}\n`,
    );
  };
}
