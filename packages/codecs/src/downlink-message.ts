import { z } from 'zod';
import { VesselIdSchema, TerminalIdSchema } from '@vesselwatch/domain';
import { decodeJsonMessage } from './bus-messages';

/**
 * One message on `vms.downlink`: a short text the notifier wants shown on a vessel's terminal (key: vessel
 * id). The gateway hands these to terminal providers (GET /v1/downlink). `id` is stable for one alert
 * transition and terminal, so a repeat (at-least-once) can be recognised by provider and terminal alike.
 */
export const DownlinkMessageSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/),
  vesselId: VesselIdSchema,
  terminalId: TerminalIdSchema,
  alertId: z.string().min(1),
  /** Vietnamese, with diacritics. */
  text: z.string().min(1).max(500),
  /** Vietnamese without diacritics: printable ASCII only. */
  textAscii: z
    .string()
    .regex(/^[\x20-\x7e]*$/, 'must be printable ASCII')
    .max(500),
  /** English: printable ASCII only. */
  textEn: z
    .string()
    .regex(/^[\x20-\x7e]*$/, 'must be printable ASCII')
    .max(500),
  createdAtMs: z.number().int(),
});
export type DownlinkMessage = z.infer<typeof DownlinkMessageSchema>;

export const DOWNLINK_CONTENT_TYPE = 'application/vnd.vesselwatch.downlink+json;v=1';

/** Headers of a downlink message: the terminal and message ids, readable without decoding the value. */
export const DOWNLINK_HEADERS = {
  contentType: 'content-type',
  terminalId: 'vw-terminal-id',
  messageId: 'vw-downlink-id',
} as const;

const encoder = new TextEncoder();

export function encodeDownlinkMessage(message: DownlinkMessage): Uint8Array {
  return encoder.encode(JSON.stringify(message));
}

/** Validates; throws VW_ERR_INPUT_INVALID naming each bad field. */
export function decodeDownlinkMessage(value: Uint8Array): DownlinkMessage {
  return decodeJsonMessage(value, DownlinkMessageSchema, 'downlink message');
}
