/**
 * @vesselwatch/gateway: takes position reports in (HTTP: NAF, JSON, CSV, GFW JSON lines; TCP: NMEA),
 * decodes and validates them, maps terminals to vessels and publishes fixes to `vms.fixes`.
 */
export {
  GATEWAY_DEFAULTS,
  createIngestPath,
  startGateway,
  type GatewayConfig,
  type RunningGateway,
} from './gateway';
export { IngestPipeline, type IngestOptions } from './ingest-pipeline';
export { addIngestResult, emptyIngestResult, type IngestResult, type LineRejection } from './ingest-result';
export { FixPublisher, type DeadLetter } from './fix-publisher';
export { ApiKeys, type ProviderKey } from './http/api-keys';
export { createGatewayApp, type GatewayHttpOptions } from './http/gateway-app';
export { createNmeaListener, type NmeaListenerOptions } from './tcp/nmea-listener';
export type { GatewayLogger } from './logger';
export { closeListener, httpUrlOf, listenOn } from './listeners';
export {
  InMemoryTerminalDirectory,
  UNREGISTERED_PREFIX,
  unregisteredVesselId,
  type TerminalDirectory,
  type TerminalRegistration,
} from './terminal-directory';
export {
  DOWNLINK_MAILBOX_DEFAULTS,
  DownlinkMailbox,
  startDownlinkFeed,
  type DownlinkMailboxOptions,
  type WaitingDownlink,
} from './downlink/downlink-mailbox';
export { DOWNLINK_MAX_WAIT_S } from './downlink/downlink-routes';
