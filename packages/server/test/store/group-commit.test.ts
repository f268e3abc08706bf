/**
 * Units of work under concurrency. On SQLite concurrent units share one transaction and one commit (group
 * commit), each in its own savepoint; on PostgreSQL each unit is its own transaction. Either way a unit that
 * fails takes only its own writes with it, and a unit is answered only once its writes are committed.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreConfig } from '../../src/store/dialect.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { runUnitOfWork, type UnitOfWork } from '../../src/store/unit-of-work.js';
import { createOrganization } from '../../src/tenants/organizations.js';
import { dialects } from '../support/dialects.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(dialects)('units of work on $name', (dialect) => {
  let config: StoreConfig;
  let store: Store;
  /** A second store on the same database: it sees only what has been committed. */
  let peek: Store;
  let cleanup: () => Promise<void>;
  let organizationId: number;
  let run = 0;

  beforeAll(async () => {
    const fresh = await dialect.freshConfig();
    config = fresh.config;
    cleanup = fresh.cleanup;
    store = await openStore(config);
    peek = await openStore(config, { migrate: false });
    ({ organizationId } = await store.db
      .transaction()
      .execute((trx) => createOrganization(trx, { name: 'Group Commit' })));
  });
  afterAll(async () => {
    await peek.close();
    await store.close();
    await cleanup();
  });

  /** A marker unique to this test, so the tests' rows never meet. */
  const tag = () => `t${++run}`;

  function writeEvent(uow: UnitOfWork, resourceId: string) {
    return uow.db
      .insertInto('events')
      .values({
        organization_id: organizationId,
        event_type: 'patient.created',
        resource_id: resourceId,
        resource_id_type: 'User',
        body: '{}',
        created_at: uow.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  async function committed(db: Store['db'], prefix: string): Promise<string[]> {
    const rows = await db
      .selectFrom('events')
      .select('resource_id')
      .where('resource_id', 'like', `${prefix}-%`)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.resource_id);
  }

  it('rolls back a failing unit alone while the units beside it commit', async () => {
    const t = tag();
    const ran: number[] = [];
    const answered: number[] = [];
    const units = Array.from({ length: 8 }, (_, i) =>
      runUnitOfWork(store, async (uow) => {
        await writeEvent(uow, `${t}-${i}`);
        // The first unit keeps the writer a while, so on SQLite the others queue behind it and share its
        // transaction; the fourth fails after it has written.
        if (i === 0) await pause(30);
        ran.push(i);
        if (i === 3) throw new Error('unit 3 fails');
        await writeEvent(uow, `${t}-${i}-again`);
        return i;
      }).then((value) => {
        answered.push(value);
        return value;
      }),
    );
    const outcomes = await Promise.allSettled(units);

    expect(outcomes.map((o) => o.status)).toEqual([
      ...Array<string>(3).fill('fulfilled'),
      'rejected',
      ...Array<string>(4).fill('fulfilled'),
    ]);
    expect((outcomes[3] as PromiseRejectedResult).reason).toEqual(new Error('unit 3 fails'));
    const expected = [0, 1, 2, 4, 5, 6, 7].flatMap((i) => [`${t}-${i}`, `${t}-${i}-again`]);
    expect((await committed(store.db, t)).sort()).toEqual(expected.sort());
    if (dialect.name === 'sqlite') {
      // One shared commit: no unit was answered before the last one had run, and all in the order they ran.
      expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(answered).toEqual([0, 1, 2, 4, 5, 6, 7]);
    }
  });

  it('answers a unit only once its writes are visible to every other connection', async () => {
    const t = tag();
    const seenOnAnswer: string[][] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        runUnitOfWork(store, async (uow) => {
          await writeEvent(uow, `${t}-${i}`);
          if (i % 3 === 0) await pause(5);
        }).then(async () => {
          const rows = await peek.db
            .selectFrom('events')
            .select('resource_id')
            .where('resource_id', '=', `${t}-${i}`)
            .execute();
          seenOnAnswer.push(rows.map((r) => r.resource_id));
        }),
      ),
    );
    expect(seenOnAnswer).toHaveLength(12);
    for (const seen of seenOnAnswer) expect(seen).toHaveLength(1);
  });

  it('reads outside a unit neither wait for a running unit nor see its uncommitted writes', async () => {
    const t = tag();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const unit = runUnitOfWork(store, async (uow) => {
      await writeEvent(uow, `${t}-0`);
      written();
      await held;
    });
    await wrote;
    expect(await committed(store.db, t)).toEqual([]);
    release();
    await unit;
    expect(await committed(store.db, t)).toEqual([`${t}-0`]);
  });
});

describe('group commit on SQLite', () => {
  const sqlite = dialects.find((d) => d.name === 'sqlite')!;
  let store: Store;
  let cleanup: () => Promise<void>;
  let organizationId: number;

  beforeAll(async () => {
    const fresh = await sqlite.freshConfig();
    cleanup = fresh.cleanup;
    store = await openStore(fresh.config);
    ({ organizationId } = await store.db
      .transaction()
      .execute((trx) => createOrganization(trx, { name: 'Group Commit SQLite' })));
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  const insertEvent = (uow: UnitOfWork, resourceId: string) =>
    uow.db
      .insertInto('events')
      .values({
        organization_id: organizationId,
        event_type: 'patient.created',
        resource_id: resourceId,
        resource_id_type: 'User',
        body: '{}',
        created_at: uow.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

  it('runs units one at a time: statements of a unit that awaits never interleave with others', async () => {
    const ids = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        runUnitOfWork(store, async (uow) => {
          const first = await insertEvent(uow, `interleave-${i}-a`);
          await pause(i % 2 === 0 ? 3 : 0);
          const second = await insertEvent(uow, `interleave-${i}-b`);
          return [first.id, second.id] as const;
        }),
      ),
    );
    for (const [first, second] of ids) expect(second).toBe(first + 1);
  });

  it('answers units in the order their events were written', async () => {
    const answered: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runUnitOfWork(store, async (uow) => {
          if (i % 4 === 0) await pause(2);
          return (await insertEvent(uow, `order-${i}`)).id;
        }).then((eventId) => answered.push(eventId)),
      ),
    );
    expect(answered).toEqual([...answered].sort((a, b) => a - b));
  });

  it('commits a long queue in several transactions, so the first units are not kept waiting for the last', async () => {
    const ran: number[] = [];
    let answeredFirstAfter = -1;
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        runUnitOfWork(store, async (uow) => {
          await insertEvent(uow, `queue-${i}`);
          ran.push(i);
        }).then(() => {
          if (i === 0) answeredFirstAfter = ran.length;
        }),
      ),
    );
    expect(answeredFirstAfter).toBeGreaterThan(0);
    expect(answeredFirstAfter).toBeLessThan(200);
  });

  it('answers every unit of a transaction that SQLite rolled back on its own with an error, and recovers', async () => {
    await sql`create trigger refuse_boom before insert on events when new.resource_id = 'lost-boom'
      begin select raise(rollback, 'boom'); end`.execute(store.db);
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const kept = runUnitOfWork(store, async (uow) => {
        await insertEvent(uow, 'lost-kept');
        await held;
      });
      const boom = runUnitOfWork(store, (uow) => insertEvent(uow, 'lost-boom'));
      const after = runUnitOfWork(store, (uow) => insertEvent(uow, 'lost-after'));
      release();
      const [keptOutcome, boomOutcome, afterOutcome] = await Promise.allSettled([kept, boom, after]);

      // The kept unit's savepoint was released, but its transaction never committed: no acknowledgement.
      expect(keptOutcome).toMatchObject({ status: 'rejected', reason: { name: 'TransactionLostError' } });
      expect(boomOutcome).toMatchObject({ status: 'rejected', reason: { message: 'boom' } });
      expect(afterOutcome.status).toBe('fulfilled');
      const rows = await store.db
        .selectFrom('events')
        .select('resource_id')
        .where('resource_id', 'like', 'lost-%')
        .execute();
      expect(rows.map((r) => r.resource_id)).toEqual(['lost-after']);
    } finally {
      await sql`drop trigger refuse_boom`.execute(store.db);
    }
  });
});
