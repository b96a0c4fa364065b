import { type PositionFix, PositionFixSchema, VesselWatchError, parseOrThrow } from '@vesselwatch/domain';

/**
 * The one place a PositionFix becomes a bus message on `vms.fixes` and back. JSON for now (readable in
 * Kafka tools, small enough at VMS rates); a binary encoding can replace it here alone.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Content type carried in the message's `content-type` header, so a future encoding can coexist. */
export const FIX_MESSAGE_CONTENT_TYPE = 'application/vnd.vesselwatch.fix+json;v=1';

export function encodeFixMessage(fix: PositionFix): Uint8Array {
  return encoder.encode(JSON.stringify(fix));
}

/** Decodes and validates a message value; throws VW_ERR_INPUT_INVALID naming each bad field. */
export function decodeFixMessage(value: Uint8Array): PositionFix {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(value));
  } catch (error) {
    throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
      detail: `position fix message is not UTF-8 JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
  return parseOrThrow(PositionFixSchema, parsed, 'position fix message');
}
