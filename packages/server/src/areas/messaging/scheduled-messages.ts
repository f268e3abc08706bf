/**
 * Scheduled messages (Healthie's message blasts): `createMessageBlast` with `scheduled_at` stores a
 * `NoteScheduler` and its due time; the scheduler, polled by the worker role, sends each due one exactly
 * once. The claim is one guarded UPDATE (`sent_at is null`) in the same transaction as the
 * `scheduled_message.sent` event, so a restart, a second worker or a retried tick can never send it again.
 */
import type { Kysely } from 'kysely';
import type { Outbox } from '../../events/outbox.js';
import type { Store } from '../../store/open-store.js';
import { runUnitOfWork } from '../../store/unit-of-work.js';
import {
  emitFor,
  fail,
  findRow,
  insertRow,
  parseId,
  type Registry,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';

const ZONELESS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/** The due instant as ISO-8601 UTC, which sorts as it compares; a time without zone is read as UTC. */
export function dueInstant(raw: unknown, now: number): string {
  if (raw === undefined || raw === null || raw === '') return new Date(now).toISOString();
  const text = String(raw).trim();
  const zoneless = ZONELESS.exec(text);
  const millis = Date.parse(zoneless ? `${zoneless[1]}T${zoneless[2]}Z` : text);
  if (typeof raw !== 'string' || Number.isNaN(millis) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    fail('scheduled_at', 'Scheduled at must be a date and time, e.g. 2026-12-01 09:30 or ISO 8601');
  }
  return new Date(millis).toISOString();
}

function recipientIds(input: Record<string, unknown>): unknown[] {
  const listed = typeof input.simple_added_users === 'string' ? input.simple_added_users.split(',') : [];
  const all = [...listed, ...(input.patient_id == null ? [] : [input.patient_id])];
  return all.map((s) => (typeof s === 'string' ? s.trim() : s)).filter((s) => s !== '');
}

async function recipients(work: Work, input: Record<string, unknown>): Promise<string[]> {
  const User = work.registry.get('User');
  const ids: string[] = [];
  for (const raw of recipientIds(input)) {
    const id = parseId(raw);
    const user = id === null ? undefined : await findRow(work, User, id);
    if (!user) fail('simple_added_users', `User ${String(raw)} was not found`);
    if (!ids.includes(String(user.id))) ids.push(String(user.id));
  }
  if (ids.length === 0) fail('simple_added_users', 'Simple added users must name at least one recipient');
  return ids;
}

/** Healthie's `createMessageBlast`, which queues a message to many recipients for `scheduled_at`. */
export const createMessageBlast: SpecialMutation = {
  name: 'createMessageBlast',
  input: 'createMessageBlastInput',
  inputFields: {
    dietitian_id: 'String',
    name: 'String',
    note: 'NoteInput',
    patient_id: 'String',
    scheduled_at: 'String',
    select_all_status: 'String',
    simple_added_users: 'String',
  },
  payload: 'createMessageBlastPayload',
  returns: { message: 'String', noteScheduler: 'NoteScheduler' },
  async run(work, input) {
    const note = input.note as { content?: unknown } | null | undefined;
    const content = typeof note?.content === 'string' ? note.content.trim() : '';
    if (content === '') fail('note.content', 'Note content is required');
    let senderId = work.caller.userId;
    if (input.dietitian_id != null && input.dietitian_id !== '') {
      const id = parseId(input.dietitian_id);
      const sender = id === null ? undefined : await findRow(work, work.registry.get('User'), id);
      if (!sender) fail('dietitian_id', `User ${String(input.dietitian_id)} was not found`);
      senderId = sender.id;
    }
    const participants = await recipients(work, input);
    const sendAt = dueInstant(input.scheduled_at, work.uow.now);
    const scheduler = await insertRow(work, work.registry.get('NoteScheduler'), {
      user_id: senderId,
      note_content: content,
      participant_ids: JSON.stringify(participants),
    });
    await insertRow(work, work.registry.get('MessageSchedule'), {
      note_scheduler_id: scheduler.id,
      send_at: sendAt,
    });
    return { message: `Message scheduled for ${sendAt}`, noteScheduler: scheduler };
  },
};

/** `NoteScheduler.scheduled_at` / `sent_at`, read from the schedule row. */
export async function scheduleOf(
  row: StoredRow,
  reader: { db: Kysely<any> }, // eslint-disable-line @typescript-eslint/no-explicit-any -- registry table
): Promise<{ send_at: string; sent_at: string | null } | undefined> {
  return reader.db
    .selectFrom('message_schedules')
    .select(['send_at', 'sent_at'])
    .where('note_scheduler_id', '=', row.id)
    .executeTakeFirst();
}

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
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
  const db = deps.store.db as unknown as Kysely<any>;
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
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
    const db = uow.db as unknown as Kysely<any>;
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
    const NoteScheduler = deps.registry.get('NoteScheduler');
    const scheduler = (await db
      .selectFrom(NoteScheduler.table)
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
  const interval = options.pollIntervalMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> = Promise.resolve(0);
  let stopped = false;
  const tick = () => (running = running.catch(() => 0).then(() => sendDueMessages(deps)));
  const loop = () => {
    if (stopped) return;
    tick()
      .catch((error: unknown) => {
        deps.logger.error({ err: error }, 'scheduled message pass failed');
        return 0;
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, interval);
      });
  };
  timer = setTimeout(loop, 0);
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => 0);
    },
  };
}
