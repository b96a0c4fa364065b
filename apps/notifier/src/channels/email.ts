import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationDelivery } from '@vesselwatch/store';
import {
  idempotencyKey,
  sendFailed,
  sendRejected,
  type ChannelSender,
  type SendReceipt,
} from './channel-sender';

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  user: string | null;
  password: string | null;
  /** The From address, e.g. "VesselWatch <alerts@example.org>". */
  from: string;
  timeoutMs: number;
}

/**
 * E-mail through an SMTP server (nodemailer). The Message-ID is derived from the delivery's dedup key
 * (`<vw-...@domain of From>`), so a message sent twice after a crash carries the same Message-ID and mail
 * systems and readers can fold the copies.
 */
export class SmtpSender implements ChannelSender {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly config: SmtpConfig) {
    this.transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
    });
    const match = /@([^>\s]+)>?\s*$/.exec(config.from);
    this.domain = match?.[1] ?? 'vesselwatch';
  }

  async send(delivery: NotificationDelivery): Promise<SendReceipt> {
    if (!delivery.address) throw sendRejected('email', `delivery ${delivery.id} has no e-mail address`);
    const messageId = `<${idempotencyKey(delivery.dedupKey)}@${this.domain}>`;
    try {
      await this.transport.sendMail({
        from: this.config.from,
        to: delivery.address,
        subject: delivery.subject,
        text: delivery.body,
        messageId,
        headers: { 'X-VesselWatch-Delivery': idempotencyKey(delivery.dedupKey) },
      });
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      const detail = `SMTP: ${error instanceof Error ? error.message : String(error)}`;
      // 5xx is the server's final no; 4xx and connection failures may pass.
      if (typeof code === 'number' && code >= 500) throw sendRejected('email', detail, error);
      throw sendFailed('email', detail, error);
    }
    return { providerMessageId: messageId };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
