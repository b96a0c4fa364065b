/**
 * @vesselwatch/codecs: pure decoders (NAF, AIS NMEA 0183, JSON, GFW JSON lines, CSV) that turn input
 * lines into terminal reports or reasoned rejections, the NAF encoder the simulator speaks, and the
 * encoding of PositionFix messages on the bus. No I/O: callers bring the lines.
 */
export {
  type Decoded,
  type RejectReason,
  type StaticReport,
  type TerminalReport,
  MAX_SPEED_KNOTS,
  REJECT_REASONS,
  positionOrRejection,
} from './decoded';
export type { LineDecoder } from './line-decoder';
export {
  INPUT_FORMATS,
  type InputFormat,
  createLineDecoder,
  detectInputFormat,
  isInputFormat,
} from './formats';
export { decodeNafLine, decodeNafRecord } from './naf/naf-decoder';
export { encodeNafPosition, type NafHeader } from './naf/naf-encoder';
export { NafLineDecoder } from './naf/naf-line-decoder';
export { AisLineDecoder, MAX_PENDING_AIS_MESSAGES } from './ais/ais-line-decoder';
export { AIS_POSITION_TYPES, AIS_STATIC_TYPES, decodeAisPayload } from './ais/ais-messages';
export { nmeaChecksum, parseAisSentence } from './ais/nmea-sentence';
export {
  JsonReportLineDecoder,
  JsonReportSchema,
  type JsonReport,
  decodeJsonReport,
  parseJsonText,
} from './json/report-json';
export { GfwJsonLineDecoder, decodeGfwLine } from './json/gfw-json';
export {
  CsvLineDecoder,
  DEFAULT_CSV_COLUMNS,
  DEFAULT_CSV_OPTIONS,
  type CsvColumns,
  type CsvOptions,
} from './csv/csv-decoder';
export { splitCsvLine } from './csv/csv-line';
export { FIX_MESSAGE_CONTENT_TYPE, decodeFixMessage, encodeFixMessage } from './fix-message';
export {
  ALERT_EVENT_CONTENT_TYPE,
  LIVE_UPDATE_CONTENT_TYPE,
  decodeAlertEvent,
  decodeLiveUpdate,
  encodeAlertEvent,
  encodeLiveUpdate,
} from './bus-messages';
export {
  DOWNLINK_CONTENT_TYPE,
  DOWNLINK_HEADERS,
  DownlinkMessageSchema,
  decodeDownlinkMessage,
  encodeDownlinkMessage,
  type DownlinkMessage,
} from './downlink-message';
