import { planDeliveries, type NotificationChannel } from '@vesselwatch/notify';
import type { DueEscalation, Store } from '@vesselwatch/store';
import type { NotifierLogger } from './settings';

/**
 * Decides due escalation timers on the notifier's clock: an alert acknowledged or resolved meanwhile ends its
 * timer; otherwise the subscriptions of the policy's level get deliveries (the escalation's own dedup keys),
 * written with the decision in one transaction. Several notifiers may run it: a timer is decided once.
 */
export async function runEscalations(
  store: Store,
  options: {
    nowMs: number;
    configuredChannels: ReadonlySet<NotificationChannel>;
    timeZone: string;
    log: NotifierLogger;
    /** Levels already warned about having no subscription (kept by the caller across runs). */
    levelsWithoutRecipients: Set<number>;
  },
): Promise<{ escalated: number; ended: number; deliveries: number }> {
  const due = await store.notifications.dueEscalations(options.nowMs);
  const outcome = { escalated: 0, ended: 0, deliveries: 0 };
  if (due.length === 0) return outcome;
  const subscriptions = await store.notifications.subscriptions();
  for (const escalation of due) {
    const status = decision(escalation);
    if (status !== 'escalated') {
      if (await decide(store, escalation, status, [], options.nowMs)) outcome.ended += 1;
      continue;
    }
    const event = {
      transition: escalation.event.transition,
      alert: escalation.alert ?? escalation.event.alert,
    };
    const vessel = await store.vessel(escalation.vesselId);
    const officers = vessel ? await store.notifications.portOfficers([vessel.homePortId]) : [];
    const deliveries = planDeliveries(
      event,
      subscriptions,
      { vessel, portOfficers: officers },
      {
        nowMs: options.nowMs,
        configuredChannels: options.configuredChannels,
        timeZone: options.timeZone,
        escalation: { level: escalation.level, afterMinutes: escalation.afterMinutes },
      },
    );
    if (await decide(store, escalation, 'escalated', deliveries, options.nowMs)) {
      outcome.escalated += 1;
      outcome.deliveries += deliveries.length;
      const fields = { alertId: escalation.alertId, level: escalation.level, deliveries: deliveries.length };
      if (deliveries.length > 0) options.log.info(fields, 'alert escalated');
      else if (options.levelsWithoutRecipients.has(escalation.level))
        options.log.debug(fields, 'alert escalated, but no subscription takes escalations of this level');
      else {
        // Once per level and process: a deployment without (say) a provincial centre subscribed is told, but
        // the simulator's danger alerts do not flood the log.
        options.levelsWithoutRecipients.add(escalation.level);
        options.log.warn(
          fields,
          'alert escalated, but no subscription takes escalations of this level (add one: vesselwatch subscriptions add --level N); later ones are logged at debug',
        );
      }
    }
  }
  return outcome;
}

function decision(escalation: DueEscalation): 'escalated' | 'acknowledged' | 'resolved' {
  if (escalation.alert?.acknowledgement) return 'acknowledged';
  if (escalation.alert?.status === 'resolved') return 'resolved';
  return 'escalated';
}

function decide(
  store: Store,
  escalation: DueEscalation,
  status: 'escalated' | 'acknowledged' | 'resolved',
  deliveries: Parameters<Store['notifications']['decideEscalation']>[0]['deliveries'],
  nowMs: number,
): Promise<boolean> {
  return store.notifications.decideEscalation({
    alertId: escalation.alertId,
    policyId: escalation.policyId,
    status,
    deliveries,
    nowMs,
  });
}
