import type { AlertEvent, Contact, Vessel } from '@vesselwatch/domain';
import type { Language, NotificationChannel, Subscription } from './subscription';

/** A port officer from the user registry (users with role port_officer, scope = the port id). */
export interface PortOfficer {
  userId: string;
  displayName: string;
  portId: string;
  phone: string | null;
  email: string | null;
}

/** One concrete recipient of a subscription for one alert, with the address on each channel it has. */
export interface Recipient {
  /** Stable id, part of the dedup key: the same person through two subscriptions gets one message. */
  id: string;
  name: string;
  language: Language;
  addresses: Partial<Record<NotificationChannel, string>>;
}

/** What the notifier knows about the alert's vessel and its port when it resolves recipients. */
export interface RecipientContext {
  vessel: Vessel | null;
  /** Port officers of the vessel's home port and of the alert's port (port alerts). */
  portOfficers: readonly PortOfficer[];
}

function contactRecipient(vesselId: string, contact: Contact): Recipient {
  const identity = contact.phone ?? contact.email ?? contact.name;
  return {
    id: `contact:${vesselId}:${identity}`,
    name: contact.name,
    language: contact.language,
    addresses: {
      ...(contact.phone ? { sms: contact.phone } : {}),
      ...(contact.email ? { email: contact.email } : {}),
    },
  };
}

/** The port ids an alert concerns: the vessel's home port, and the port of a port arrival or departure. */
export function alertPortIds(event: AlertEvent, vessel: Vessel | null): string[] {
  const ports = new Set<string>();
  if (vessel) ports.add(vessel.homePortId);
  const type = event.alert.type;
  if ((type === 'port.arrival' || type === 'port.departure') && event.alert.zoneId)
    ports.add(event.alert.zoneId);
  return [...ports];
}

/** The recipients a subscription names for one alert (deduplicated by recipient id). */
export function resolveRecipients(
  subscription: Subscription,
  event: AlertEvent,
  context: RecipientContext,
): Recipient[] {
  const spec = subscription.recipient;
  const { vessel } = context;
  const found: Recipient[] = [];
  switch (spec.kind) {
    case 'vessel-contacts': {
      if (!vessel) break;
      const contacts = [vessel.owner, ...vessel.contacts].filter((contact) =>
        spec.roles.includes(contact.role),
      );
      for (const contact of contacts) found.push(contactRecipient(vessel.id, contact));
      break;
    }
    case 'vessel-terminal': {
      if (!vessel) break;
      for (const terminalId of vessel.terminalIds) {
        found.push({
          id: `terminal:${terminalId}`,
          name: `${vessel.registrationNumber} terminal ${terminalId}`,
          language: 'vi',
          addresses: { downlink: terminalId },
        });
      }
      break;
    }
    case 'port-officers': {
      const ports = new Set(alertPortIds(event, vessel));
      for (const officer of context.portOfficers) {
        if (!ports.has(officer.portId)) continue;
        found.push({
          id: `user:${officer.userId}`,
          name: officer.displayName,
          language: 'vi',
          addresses: {
            ...(officer.phone ? { sms: officer.phone } : {}),
            ...(officer.email ? { email: officer.email } : {}),
          },
        });
      }
      break;
    }
    case 'person':
      found.push({
        id: `subscription:${subscription.id}`,
        name: spec.name,
        language: spec.language,
        addresses: {
          ...(spec.phone ? { sms: spec.phone } : {}),
          ...(spec.email ? { email: spec.email } : {}),
        },
      });
      break;
    case 'webhook':
      found.push({
        id: `webhook:${subscription.id}`,
        name: subscription.description || spec.url,
        language: 'en',
        addresses: { webhook: spec.url },
      });
      break;
  }
  const byId = new Map<string, Recipient>();
  for (const recipient of found) if (!byId.has(recipient.id)) byId.set(recipient.id, recipient);
  return [...byId.values()];
}
