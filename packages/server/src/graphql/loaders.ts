/**
 * Per-request batch loaders, DataLoader-style: every `load` made while one level of a GraphQL result is
 * being resolved is gathered, and the batch runs once the current promise jobs have settled, so N parent
 * rows cost one query per field instead of N.
 *
 * Loaders belong to one request (they are keyed by the Mercurius context object, which lives exactly as
 * long as the request) and they batch without caching: a key loaded again in a later batch is read again.
 * That keeps reads after a mutation in the same document (mutations run one after another) exactly as
 * fresh as one query per parent was.
 */

/** Reads the values of many keys at once; a key missing from the answer gets the loader's fallback. */
export type BatchRead<K, V> = (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>;

/** At most this many distinct keys go into one batch (one `IN (…)` list); more make further batches. */
export const MAX_BATCH_KEYS = 1000;

interface Pending<V> {
  resolve(value: V): void;
  reject(error: unknown): void;
}

export class BatchLoader<K, V> {
  private queue = new Map<K, Array<Pending<V>>>();

  constructor(
    private readonly read: BatchRead<K, V>,
    private readonly fallback: () => V,
    private readonly maxKeys = MAX_BATCH_KEYS,
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      if (this.queue.size === 0) schedule(() => this.dispatch());
      const waiting = this.queue.get(key);
      if (waiting) waiting.push({ resolve, reject });
      else this.queue.set(key, [{ resolve, reject }]);
    });
  }

  private dispatch(): void {
    const queued = [...this.queue];
    this.queue = new Map();
    for (let start = 0; start < queued.length; start += this.maxKeys) {
      void this.run(queued.slice(start, start + this.maxKeys));
    }
  }

  private async run(batch: Array<[K, Array<Pending<V>>]>): Promise<void> {
    try {
      const values = await this.read(batch.map(([key]) => key));
      for (const [key, waiting] of batch) {
        const value = values.has(key) ? values.get(key)! : this.fallback();
        for (const pending of waiting) pending.resolve(value);
      }
    } catch (error) {
      for (const [, waiting] of batch) for (const pending of waiting) pending.reject(error);
    }
  }
}

/**
 * Runs `job` after every promise job queued so far has run (and those they queue in turn), the way
 * DataLoader does: sibling resolvers that each await the same request data still land in one batch.
 */
function schedule(job: () => void): void {
  void Promise.resolve().then(() => process.nextTick(job));
}

const perRequest = new WeakMap<object, Map<string, BatchLoader<unknown, unknown>>>();

/** The request's loader named `name`, made by `create` on first use within the request. */
export function loaderFor<K, V>(
  request: object,
  name: string,
  create: () => BatchLoader<K, V>,
): BatchLoader<K, V> {
  let loaders = perRequest.get(request);
  if (!loaders) perRequest.set(request, (loaders = new Map()));
  let loader = loaders.get(name) as BatchLoader<K, V> | undefined;
  if (!loader) {
    loader = create();
    loaders.set(name, loader as BatchLoader<unknown, unknown>);
  }
  return loader;
}
