import type { Alert } from '../api/types';
import type { AppContext } from '../app-context';
import { h } from '../ui/dom';

/** One-line summary of an alert's evidence, in the reader's language. */
export function evidenceSummary(alert: Alert, ctx: Pick<AppContext, 'i18n'>): string {
  const { i18n } = ctx;
  const parts: string[] = [];
  const evidence = alert.evidence;
  if (typeof evidence.distanceNm === 'number')
    parts.push(i18n.t('alerts.distance', { nm: i18n.number(evidence.distanceNm) }));
  // 0 min means "already there" (inside a storm area): the type says it better than "in 0 min".
  if (typeof evidence.timeToBoundaryMin === 'number' && evidence.timeToBoundaryMin > 0)
    parts.push(i18n.t('alerts.eta', { min: i18n.number(evidence.timeToBoundaryMin, 0) }));
  if (typeof evidence.gapMs === 'number')
    parts.push(i18n.t('alerts.gap', { h: i18n.number(evidence.gapMs / 3_600_000) }));
  if (typeof evidence.speedKnots === 'number')
    parts.push(i18n.t('units.knots', { v: i18n.number(evidence.speedKnots) }));
  return parts.join(' · ');
}

/**
 * An alert as a card: severity, type, vessel, time, evidence, and acknowledgement (a comment is
 * required: it goes into the audit log the inspectors read).
 */
export function alertCard(alert: Alert, ctx: AppContext, options: { showVessel: boolean }): HTMLElement {
  const { i18n } = ctx;
  const vessel = ctx.live.get(alert.vesselId);
  const vesselLabel = vessel?.registrationNumber ?? alert.vesselId;
  const card = h(
    'li',
    {
      class: `alert-card severity-${alert.severity}`,
      'data-alert-id': alert.id,
      'data-severity': alert.severity,
    },
    h(
      'div',
      { class: 'alert-head' },
      h('span', { class: `badge severity-${alert.severity}` }, i18n.tDynamic('severity', alert.severity)),
      h('strong', {}, i18n.tDynamic('alertType', alert.type)),
    ),
    options.showVessel
      ? h(
          'button',
          {
            class: 'link vessel-link',
            type: 'button',
            onclick: () => ctx.openVessel(alert.vesselId, { fly: true }),
          },
          vesselLabel,
          vessel?.name ? ` · ${vessel.name}` : '',
        )
      : null,
    h('div', { class: 'muted' }, i18n.t('alerts.opened', { at: i18n.dateTime(alert.openedAtMs) })),
    h('div', { class: 'evidence' }, evidenceSummary(alert, ctx)),
  );
  if (alert.acknowledgement) {
    card.append(
      h(
        'div',
        { class: 'ack' },
        i18n.t('alerts.acknowledged', {
          by: alert.acknowledgement.byUserId,
          at: i18n.dateTime(alert.acknowledgement.atMs),
        }),
        alert.acknowledgement.comment ? h('q', {}, alert.acknowledgement.comment) : null,
      ),
    );
  } else if (alert.status === 'open' && ctx.can('alerts.act')) {
    const button = h('button', { class: 'primary ack-button', type: 'button' }, i18n.t('alerts.acknowledge'));
    button.addEventListener('click', () => {
      button.replaceWith(acknowledgeForm(alert, ctx));
    });
    card.append(button);
  }
  return card;
}

function acknowledgeForm(alert: Alert, ctx: AppContext): HTMLElement {
  const { i18n } = ctx;
  const comment = h('textarea', {
    name: 'comment',
    rows: 2,
    required: true,
    maxlength: 2000,
    placeholder: i18n.t('alerts.comment'),
  });
  const form = h(
    'form',
    { class: 'ack-form' },
    comment,
    h(
      'div',
      { class: 'row' },
      h('button', { class: 'primary', type: 'submit' }, i18n.t('alerts.save')),
      h('button', { type: 'button', onclick: () => ctx.alertsChanged(null) }, i18n.t('alerts.cancel')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = comment.value.trim();
    if (!text) return;
    try {
      await ctx.api.acknowledge(alert.id, text);
      const { alert: updated } = await ctx.api.alert(alert.id);
      ctx.alertsChanged(updated);
    } catch (error) {
      ctx.toast(i18n.t('error.generic', { message: (error as Error).message }), 'error');
    }
  });
  queueMicrotask(() => comment.focus());
  return form;
}
