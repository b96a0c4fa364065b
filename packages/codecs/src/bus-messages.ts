import {
  type AlertEvent,
  AlertEventSchema,
  type LiveVesselUpdate,
  LiveVesselUpdateSchema,
  VesselWatchError,
  parseOrThrow,
} from '@vesselwatch/domain';
import type { z } from 'zod';

/**
 * The one place the processor's outputs become bus messages and back: alert events on `vms.alerts` and
 * live updates on `vms.live`. JSON like fix messages (fix-message.ts), validated on the way in.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const ALERT_EVENT_CONTENT_TYPE = 'application/vnd.vesselwatch.alert-event+json;v=1';
export const LIVE_UPDATE_CONTENT_TYPE = 'application/vnd.vesselwatch.live+json;v=1';

export function encodeAlertEvent(event: AlertEvent): Uint8Array {
  return encoder.encode(JSON.stringify(event));
}

export function decodeAlertEvent(value: Uint8Array): AlertEvent {
  return decodeJsonMessage(value, AlertEventSchema, 'alert event message');
}

export function encodeLiveUpdate(update: LiveVesselUpdate): Uint8Array {
  return encoder.encode(JSON.stringify(update));
}

export function decodeLiveUpdate(value: Uint8Array): LiveVesselUpdate {
  return decodeJsonMessage(value, LiveVesselUpdateSchema, 'live update message');
}

/** UTF-8 JSON validated by a schema; throws VW_ERR_INPUT_INVALID naming the message and each bad field. */
export function decodeJsonMessage<T extends z.ZodType>(
  value: Uint8Array,
  schema: T,
  what: string,
): z.output<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(value));
  } catch (error) {
    throw new VesselWatchError('VW_ERR_INPUT_INVALID', {
      detail: `${what} is not UTF-8 JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
  return parseOrThrow(schema, parsed, what);
}
