import { DELIVERY_ID_HEADER, STANDARD_ID_HEADER, type SignatureScheme } from '@carehooks/catalog/wire';
import { headerValue, type HeadersInput } from './headers.js';

/**
 * The delivery id of a request (`X-Carehooks-Delivery`, or `webhook-id` for the Standard Webhooks scheme),
 * or `undefined` when the sender did not send one.
 */
export function deliveryIdFrom(
  headers: HeadersInput,
  scheme: SignatureScheme = 'healthie',
): string | undefined {
  const name = scheme === 'standard_webhooks' ? STANDARD_ID_HEADER : DELIVERY_ID_HEADER;
  const id = headerValue(headers, name)?.trim();
  return id === '' ? undefined : id;
}

/** A store that answers and records separately; an id is recorded only once its handler succeeded. */
export interface HasAddDeliveryStore {
  has(id: string): boolean | Promise<boolean>;
  add(id: string): void | Promise<void>;
}

/**
 * A store with an atomic check-and-record (like Redis `SET NX`): `seen` records the id and resolves whether
 * it was there already. Give it `forget` so that a delivery whose handler failed is handled when retried.
 */
export interface SeenDeliveryStore {
  seen(id: string): boolean | Promise<boolean>;
  forget?(id: string): void | Promise<void>;
}

export type DeliveryStore = HasAddDeliveryStore | SeenDeliveryStore;

export interface Deduplicator {
  /**
   * Runs `handle` unless a delivery with this id was handled already, and resolves whether it ran. Without an
   * id it always runs. When `handle` throws, the id is not kept, so the sender's retry is handled.
   */
  once(deliveryId: string | undefined, handle: () => unknown): Promise<boolean>;
}

export function createDeduplicator(store: DeliveryStore = new MemoryDeliveryStore()): Deduplicator {
  return {
    async once(deliveryId, handle) {
      if (deliveryId === undefined) {
        await handle();
        return true;
      }
      if ('seen' in store) {
        if (await store.seen(deliveryId)) return false;
        try {
          await handle();
        } catch (error) {
          await store.forget?.(deliveryId);
          throw error;
        }
        return true;
      }
      if (await store.has(deliveryId)) return false;
      await handle();
      await store.add(deliveryId);
      return true;
    },
  };
}

export interface MemoryDeliveryStoreOptions {
  /** Ids kept at most; the least recently seen go first. Default 10,000. */
  maxSize?: number;
  /** How long an id is kept. Default three days, the sender's retry window. */
  ttlMs?: number;
  /** The clock, in ms since the epoch. */
  now?: () => number;
}

const THREE_DAYS_MS = 3 * 24 * 60 * 60 * 1000;

/** The default store: in this process only, least recently used ids evicted beyond `maxSize`, each kept `ttlMs`. */
export class MemoryDeliveryStore implements HasAddDeliveryStore, SeenDeliveryStore {
  readonly #expiresAt = new Map<string, number>();
  readonly #maxSize: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor({ maxSize = 10_000, ttlMs = THREE_DAYS_MS, now = Date.now }: MemoryDeliveryStoreOptions = {}) {
    if (!Number.isInteger(maxSize) || maxSize < 1)
      throw new RangeError(`maxSize must be a positive integer, got ${maxSize}`);
    if (!(ttlMs > 0)) throw new RangeError(`ttlMs must be positive, got ${ttlMs}`);
    this.#maxSize = maxSize;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  get size(): number {
    return this.#expiresAt.size;
  }

  has(id: string): boolean {
    const expiresAt = this.#expiresAt.get(id);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.#now()) {
      this.#expiresAt.delete(id);
      return false;
    }
    // Map order is the recency order: move the id to the end.
    this.#expiresAt.delete(id);
    this.#expiresAt.set(id, expiresAt);
    return true;
  }

  add(id: string): void {
    this.#expiresAt.delete(id);
    this.#expiresAt.set(id, this.#now() + this.#ttlMs);
    for (const oldest of this.#expiresAt.keys()) {
      if (this.#expiresAt.size <= this.#maxSize) break;
      this.#expiresAt.delete(oldest);
    }
  }

  seen(id: string): boolean {
    if (this.has(id)) return true;
    this.add(id);
    return false;
  }

  forget(id: string): void {
    this.#expiresAt.delete(id);
  }
}
