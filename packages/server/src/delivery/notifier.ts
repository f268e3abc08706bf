/**
 * Emails to an organization's owner about a failing or disabled webhook. Each notification is written to
 * the `notifications` table in the same transaction as the state change that caused it, then mailed after
 * commit; the row records when it was sent or why not. Without SMTP the message goes to the log instead.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/schema.js';

export type NotificationKind = 'webhook_failing' | 'webhook_disabled';

export interface PendingNotification {
  id: number;
  kind: NotificationKind;
  organizationId: number;
  webhookId: number;
  recipient: string | null;
  subject: string;
  body: string;
}

export interface WebhookSummary {
  id: number;
  organizationId: number;
  url: string;
}

export interface LastFailure {
  status: number | null;
  error: string | null;
}

export type DisableReason = 'gone' | 'exhausted';

/** Writes a notification row for the organization's owner; mailing happens after commit. */
export async function queueNotification(
  db: Kysely<Database>,
  now: number,
  kind: NotificationKind,
  webhook: WebhookSummary,
  message: { subject: string; body: string },
): Promise<PendingNotification> {
  const owner = await db
    .selectFrom('organizations as o')
    .leftJoin('users as u', 'u.id', 'o.owner_user_id')
    .select('u.email')
    .where('o.id', '=', webhook.organizationId)
    .executeTakeFirst();
  const recipient = owner?.email ?? null;
  const row = await db
    .insertInto('notifications')
    .values({
      organization_id: webhook.organizationId,
      webhook_id: webhook.id,
      kind,
      recipient,
      subject: message.subject,
      body: message.body,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    kind,
    organizationId: webhook.organizationId,
    webhookId: webhook.id,
    recipient,
    ...message,
  };
}

export function failingMessage(
  webhook: WebhookSummary,
  failingSince: number,
  warnAfterMs: number,
  last: LastFailure,
): { subject: string; body: string } {
  return {
    subject: `carehooks: webhook ${webhook.url} has been failing for ${formatDuration(warnAfterMs)}`,
    body: [
      `Deliveries to webhook ${webhook.id} (${webhook.url}) have failed continuously since ` +
        `${new Date(failingSince).toISOString()}.`,
      `Last attempt: ${describeFailure(last)}.`,
      'carehooks keeps retrying; if the endpoint does not recover before the retries run out, the webhook ' +
        'will be disabled and you will get another email.',
    ].join('\n\n'),
  };
}

export function disabledMessage(
  webhook: WebhookSummary,
  reason: DisableReason,
  attempts: number,
  last: LastFailure,
): { subject: string; body: string } {
  const why =
    reason === 'gone'
      ? 'the endpoint answered 410 Gone'
      : `retries were exhausted after ${attempts} attempts`;
  return {
    subject: `carehooks: webhook ${webhook.url} was disabled because ${why}`,
    body: [
      `Webhook ${webhook.id} (${webhook.url}) was disabled because ${why}.`,
      `Last attempt: ${describeFailure(last)}.`,
      'Its pending deliveries were cancelled. Fix the endpoint, then enable the webhook again with ' +
        'updateWebhook (is_enabled: true).',
    ].join('\n\n'),
  };
}

/** A status that came before the exchange broke (a truncated 200) is no success: say both. */
function describeFailure(last: LastFailure): string {
  if (last.status === null) return last.error ?? 'no response';
  return last.error === null ? `HTTP ${last.status}` : `HTTP ${last.status}, then ${last.error}`;
}

/** `24 hours`, `90 minutes`, `300 ms`: the largest unit that divides the duration evenly. */
export function formatDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const count = ms / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

export interface NotifierOptions {
  db: Kysely<Database>;
  logger: Logger;
  smtpUrl?: string | undefined;
  from: string;
}

export interface Notifier {
  /** Mails committed notifications in the background and records the outcome on each row. */
  send(notifications: readonly PendingNotification[]): void;
  /** Waits for mails under way, then closes the SMTP connection. */
  close(): Promise<void>;
}

export function createNotifier({ db, logger, smtpUrl, from }: NotifierOptions): Notifier {
  // Short SMTP timeouts: nodemailer's defaults (minutes) would hold up shutdown behind a dead mail server.
  const transport: Transporter | null = smtpUrl
    ? nodemailer.createTransport(
        new SMTPTransport({
          url: smtpUrl,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        }),
      )
    : null;
  const underway = new Set<Promise<void>>();

  async function deliver(notification: PendingNotification): Promise<void> {
    let sentAt: number | null = null;
    let error: string | null = null;
    if (!notification.recipient) {
      error = 'not sent: the organization has no owner with an email address';
    } else if (!transport) {
      error = 'not sent: no SMTP server is configured (CAREHOOKS_SMTP_URL)';
    } else {
      try {
        await transport.sendMail({
          from,
          to: notification.recipient,
          subject: notification.subject,
          text: notification.body,
        });
        sentAt = Date.now();
      } catch (cause) {
        error = `not sent: ${cause instanceof Error ? cause.message : String(cause)}`;
      }
    }
    if (error !== null) {
      logger.warn(
        {
          notification: {
            kind: notification.kind,
            organizationId: notification.organizationId,
            webhookId: notification.webhookId,
            recipient: notification.recipient,
            subject: notification.subject,
            body: notification.body,
          },
          reason: error,
        },
        'webhook notification kept in the notifications table only',
      );
    }
    await db
      .updateTable('notifications')
      .set({ sent_at: sentAt, error })
      .where('id', '=', notification.id)
      .execute();
  }

  return {
    send(notifications) {
      for (const notification of notifications) {
        const task = deliver(notification).catch((cause: unknown) =>
          logger.error({ err: cause, notificationId: notification.id }, 'recording a notification failed'),
        );
        underway.add(task);
        void task.finally(() => underway.delete(task));
      }
    },
    async close() {
      await Promise.all(underway);
      transport?.close();
    },
  };
}
