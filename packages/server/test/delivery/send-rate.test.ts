/** The rate limit's slot planning (delivery/send-rate.ts): spacing, horizon, room and where parking goes. */
import { describe, expect, it } from 'vitest';
import { planSlots, SLOT_HORIZON_MS } from '../../src/delivery/send-rate.js';

const NOW = 1_000_000;

describe('planSlots', () => {
  it('hands out slots 1/max_per_second apart, up to the horizon, and parks the rest until theirs nears', () => {
    const plan = planSlots(12, 16, 5, null, NOW);
    // now, +200, …, +1000: the horizon is inclusive, so six slots span exactly one second.
    expect(plan.sendAt).toEqual([0, 200, 400, 600, 800, 1000].map((ms) => NOW + ms));
    expect(plan.nextSlotAt).toBe(NOW + 1200);
    expect(plan.parkUntil).toEqual(
      [6, 7, 8, 9, 10, 11].map((index) => ({ index, until: NOW + index * 200 - SLOT_HORIZON_MS })),
    );
  });

  it('continues the shared schedule another claim left ahead of now', () => {
    const plan = planSlots(3, 16, 10, NOW + 950, NOW);
    expect(plan.sendAt).toEqual([NOW + 950]);
    expect(plan.nextSlotAt).toBe(NOW + 1050);
    expect(plan.parkUntil).toEqual([
      { index: 1, until: NOW + 50 },
      { index: 2, until: NOW + 150 },
    ]);
  });

  it('starts from now when the schedule lies in the past, and takes no more than the room', () => {
    const plan = planSlots(5, 2, 1000, NOW - 60_000, NOW);
    expect(plan.sendAt).toEqual([NOW, NOW + 1]);
    expect(plan.nextSlotAt).toBe(NOW + 2);
    // Within reach but over the room: left due for the next turn rather than parked.
    expect(plan.parkUntil).toEqual([]);
  });

  it('takes nothing and keeps the schedule when the next slot is beyond the horizon', () => {
    const plan = planSlots(2, 16, 1, NOW + SLOT_HORIZON_MS + 1, NOW);
    expect(plan.sendAt).toEqual([]);
    expect(plan.nextSlotAt).toBe(NOW + SLOT_HORIZON_MS + 1);
    expect(plan.parkUntil.map((p) => p.until)).toEqual([NOW + 1, NOW + 1001]);
  });
});
