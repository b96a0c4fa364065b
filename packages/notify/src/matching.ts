import { severityRank, type AlertEvent, type Vessel } from '@vesselwatch/domain';
import { alertPortIds } from './recipients';
import type { Subscription } from './subscription';

/**
 * Whether a subscription wants this alert transition at this escalation level (0: as it happens).
 * A resolution is matched by the severity the episode had, so whoever was told it opened is told it ended.
 */
export function subscriptionMatches(
  subscription: Subscription,
  event: AlertEvent,
  vessel: Vessel | null,
  escalationLevel = 0,
): boolean {
  const { alert } = event;
  if (!subscription.enabled) return false;
  if (subscription.escalationLevel !== escalationLevel) return false;
  if (escalationLevel === 0 && !subscription.transitions.includes(event.transition)) return false;
  if (subscription.alertTypes.length > 0 && !subscription.alertTypes.includes(alert.type)) return false;
  if (severityRank(alert.severity) < severityRank(subscription.minSeverity)) return false;
  if (subscription.vesselIds.length > 0 && !subscription.vesselIds.includes(alert.vesselId)) return false;
  if (subscription.portIds.length > 0) {
    const ports = alertPortIds(event, vessel);
    if (!ports.some((port) => subscription.portIds.includes(port))) return false;
  }
  return true;
}
