import { describe, expect, it } from 'vitest';
import {
  createDeduplicator,
  deliveryIdFrom,
  MemoryDeliveryStore,
  type HasAddDeliveryStore,
} from '../src/index.js';

describe('MemoryDeliveryStore', () => {
  it('keeps an id for ttlMs on its clock', () => {
    let now = 1_000;
    const store = new MemoryDeliveryStore({ ttlMs: 500, now: () => now });
    expect(store.seen('a')).toBe(false);
    expect(store.seen('a')).toBe(true);
    now = 1_499;
    expect(store.has('a')).toBe(true);
    now = 1_500;
    expect(store.has('a')).toBe(false);
    expect(store.seen('a')).toBe(false);
  });

  it('evicts the least recently used id beyond maxSize', () => {
    const store = new MemoryDeliveryStore({ maxSize: 2 });
    store.add('a');
    store.add('b');
    expect(store.has('a')).toBe(true); // a is now more recent than b
    store.add('c');
    expect(store.size).toBe(2);
    expect(store.has('b')).toBe(false);
    expect(store.has('a')).toBe(true);
    expect(store.has('c')).toBe(true);
  });

  it('refuses sizes that cannot work', () => {
    expect(() => new MemoryDeliveryStore({ maxSize: 0 })).toThrow(RangeError);
    expect(() => new MemoryDeliveryStore({ ttlMs: 0 })).toThrow(RangeError);
  });
});

describe('createDeduplicator', () => {
  it('runs a delivery id once, and again after its handler failed', async () => {
    const dedup = createDeduplicator();
    const calls: string[] = [];
    await expect(
      dedup.once('d1', () => {
        calls.push('fail');
        throw new Error('handler down');
      }),
    ).rejects.toThrow('handler down');
    expect(await dedup.once('d1', () => calls.push('ok'))).toBe(true);
    expect(await dedup.once('d1', () => calls.push('again'))).toBe(false);
    expect(await dedup.once(undefined, () => calls.push('no id'))).toBe(true);
    expect(await dedup.once(undefined, () => calls.push('no id'))).toBe(true);
    expect(calls).toEqual(['fail', 'ok', 'no id', 'no id']);
  });

  it('works with an async has/add store, recording only successes', async () => {
    const ids = new Set<string>();
    const store: HasAddDeliveryStore = {
      has: async (id) => ids.has(id),
      add: async (id) => void ids.add(id),
    };
    const dedup = createDeduplicator(store);
    await expect(dedup.once('d1', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(ids.size).toBe(0);
    expect(await dedup.once('d1', async () => undefined)).toBe(true);
    expect(await dedup.once('d1', async () => undefined)).toBe(false);
    expect([...ids]).toEqual(['d1']);
  });

  it('reads the id from X-Carehooks-Delivery in any case', () => {
    expect(deliveryIdFrom({ 'x-carehooks-delivery': ' 42 ' })).toBe('42');
    expect(deliveryIdFrom(new Headers({ 'X-Carehooks-Delivery': '43' }))).toBe('43');
    expect(deliveryIdFrom({})).toBeUndefined();
  });
});
