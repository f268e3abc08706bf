/**
 * The message scheduler (an internal event source), polled by the worker role: it sends each due
 * `NoteScheduler` exactly once (see ./message-blasts.ts for how they are queued). The claim is one guarded
 * UPDATE (`sent_at is null`) in the same transaction as the `scheduled_message.sent` event, so a restart, a
 * second worker or a retried tick can never send it again. It imports no other area, so the face
 * (./index.ts) can offer it to the application.
 */
import type { Kysely } from 'kysely';
import type { Outbox } from '../../events/outbox.js';
import type { Store } from '../../store/open-store.js';
import type { Database } from '../../store/schema.js';
import { runUnitOfWork } from '../../store/unit-of-work.js';
import { emitFor, type Registry, type StoredRow, type Work } from '../../registry/index.js';
import { startPoller } from './poller.js';
import { NoteScheduler, type MessagingTables } from './resources.js';

export interface SchedulerDeps {
  store: Store;
  outbox: Outbox;
  registry: Registry;
}

/**
 * Sends every message due at `now`; returns how many this call sent. Each message is claimed and
 * announced in its own unit of work, so one failure does not hold back the others.
 */
export async function sendDueMessages(deps: SchedulerDeps, now = Date.now(), batch = 100): Promise<number> {
  const db = deps.store.db as unknown as Kysely<Database & MessagingTables>;
  const due = (await db
    .selectFrom('message_schedules')
    .select(['id'])
    .where('sent_at', 'is', null)
    .where('send_at', '<=', new Date(now).toISOString())
    .orderBy('send_at')
    .orderBy('id')
    .limit(batch)
    .execute()) as Array<{ id: number }>;
  let sent = 0;
  for (const { id } of due) {
    if (await sendOne(deps, Number(id))) sent += 1;
  }
  return sent;
}

async function sendOne(deps: SchedulerDeps, scheduleId: number): Promise<boolean> {
  return runUnitOfWork(deps.store, async (uow) => {
    const db = uow.db as unknown as Kysely<Database & MessagingTables>;
    const claimed = await db
      .updateTable('message_schedules')
      .set({ sent_at: new Date(uow.now).toISOString(), updated_at: uow.now })
      .where('id', '=', scheduleId)
      .where('sent_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    const schedule = await db
      .selectFrom('message_schedules')
      .select('note_scheduler_id')
      .where('id', '=', scheduleId)
      .executeTakeFirstOrThrow();
    const scheduler = (await db
      .selectFrom('note_schedulers')
      .selectAll()
      .where('id', '=', schedule.note_scheduler_id)
      .executeTakeFirst()) as StoredRow | undefined;
    if (!scheduler) return false;
    const work: Work = {
      uow,
      db,
      outbox: deps.outbox,
      caller: { userId: Number(scheduler.user_id ?? 0), organizationId: scheduler.organization_id },
      scope: [scheduler.organization_id],
      registry: deps.registry,
    };
    await emitFor(work, NoteScheduler, 'sent', scheduler);
    return true;
  });
}

export interface MessageScheduler {
  /** One pass over the due messages (the loop runs these); resolves with how many it sent. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/** Polls for due messages every `pollIntervalMs` until stopped; a failed pass is logged and retried. */
export function startMessageScheduler(
  deps: SchedulerDeps & { logger: { error(obj: object, msg: string): void } },
  options: { pollIntervalMs?: number } = {},
): MessageScheduler {
  return startPoller(() => sendDueMessages(deps), {
    intervalMs: options.pollIntervalMs ?? 1000,
    logger: deps.logger,
    failure: 'scheduled message pass failed',
  });
}
