import type { AlertEvent, AlertSeverity, AlertType, Vessel } from '@vesselwatch/domain';
import { foldToAscii } from './ascii';
import { DEFAULT_TIME_ZONE, type Language } from './subscription';

/**
 * Message texts in Vietnamese and English. What a crew or an owner needs at a glance: the vessel
 * (registration number and name), what happened, how far the boundary is (nautical miles), course and
 * speed, when (local time), and what to do.
 */
export interface RenderedMessage {
  /** E-mail subject and webhook title. */
  subject: string;
  /** The whole text (SMS and e-mail body). */
  text: string;
}

/** What the template says about an escalation (a danger alert nobody acknowledged in time). */
export interface EscalationNote {
  level: number;
  afterMinutes: number;
}

export interface RenderContext {
  /** The vessel from the registry; null for a vessel nobody registered (its id is shown instead). */
  vessel: Vessel | null;
  language: Language;
  /** Zone times are shown in (default Asia/Ho_Chi_Minh). */
  timeZone?: string;
  escalation?: EscalationNote | null;
}

const TYPE_NAMES: Record<AlertType, Record<Language, string>> = {
  'border.approach': { vi: 'Sắp vượt ranh giới', en: 'Approaching a maritime boundary' },
  'border.crossed': { vi: 'Đã vượt ranh giới', en: 'Maritime boundary crossed' },
  'zone.violation': { vi: 'Vi phạm vùng khai thác', en: 'Zone violation' },
  'signal.lost': { vi: 'Mất tín hiệu giám sát', en: 'VMS signal lost' },
  'signal.restored': { vi: 'Có tín hiệu lại', en: 'VMS signal restored' },
  'port.departure': { vi: 'Rời cảng', en: 'Port departure' },
  'port.arrival': { vi: 'Vào cảng', en: 'Port arrival' },
  'position.rejected': { vi: 'Vị trí không hợp lệ', en: 'Position rejected' },
  'weather.warning': { vi: 'Cảnh báo thời tiết', en: 'Weather warning' },
};

const SEVERITY_NAMES: Record<AlertSeverity, Record<Language, string>> = {
  info: { vi: 'THÔNG TIN', en: 'INFO' },
  notice: { vi: 'LƯU Ý', en: 'NOTICE' },
  warning: { vi: 'CẢNH BÁO', en: 'WARNING' },
  danger: { vi: 'NGUY HIỂM', en: 'DANGER' },
};

const ADVICE: Record<AlertType, Record<Language, string>> = {
  'border.approach': {
    vi: 'Đổi hướng ngay, không vượt ranh giới.',
    en: 'Turn away now; do not cross the boundary.',
  },
  'border.crossed': {
    vi: 'Quay về vùng biển được phép ngay lập tức.',
    en: 'Return to permitted waters immediately.',
  },
  'zone.violation': {
    vi: 'Rời khỏi vùng này ngay, không khai thác tại đây.',
    en: 'Leave this zone now; do not fish here.',
  },
  'signal.lost': {
    vi: 'Kiểm tra thiết bị giám sát hành trình; báo vị trí bằng cách khác mỗi 6 giờ.',
    en: 'Check the VMS device; report the position by other means every 6 hours.',
  },
  'signal.restored': { vi: 'Không cần làm gì thêm.', en: 'No action needed.' },
  'port.departure': { vi: 'Không cần làm gì thêm.', en: 'No action needed.' },
  'port.arrival': { vi: 'Không cần làm gì thêm.', en: 'No action needed.' },
  'position.rejected': {
    vi: 'Kiểm tra thiết bị và đồng hồ của thiết bị.',
    en: 'Check the device and its clock.',
  },
  'weather.warning': {
    vi: 'Tìm nơi trú ẩn an toàn, theo dõi bản tin thời tiết.',
    en: 'Seek shelter and follow the weather bulletin.',
  },
};

const WORDS = {
  vessel: { vi: 'Tàu', en: 'Vessel' },
  boundary: { vi: 'cách ranh giới', en: 'from the boundary' },
  nm: { vi: 'hải lý', en: 'nm' },
  reachIn: { vi: 'tới ranh giới sau khoảng', en: 'reaches it in about' },
  minutes: { vi: 'phút', en: 'min' },
  course: { vi: 'hướng', en: 'course' },
  speed: { vi: 'tốc độ', en: 'speed' },
  knots: { vi: 'hải lý/giờ', en: 'kn' },
  at: { vi: 'lúc', en: 'at' },
  position: { vi: 'vị trí', en: 'position' },
  waters: { vi: 'vùng biển', en: 'waters of' },
  zone: { vi: 'vùng', en: 'zone' },
  gap: { vi: 'mất tín hiệu', en: 'silent for' },
  hours: { vi: 'giờ', en: 'h' },
  updated: { vi: 'cập nhật', en: 'update' },
  resolved: { vi: 'ĐÃ KẾT THÚC', en: 'OVER' },
  resolvedAdvice: { vi: 'Cảnh báo đã kết thúc.', en: 'The alert is over.' },
  escalation: { vi: 'CHUYỂN CẤP', en: 'ESCALATION LEVEL' },
  unacknowledged: { vi: 'chưa ai xác nhận sau', en: 'not acknowledged after' },
} as const;

function number(value: number, digits: number, language: Language): string {
  const text = value.toFixed(digits);
  return language === 'vi' ? text.replace('.', ',') : text;
}

/** dd/MM HH:mm in the time zone (24 h), plus the zone's short name, e.g. "26/11 14:05 GMT+7". */
export function localTime(atMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(atMs));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

function vesselLabel(event: AlertEvent, vessel: Vessel | null): string {
  return vessel ? `${vessel.registrationNumber} (${vessel.name})` : event.alert.vesselId;
}

/** The facts of an alert as short clauses, in the given language. */
function facts(event: AlertEvent, language: Language): string[] {
  const { alert } = event;
  const evidence = alert.evidence;
  const out: string[] = [];
  const jurisdiction = typeof evidence.jurisdiction === 'string' ? evidence.jurisdiction : null;
  if (evidence.distanceNm !== undefined && alert.type !== 'signal.restored') {
    out.push(
      `${WORDS.boundary[language]}${jurisdiction ? ` (${jurisdiction})` : ''} ${number(evidence.distanceNm, 1, language)} ${WORDS.nm[language]}`,
    );
  } else if (jurisdiction) {
    out.push(`${WORDS.waters[language]} ${jurisdiction}`);
  }
  if (evidence.timeToBoundaryMin !== undefined) {
    out.push(
      `${WORDS.reachIn[language]} ${Math.round(evidence.timeToBoundaryMin)} ${WORDS.minutes[language]}`,
    );
  }
  if (evidence.courseDeg !== undefined)
    out.push(`${WORDS.course[language]} ${Math.round(evidence.courseDeg)}°`);
  if (evidence.speedKnots !== undefined)
    out.push(`${WORDS.speed[language]} ${number(evidence.speedKnots, 1, language)} ${WORDS.knots[language]}`);
  if (evidence.gapMs !== undefined)
    out.push(
      `${WORDS.gap[language]} ${number(evidence.gapMs / 3_600_000, 1, language)} ${WORDS.hours[language]}`,
    );
  if (alert.zoneId && alert.type === 'zone.violation') out.push(`${WORDS.zone[language]} ${alert.zoneId}`);
  return out;
}

function position(event: AlertEvent): string {
  const [lon, lat] = event.alert.openingFix.position;
  return `${lat.toFixed(4)}, ${lon.toFixed(4)}`;
}

/** The SMS and e-mail text of one alert transition for one recipient. */
export function renderMessage(event: AlertEvent, context: RenderContext): RenderedMessage {
  const { alert } = event;
  const language = context.language;
  const timeZone = context.timeZone ?? DEFAULT_TIME_ZONE;
  const resolved = event.transition === 'resolved';
  const head = [
    context.escalation
      ? `[${WORDS.escalation[language]} ${context.escalation.level}: ${WORDS.unacknowledged[language]} ${context.escalation.afterMinutes} ${WORDS.minutes[language]}]`
      : null,
    resolved ? WORDS.resolved[language] : SEVERITY_NAMES[alert.severity][language],
    `${TYPE_NAMES[alert.type][language]}${event.transition === 'updated' ? ` (${WORDS.updated[language]})` : ''}`,
  ]
    .filter(Boolean)
    .join(' ');
  const who = `${WORDS.vessel[language]} ${vesselLabel(event, context.vessel)}`;
  const when = `${WORDS.at[language]} ${localTime(alert.lastUpdatedAtMs, timeZone)}`;
  const advice = resolved ? WORDS.resolvedAdvice[language] : ADVICE[alert.type][language];
  const body = [
    `${head}: ${who}`,
    [...facts(event, language), when].join(', '),
    `${WORDS.position[language]} ${position(event)}`,
    advice,
  ];
  return {
    subject: `${head}: ${who}`,
    text: `${body.join('. ').replace(/\.\./g, '.')}`,
  };
}

/** Longest downlink text: what a satellite terminal's short-message display takes in one message. */
export const DOWNLINK_MAX_CHARS = 160;

export interface DownlinkTexts {
  /** Vietnamese with its diacritics, for terminals that show Unicode. */
  text: string;
  /** The same Vietnamese text without diacritics, printable ASCII only. */
  textAscii: string;
  /** English, printable ASCII only. */
  textEn: string;
}

function downlinkText(event: AlertEvent, language: Language, timeZone: string): string {
  const { alert } = event;
  const resolved = event.transition === 'resolved';
  const clauses = [
    `${resolved ? WORDS.resolved[language] : SEVERITY_NAMES[alert.severity][language]} ${TYPE_NAMES[alert.type][language]}`,
    ...facts(event, language),
    localTime(alert.lastUpdatedAtMs, timeZone),
    resolved ? WORDS.resolvedAdvice[language] : ADVICE[alert.type][language],
  ];
  let text = clauses.join(', ').replace(/°/g, '');
  if (text.length > DOWNLINK_MAX_CHARS) text = `${text.slice(0, DOWNLINK_MAX_CHARS - 3)}...`;
  return text;
}

/**
 * The short texts for a vessel's own terminal (`vms.downlink`): what to do comes last but is never cut off
 * before the facts are (the facts are short). Each at most DOWNLINK_MAX_CHARS characters.
 */
export function renderDownlink(event: AlertEvent, timeZone: string = DEFAULT_TIME_ZONE): DownlinkTexts {
  const vi = downlinkText(event, 'vi', timeZone);
  return {
    text: vi,
    textAscii: foldToAscii(vi),
    textEn: foldToAscii(downlinkText(event, 'en', timeZone)),
  };
}
