/**
 * A webhook's `max_per_second`: one schedule shared by every worker, `webhooks.rate_next_slot_at`, the time
 * the next send to it may start. A claim hands out consecutive slots 1/max_per_second apart from there and
 * moves the schedule past the last one it took, inside its transaction (SQLite serialises writers; on
 * PostgreSQL the claim locks the webhook row first), so no two sends anywhere share a slot and no second
 * holds more than max_per_second slots. A send waits in its worker until its slot. On PostgreSQL the schedule
 * runs on the database's clock (the claim passes it as `now` and maps send times back to the worker's), so a
 * worker whose clock is off neither pushes the schedule away nor sends ahead of it.
 *
 * Slots are given out at most SLOT_HORIZON_MS ahead, so a claimed send waits at most that long. The rest of
 * the backlog is parked (`next_attempt_at` moved to when its slot would come within reach): a backlog is
 * spread over time instead of sent in a burst, and the claim stops walking over it meanwhile.
 */

import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Parking } from './parking.js';

/** How far ahead a claim hands out slots. */
export const SLOT_HORIZON_MS = 1000;

export interface SlotPlan {
  /** Send times of the deliveries taken now, in order: the first `sendAt.length` of those offered. */
  sendAt: number[];
  /** For each delivery not taken whose slot lies beyond the horizon: when to look at it again. */
  parkUntil: Array<{ index: number; until: number }>;
  /** The schedule after the slots taken. */
  nextSlotAt: number;
}

/**
 * Slots for up to `room` of `offered` deliveries (in claim order). Deliveries past `room` are given the slots
 * they would get next, only to park those beyond the horizon; ones within it stay due for the next turn.
 */
export function planSlots(
  offered: number,
  room: number,
  maxPerSecond: number,
  nextSlotAt: number | null,
  now: number,
): SlotPlan {
  const interval = 1000 / maxPerSecond;
  const start = Math.max(nextSlotAt ?? now, now);
  const sendAt: number[] = [];
  const parkUntil: SlotPlan['parkUntil'] = [];
  for (let index = 0; index < offered; index++) {
    const slot = start + index * interval;
    const reachable = slot <= now + SLOT_HORIZON_MS;
    if (reachable && index < room) sendAt.push(slot);
    else if (!reachable) parkUntil.push({ index, until: Math.ceil(slot - SLOT_HORIZON_MS) });
  }
  return { sendAt, parkUntil, nextSlotAt: start + sendAt.length * interval };
}

/** A rate-limited webhook's schedule as the claim read it (on PostgreSQL, under the row's lock). */
export interface Schedule {
  maxPerSecond: number;
  nextSlotAt: number | null;
}

export interface SlottedClaim {
  take: Array<{ id: number; sendAt: number }>;
  park: Parking[];
  schedules: Array<{ webhookId: number; nextSlotAt: number }>;
}

/**
 * Slots for the due rows of rate-limited webhooks (ids per webhook, in claim order), within each webhook's
 * room here and the claim's remaining limit. A webhook without a schedule (locked by another worker's claim)
 * gets nothing this turn. `inFlight` is updated with what is taken.
 */
export function slotLimited(
  limited: ReadonlyMap<number, number[]>,
  schedules: ReadonlyMap<number, Schedule>,
  inFlight: Map<number, number>,
  remaining: number,
  limits: { limitOf: (webhookId: number) => number; now: number },
): SlottedClaim {
  const result: SlottedClaim = { take: [], park: [], schedules: [] };
  for (const [webhookId, ids] of limited) {
    const schedule = schedules.get(webhookId);
    if (!schedule) continue;
    const count = inFlight.get(webhookId) ?? 0;
    const room = Math.max(0, Math.min(limits.limitOf(webhookId) - count, remaining));
    const plan = planSlots(ids.length, room, schedule.maxPerSecond, schedule.nextSlotAt, limits.now);
    plan.sendAt.forEach((sendAt, index) => result.take.push({ id: ids[index]!, sendAt }));
    for (const { index, until } of plan.parkUntil) result.park.push({ id: ids[index]!, until });
    if (plan.sendAt.length > 0) {
      remaining -= plan.sendAt.length;
      inFlight.set(webhookId, count + plan.sendAt.length);
      result.schedules.push({ webhookId, nextSlotAt: plan.nextSlotAt });
    }
  }
  return result;
}

export async function saveSchedules(
  db: Kysely<Database>,
  schedules: SlottedClaim['schedules'],
): Promise<void> {
  for (const { webhookId, nextSlotAt } of schedules) {
    await db
      .updateTable('webhooks')
      .set({ rate_next_slot_at: nextSlotAt })
      .where('id', '=', webhookId)
      .execute();
  }
}
