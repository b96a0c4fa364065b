import type { Migration } from './migration';

/*
 * Never edit this SQL after release: applied databases keep its checksum. The same on TimescaleDB and on
 * plain PostgreSQL.
 *
 * What the notifier (apps/notifier, docs/notifications.md) needs for "one message per alert transition per
 * recipient and channel, across crashes":
 * - notification_subscriptions and notification_escalation_policies: data (packages/notify schemas as jsonb),
 *   seeded with the default policy below; operators change them with `vesselwatch subscriptions`;
 * - notification_deliveries: the outbox. The consumer of vms.alerts inserts a batch's deliveries in ONE
 *   transaction, unique on dedup_key (alert event key + recipient + channel) with ON CONFLICT DO NOTHING,
 *   and only then commits its offsets; senders claim due rows (status pending/failed, or a sending row whose
 *   claim expired), send, and mark them sent. Rows with status dead are the dead-letter record;
 *   undeliverable rows record a recipient without an address or a channel that is not configured;
 * - notification_escalations: one timer per alert and escalation policy (the first event starts it);
 * - notification_rejected_messages: messages on vms.alerts that are not alert events, kept with the reason.
 *
 * Default policy (data, editable): owners, captains and crews get border, zone and weather alerts of their
 * own vessel from warning on by SMS and e-mail; the vessel's terminal gets them from notice on by downlink;
 * port officers get those and signal-loss alerts of their port's fleet from warning on; unacknowledged
 * danger alerts of those types escalate to level 1 after 15 minutes (level-1 subscriptions, e.g. the
 * provincial monitoring centre, are the deployment's to add).
 */
const SQL = `
CREATE TABLE notification_subscriptions (
  id text PRIMARY KEY,
  spec jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE notification_subscriptions IS 'Who gets which alerts on which channels (packages/notify Subscription as jsonb).';

INSERT INTO notification_subscriptions (id, spec) VALUES
  ('default-vessel-contacts', '{"id":"default-vessel-contacts","description":"owner, captain and crew of the vessel: border, zone and weather alerts","recipient":{"kind":"vessel-contacts","roles":["owner","captain","crew"]},"channels":["sms","email"],"alertTypes":["border.approach","border.crossed","zone.violation","weather.warning"],"vesselIds":[],"portIds":[],"minSeverity":"warning","transitions":["opened","updated","resolved"],"quietHours":null,"escalationLevel":0,"enabled":true}'),
  ('default-vessel-terminal', '{"id":"default-vessel-terminal","description":"the vessel''s own terminal: border, zone and weather alerts","recipient":{"kind":"vessel-terminal"},"channels":["downlink"],"alertTypes":["border.approach","border.crossed","zone.violation","weather.warning"],"vesselIds":[],"portIds":[],"minSeverity":"notice","transitions":["opened","updated","resolved"],"quietHours":null,"escalationLevel":0,"enabled":true}'),
  ('default-port-officers', '{"id":"default-port-officers","description":"port officers: alerts of their port''s fleet","recipient":{"kind":"port-officers"},"channels":["sms","email"],"alertTypes":["border.approach","border.crossed","zone.violation","weather.warning","signal.lost"],"vesselIds":[],"portIds":[],"minSeverity":"warning","transitions":["opened","updated","resolved"],"quietHours":null,"escalationLevel":0,"enabled":true}');

CREATE TABLE notification_escalation_policies (
  id text PRIMARY KEY,
  spec jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE notification_escalation_policies IS 'When an unacknowledged alert goes to the next level (packages/notify EscalationPolicy as jsonb).';

INSERT INTO notification_escalation_policies (id, spec) VALUES
  ('default-danger-level-1', '{"id":"default-danger-level-1","description":"danger border, zone and weather alerts nobody acknowledged in 15 minutes","alertTypes":["border.approach","border.crossed","zone.violation","weather.warning"],"minSeverity":"danger","level":1,"afterMinutes":15,"enabled":true}');

CREATE TABLE notification_deliveries (
  id bigserial PRIMARY KEY,
  dedup_key text NOT NULL UNIQUE,
  event_key text NOT NULL,
  alert_id text NOT NULL,
  vessel_id text NOT NULL,
  transition text NOT NULL CHECK (transition IN ('opened', 'updated', 'resolved', 'escalated')),
  escalation_level integer NOT NULL DEFAULT 0 CHECK (escalation_level >= 0),
  subscription_id text NOT NULL,
  recipient_id text NOT NULL,
  recipient_name text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'email', 'webhook', 'downlink')),
  address text,
  language text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'failed', 'sent', 'dead', 'undeliverable')),
  reason text,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz,
  claim_token text,
  claimed_until timestamptz,
  last_error text,
  provider_message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CHECK (status NOT IN ('pending', 'failed') OR next_attempt_at IS NOT NULL),
  CHECK (status <> 'sending' OR (claim_token IS NOT NULL AND claimed_until IS NOT NULL))
);
CREATE INDEX notification_deliveries_alert_idx ON notification_deliveries (alert_id, id);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at)
  WHERE status IN ('pending', 'failed');
CREATE INDEX notification_deliveries_claimed_idx ON notification_deliveries (claimed_until)
  WHERE status = 'sending';
CREATE INDEX notification_deliveries_dead_idx ON notification_deliveries (updated_at) WHERE status = 'dead';
COMMENT ON TABLE notification_deliveries IS 'Notification outbox: one row per alert transition, recipient and channel (unique dedup_key).';

CREATE TABLE notification_escalations (
  alert_id text NOT NULL,
  policy_id text NOT NULL,
  vessel_id text NOT NULL,
  level integer NOT NULL CHECK (level >= 1),
  after_minutes integer NOT NULL CHECK (after_minutes >= 1),
  event jsonb NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('waiting', 'escalated', 'acknowledged', 'resolved')),
  deliveries integer NOT NULL DEFAULT 0,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, policy_id)
);
CREATE INDEX notification_escalations_due_idx ON notification_escalations (due_at) WHERE status = 'waiting';
COMMENT ON TABLE notification_escalations IS 'Escalation timers: one per alert and policy, decided at due_at (acknowledged, resolved or escalated).';

CREATE TABLE notification_rejected_messages (
  topic text NOT NULL,
  partition integer NOT NULL,
  message_offset bigint NOT NULL,
  message_key text NOT NULL,
  value text NOT NULL,
  reason text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition, message_offset)
);
COMMENT ON TABLE notification_rejected_messages IS 'Messages on the alerts topic the notifier could not read as alert events, with the reason.';
`;

export const migration0005Notifications: Migration = {
  id: '0005_notifications',
  description:
    'notification subscriptions and escalation policies (with the default policy), the deliveries outbox, escalation timers, rejected alert messages',
  up: () => SQL,
};
