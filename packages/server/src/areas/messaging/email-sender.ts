/**
 * The email sender (an internal event source), run with the delivery worker when SMTP is configured: it
 * mails each queued email once and logs it as a `SentNotificationRecord` (`sent_notification_record.created`,
 * `delivery_status` `sent` or `failed`). An email is claimed by one guarded UPDATE before it is mailed, so
 * two senders never mail it at once. A claim without an outcome (the process stopped mid-send) goes stale
 * after CLAIM_MS and the email is taken again: at least once, as webhooks are. A failed send is logged,
 * not retried.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Outbox } from '../../events/outbox.js';
import type { Store } from '../../store/open-store.js';
import type { Database } from '../../store/schema.js';
import { runUnitOfWork } from '../../store/unit-of-work.js';
import { updateRow, type Registry, type StoredRow, type Work } from '../../registry/index.js';
import { recordSentNotification } from './internal-notification-records.js';
import { startPoller } from './poller.js';
import { QueuedEmail, type MessagingTables } from './resources.js';

export interface EmailSenderDeps {
  store: Store;
  outbox: Outbox;
  registry: Registry;
  logger: { error(obj: object, msg: string): void };
}

export interface Mailer {
  transport: Pick<Transporter, 'sendMail'>;
  from: string;
}

const database = (db: unknown) => db as Kysely<Database & MessagingTables>;

/** Far longer than a send may take (SMTP timeouts are at most 30 s), so a live claim is never taken over. */
const CLAIM_MS = 5 * 60_000;

/** Not yet mailed nor failed, and not claimed by a sender that may still be mailing it. */
function takeable(now: number) {
  const staleBefore = new Date(now - CLAIM_MS).toISOString();
  return (eb: ExpressionBuilder<Database & MessagingTables, 'queued_emails'>) =>
    eb.and([
      eb('sent_at', 'is', null),
      eb('error', 'is', null),
      eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', staleBefore)]),
    ]);
}

/** Takes the email for this sender; false when another already did. */
async function claim(deps: EmailSenderDeps, id: number): Promise<StoredRow | undefined> {
  return runUnitOfWork(deps.store, async (uow) => {
    const db = database(uow.db);
    const claimed = await db
      .updateTable('queued_emails')
      .set({ claimed_at: new Date(uow.now).toISOString() })
      .where('id', '=', id)
      .where(takeable(uow.now))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return undefined;
    return (await db.selectFrom('queued_emails').selectAll().where('id', '=', id).executeTakeFirst()) as
      StoredRow | undefined;
  });
}

/** Records the outcome on the email and logs it as a sent notification of its user. */
async function recordOutcome(deps: EmailSenderDeps, email: StoredRow, error: string | null): Promise<void> {
  await runUnitOfWork(deps.store, async (uow) => {
    const work: Work = {
      uow,
      db: uow.db,
      outbox: deps.outbox,
      caller: { userId: Number(email.sender_id ?? email.user_id), organizationId: email.organization_id },
      scope: [email.organization_id],
      registry: deps.registry,
    };
    const record = await recordSentNotification(work, Number(email.user_id), {
      category: 'email',
      delivery_status: error === null ? 'sent' : 'failed',
      notification_type: typeof email.notification_type === 'string' ? email.notification_type : null,
      notification_description: String(email.subject),
    });
    await updateRow(work, QueuedEmail, email, {
      sent_at: error === null ? new Date(uow.now).toISOString() : null,
      error,
      sent_notification_record_id: record.id,
    });
  });
}

/** Mails every queued email not yet taken; returns how many this pass mailed. */
export async function sendQueuedEmails(deps: EmailSenderDeps, mailer: Mailer, batch = 50): Promise<number> {
  const waiting = await database(deps.store.db)
    .selectFrom('queued_emails')
    .select('id')
    .where(takeable(Date.now()))
    .orderBy('id')
    .limit(batch)
    .execute();
  let sent = 0;
  for (const { id } of waiting) {
    const email = await claim(deps, Number(id));
    if (!email) continue;
    let error: string | null = null;
    try {
      await mailer.transport.sendMail({
        from: mailer.from,
        to: String(email.recipient),
        subject: String(email.subject),
        text: String(email.body),
      });
      sent += 1;
    } catch (cause) {
      error = `not sent: ${cause instanceof Error ? cause.message : String(cause)}`;
    }
    await recordOutcome(deps, email, error);
  }
  return sent;
}

export interface EmailSender {
  /** One pass over the queue (the loop runs these); resolves with how many it mailed. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/** Mails the queue every `pollIntervalMs` through the SMTP server at `smtpUrl` until stopped. */
export function startEmailSender(
  deps: EmailSenderDeps,
  options: { smtpUrl: string; from: string; pollIntervalMs?: number },
): EmailSender {
  // Short SMTP timeouts, as the webhook notifier has: a dead mail server must not hold up shutdown.
  const transport = nodemailer.createTransport(
    new SMTPTransport({
      url: options.smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    }),
  );
  const mailer: Mailer = { transport, from: options.from };
  const poller = startPoller(() => sendQueuedEmails(deps, mailer), {
    intervalMs: options.pollIntervalMs ?? 1000,
    logger: deps.logger,
    failure: 'queued email pass failed',
  });
  return {
    tick: poller.tick,
    async stop() {
      await poller.stop();
      transport.close();
    },
  };
}
