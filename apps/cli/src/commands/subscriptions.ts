import { readFile } from 'node:fs/promises';
import { VesselWatchError, parseOrThrow } from '@vesselwatch/domain';
import { SubscriptionSchema, type Subscription, type SubscriptionInput } from '@vesselwatch/notify';
import { openStore } from '@vesselwatch/store';
import type { AppConfig } from '../config';

export const SUBSCRIPTIONS_USAGE = `Usage: vesselwatch subscriptions <list|add|remove|deliveries> ...

Who gets which alerts on which channels (docs/notifications.md), in the configured database (DATABASE_URL, or
the embedded one in VW_DATA_DIR: stop \`vesselwatch start\` first, it holds the embedded database).

  vesselwatch subscriptions list [--json]
  vesselwatch subscriptions add --id ID --recipient KIND [recipient options] --channels sms,email
        [--types border.approach,border.crossed] [--vessels V1,V2] [--ports P1,P2] [--min-severity warning]
        [--transitions opened,updated,resolved] [--quiet 22:00-06:00] [--time-zone Asia/Ho_Chi_Minh]
        [--level N] [--description TEXT] [--disabled]
  vesselwatch subscriptions add --json FILE|-      (a whole subscription as JSON; - reads standard input)
  vesselwatch subscriptions remove ID
  vesselwatch subscriptions deliveries ALERT_ID    (what the notifier sent for an alert, as JSON lines)

  --recipient vessel-contacts --roles owner,captain,crew   the alert's vessel's own contacts
  --recipient vessel-terminal                               the alert's vessel's terminal (channel downlink)
  --recipient port-officers                                 port officers of the vessel's home port
  --recipient person --name N [--phone +84...] [--email E] [--language vi|en]
  --recipient webhook --url URL --secret-stdin              the signing secret on standard input
  --level N   0 (default): alerts as they happen; 1, 2, ...: escalations of that level only

Adding an existing id replaces that subscription.`;

const LIST_FLAGS = new Set(['--types', '--vessels', '--ports', '--transitions', '--channels', '--roles']);

function bad(detail: string): VesselWatchError {
  return new VesselWatchError('VW_ERR_CONFIG_INVALID', { detail: `subscriptions: ${detail}` });
}

async function readAll(input: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of input) text += chunk.toString();
  return text;
}

/** Builds a subscription from `add` arguments (flags or --json), validated by the schema. */
export async function parseSubscriptionArgs(
  args: readonly string[],
  stdin: AsyncIterable<Buffer | string>,
): Promise<Subscription> {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--disabled' || arg === '--secret-stdin') {
      switches.add(arg);
      continue;
    }
    if (!arg.startsWith('--')) throw bad(`unexpected argument "${arg}"`);
    const value = args[++i];
    if (value === undefined || (value.startsWith('--') && value !== '-')) throw bad(`${arg} needs a value`);
    flags.set(arg, value);
  }
  if (flags.has('--json')) {
    const source = flags.get('--json')!;
    const text = source === '-' ? await readAll(stdin) : await readFile(source, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw bad(`--json ${source} is not JSON: ${(error as Error).message}`);
    }
    return parseOrThrow(SubscriptionSchema, parsed, 'subscription', 'VW_ERR_CONFIG_INVALID');
  }
  const list = (flag: string) =>
    (flags.get(flag) ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
  const kind = flags.get('--recipient');
  let recipient: Record<string, unknown>;
  switch (kind) {
    case 'vessel-contacts':
      recipient = { kind, roles: flags.has('--roles') ? list('--roles') : ['owner', 'captain', 'crew'] };
      break;
    case 'vessel-terminal':
    case 'port-officers':
      recipient = { kind };
      break;
    case 'person':
      recipient = {
        kind,
        name: flags.get('--name'),
        ...(flags.has('--phone') ? { phone: flags.get('--phone') } : {}),
        ...(flags.has('--email') ? { email: flags.get('--email') } : {}),
        ...(flags.has('--language') ? { language: flags.get('--language') } : {}),
      };
      break;
    case 'webhook': {
      if (!switches.has('--secret-stdin'))
        throw bad('a webhook needs its signing secret on standard input (--secret-stdin)');
      const secret = (await readAll(stdin)).split(/\r?\n/)[0] ?? '';
      recipient = { kind, url: flags.get('--url'), secret };
      break;
    }
    default:
      throw bad('--recipient must be vessel-contacts, vessel-terminal, port-officers, person or webhook');
  }
  const quiet = flags.get('--quiet');
  let quietHours: SubscriptionInput['quietHours'] = null;
  if (quiet !== undefined) {
    const match = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(quiet);
    if (!match) throw bad('--quiet must be HH:MM-HH:MM, e.g. 22:00-06:00');
    quietHours = {
      start: match[1]!,
      end: match[2]!,
      ...(flags.has('--time-zone') ? { timeZone: flags.get('--time-zone')! } : {}),
    };
  }
  for (const flag of flags.keys()) {
    if (
      !LIST_FLAGS.has(flag) &&
      ![
        '--id',
        '--recipient',
        '--name',
        '--phone',
        '--email',
        '--language',
        '--url',
        '--quiet',
        '--time-zone',
        '--level',
        '--min-severity',
        '--description',
      ].includes(flag)
    )
      throw bad(`unknown option ${flag}`);
  }
  const input = {
    id: flags.get('--id'),
    description: flags.get('--description') ?? '',
    recipient,
    channels: list('--channels'),
    alertTypes: list('--types'),
    vesselIds: list('--vessels'),
    portIds: list('--ports'),
    ...(flags.has('--min-severity') ? { minSeverity: flags.get('--min-severity') } : {}),
    ...(flags.has('--transitions') ? { transitions: list('--transitions') } : {}),
    quietHours,
    escalationLevel: flags.has('--level') ? Number(flags.get('--level')) : 0,
    enabled: !switches.has('--disabled'),
  };
  return parseOrThrow(SubscriptionSchema, input, 'subscription', 'VW_ERR_CONFIG_INVALID');
}

/** One line per subscription: what it takes and who gets it; secrets never shown. */
export function describeSubscription(subscription: Subscription): string {
  const r = subscription.recipient;
  const who =
    r.kind === 'vessel-contacts'
      ? `vessel contacts (${r.roles.join(', ')})`
      : r.kind === 'person'
        ? `${r.name} ${[r.phone, r.email].filter(Boolean).join(' ')} [${r.language}]`
        : r.kind === 'webhook'
          ? `webhook ${r.url}`
          : r.kind;
  const scope = [
    subscription.alertTypes.length ? subscription.alertTypes.join(',') : 'all types',
    `>= ${subscription.minSeverity}`,
    subscription.transitions.join('/'),
    subscription.vesselIds.length ? `vessels ${subscription.vesselIds.join(',')}` : null,
    subscription.portIds.length ? `ports ${subscription.portIds.join(',')}` : null,
    subscription.quietHours
      ? `quiet ${subscription.quietHours.start}-${subscription.quietHours.end} ${subscription.quietHours.timeZone}`
      : null,
    subscription.escalationLevel > 0 ? `escalation level ${subscription.escalationLevel}` : null,
  ]
    .filter(Boolean)
    .join('; ');
  return `${subscription.id}${subscription.enabled ? '' : ' (disabled)'}: ${who} by ${subscription.channels.join(',')}: ${scope}`;
}

function withoutSecret(subscription: Subscription): unknown {
  return subscription.recipient.kind === 'webhook'
    ? { ...subscription, recipient: { ...subscription.recipient, secret: '(hidden)' } }
    : subscription;
}

export async function runSubscriptionsCommand(
  config: AppConfig,
  args: readonly string[],
  io: { write: (text: string) => void; stdin: AsyncIterable<Buffer | string> },
): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || !['list', 'add', 'remove', 'deliveries'].includes(sub)) {
    io.write(`${SUBSCRIPTIONS_USAGE}\n`);
    return sub === '--help' ? 0 : 2;
  }
  // Parse before opening the database: a typo costs nothing.
  const added = sub === 'add' ? await parseSubscriptionArgs(rest, io.stdin) : null;
  if ((sub === 'remove' || sub === 'deliveries') && rest.length !== 1) throw bad(`${sub} takes one id`);
  const store = await openStore(config.database);
  try {
    if (sub === 'list') {
      for (const subscription of await store.notifications.subscriptions())
        io.write(
          `${rest.includes('--json') ? JSON.stringify(withoutSecret(subscription)) : describeSubscription(subscription)}\n`,
        );
      return 0;
    }
    if (added) {
      const saved = await store.notifications.saveSubscription(added);
      io.write(`saved ${describeSubscription(saved)}\n`);
      return 0;
    }
    if (sub === 'remove') {
      if (await store.notifications.removeSubscription(rest[0]!)) {
        io.write(`removed ${rest[0]}\n`);
        return 0;
      }
      io.write(`no subscription ${rest[0]}\n`);
      return 1;
    }
    for (const delivery of await store.notificationDeliveries(rest[0]!))
      io.write(`${JSON.stringify(delivery)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
