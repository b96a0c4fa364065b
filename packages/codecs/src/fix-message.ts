import { type PositionFix, PositionFixSchema } from '@vesselwatch/domain';
import { decodeJsonMessage } from './bus-messages';

/**
 * The one place a PositionFix becomes a bus message on `vms.fixes` and back. JSON for now (readable in
 * Kafka tools, small enough at VMS rates); a binary encoding can replace it here alone.
 */
const encoder = new TextEncoder();

/** Content type carried in the message's `content-type` header, so a future encoding can coexist. */
export const FIX_MESSAGE_CONTENT_TYPE = 'application/vnd.vesselwatch.fix+json;v=1';

export function encodeFixMessage(fix: PositionFix): Uint8Array {
  return encoder.encode(JSON.stringify(fix));
}

/** Decodes and validates a message value; throws VW_ERR_INPUT_INVALID naming each bad field. */
export function decodeFixMessage(value: Uint8Array): PositionFix {
  return decodeJsonMessage(value, PositionFixSchema, 'position fix message');
}
