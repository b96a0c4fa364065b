import type { Alert, TrackResponse, VesselDetails } from '../api/types';
import type { AppContext } from '../app-context';
import { clear, h } from '../ui/dom';
import { alertCard } from './alert-item';

const DAY_MS = 24 * 3_600_000;

/** Decree 26/2019 Art. 43 classes by length overall. */
export function vesselClassOf(details: Pick<VesselDetails, 'vesselClass' | 'lengthOverallM'>): string | null {
  if (details.vesselClass) return details.vesselClass;
  if (typeof details.lengthOverallM !== 'number') return null;
  if (details.lengthOverallM >= 15) return 'offshore';
  if (details.lengthOverallM >= 12) return 'inshore';
  return 'coastal';
}

function row(label: string, value: Node | string | null | undefined, testId?: string): HTMLElement | null {
  if (value === null || value === undefined || value === '') return null;
  return h('div', { class: 'field', 'data-field': testId }, h('dt', {}, label), h('dd', {}, value));
}

/**
 * The vessel panel: registry facts (registration, name, owner, class and length, gear, home port,
 * terminals, contacts), the last fix with speed and course, open alerts, and the 24 h track drawn on the
 * map with a button to replay it.
 */
export function renderVesselPanel(container: HTMLElement, ctx: AppContext, vesselId: string): () => void {
  const { i18n } = ctx;
  const body = h('div', { class: 'vessel-body' }, i18n.t('app.loading'));
  const liveBox = h('dl', { class: 'fields live-fields' });
  const alertsBox = h('ul', { class: 'alert-list' });
  const trackBox = h('div', { class: 'track-box' });
  let details: VesselDetails | null = null;
  let track: TrackResponse | null = null;
  let closed = false;

  clear(container);
  container.append(
    h(
      'h2',
      { 'data-testid': 'vessel-title' },
      ctx.live.get(vesselId)?.registrationNumber ?? i18n.t('vessel.title'),
    ),
    body,
    h('h3', {}, i18n.t('vessel.lastFix')),
    liveBox,
    h('h3', {}, i18n.t('vessel.openAlerts')),
    alertsBox,
    h('h3', {}, i18n.t('vessel.track24h')),
    trackBox,
  );

  const drawLive = () => {
    clear(liveBox);
    const live = ctx.live.get(vesselId);
    if (!live) {
      liveBox.append(h('div', { class: 'muted' }, i18n.t('vessel.noPosition')));
      return;
    }
    const [lon, lat] = live.fix.position;
    const speed =
      live.fix.speedKnots === null ? '–' : i18n.t('units.knots', { v: i18n.number(live.fix.speedKnots) });
    const course =
      live.fix.courseDeg === null ? '–' : i18n.t('units.deg', { v: i18n.number(live.fix.courseDeg, 0) });
    liveBox.append(
      ...[
        row(
          i18n.t('vessel.status'),
          h('span', { class: `status status-${live.status}` }, i18n.tDynamic('status', live.status)),
          'status',
        ),
        row(
          i18n.t('vessel.lastFix'),
          `${i18n.dateTime(live.fix.reportedAtMs)} · ${lat.toFixed(4)}, ${lon.toFixed(4)}`,
          'last-fix',
        ),
        row(i18n.t('vessel.speedCourse'), `${speed} / ${course}`, 'speed-course'),
      ].filter((node): node is HTMLElement => node !== null),
    );
  };

  const drawDetails = () => {
    clear(body);
    if (!details) return;
    const vesselClass = vesselClassOf(details);
    const port = details.homePortId ? (ctx.portNames.get(details.homePortId) ?? details.homePortId) : null;
    const contacts = (details.contacts ?? []).map((contact) =>
      h(
        'div',
        {},
        `${contact.name} (${contact.role})`,
        contact.phone ? ' ' : '',
        contact.phone ? h('a', { href: `tel:${contact.phone}` }, contact.phone) : '',
      ),
    );
    body.append(
      h(
        'dl',
        { class: 'fields' },
        ...[
          row(i18n.t('vessel.registration'), details.registrationNumber, 'registration'),
          row(i18n.t('vessel.name'), details.name, 'name'),
          row(
            i18n.t('vessel.owner'),
            details.owner
              ? h(
                  'span',
                  {},
                  details.owner.name,
                  details.owner.phone ? ' ' : '',
                  details.owner.phone
                    ? h('a', { href: `tel:${details.owner.phone}` }, details.owner.phone)
                    : '',
                )
              : null,
            'owner',
          ),
          row(
            i18n.t('vessel.class'),
            [
              vesselClass,
              typeof details.lengthOverallM === 'number'
                ? i18n.t('units.m', { v: i18n.number(details.lengthOverallM) })
                : null,
            ]
              .filter(Boolean)
              .join(' · '),
            'class',
          ),
          row(i18n.t('vessel.gear'), details.gear, 'gear'),
          row(i18n.t('vessel.homePort'), port, 'home-port'),
          row(i18n.t('vessel.terminals'), (details.terminalIds ?? []).join(', '), 'terminals'),
          contacts.length ? row(i18n.t('vessel.contacts'), h('div', {}, ...contacts), 'contacts') : null,
        ].filter((node): node is HTMLElement => node !== null),
      ),
    );
  };

  const drawAlerts = (alerts: Alert[]) => {
    clear(alertsBox);
    if (alerts.length === 0) alertsBox.append(h('li', { class: 'muted' }, i18n.t('vessel.noAlerts')));
    for (const alert of alerts) alertsBox.append(alertCard(alert, ctx, { showVessel: false }));
  };

  const drawTrack = () => {
    clear(trackBox);
    if (!track) return;
    const loaded = track;
    const label = details?.registrationNumber ?? vesselId;
    trackBox.append(
      h(
        'div',
        { class: 'muted', 'data-testid': 'track-count' },
        i18n.t('vessel.trackPoints', { n: loaded.points.length }),
      ),
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          {
            class: 'primary',
            type: 'button',
            'data-testid': 'replay-button',
            disabled: loaded.points.length < 2,
            onclick: () => ctx.startReplay(vesselId, label, loaded.points, loaded.fromMs, loaded.toMs),
          },
          i18n.t('vessel.replay'),
        ),
        ctx.can('evidence')
          ? h(
              'a',
              {
                class: 'button',
                href: ctx.api.evidenceUrl(vesselId, loaded.fromMs, loaded.toMs, 'geojson'),
                download: `${label}.geojson`,
              },
              i18n.t('vessel.evidence'),
            )
          : null,
      ),
    );
  };

  const loadAlerts = () =>
    ctx.api
      .alerts({ status: 'open', vesselId, limit: 20 })
      .then((page) => !closed && drawAlerts(page.items))
      .catch((error: Error) => ctx.toast(i18n.t('error.generic', { message: error.message }), 'error'));

  drawLive();
  ctx.api
    .vessel(vesselId)
    .then((loaded) => {
      if (closed) return;
      details = loaded;
      const title = container.querySelector('h2');
      if (title) title.textContent = `${loaded.registrationNumber}${loaded.name ? ` · ${loaded.name}` : ''}`;
      drawDetails();
      drawTrack();
    })
    .catch((error: Error) => ctx.toast(i18n.t('error.generic', { message: error.message }), 'error'));
  void loadAlerts();
  const toMs = Date.now();
  ctx.api
    .track(vesselId, toMs - DAY_MS, toMs)
    .then((loaded) => {
      if (closed) return;
      track = loaded;
      ctx.tracks.showTrack(loaded.points);
      drawTrack();
    })
    .catch((error: Error) => ctx.toast(i18n.t('error.generic', { message: error.message }), 'error'));

  const liveTimer = window.setInterval(drawLive, 2_000);
  const stopAlerts = ctx.onAlertsChanged((alert) => {
    if (!alert || alert.vesselId === vesselId) void loadAlerts();
  });
  return () => {
    closed = true;
    window.clearInterval(liveTimer);
    stopAlerts();
    ctx.tracks.clearTrack();
  };
}
