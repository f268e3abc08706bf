import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey, hashApiKey, issueApiKey } from '../../src/tenants/api-keys.js';
import {
  createOrganization,
  organizationScope,
  UnknownOrganizationError,
} from '../../src/tenants/organizations.js';
import { Outbox } from '../../src/events/outbox.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { runUnitOfWork } from '../../src/store/unit-of-work.js';
import { dialects } from '../support/dialects.js';

describe.each(dialects)('store on $name', (dialect) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await dialect.freshConfig();
    cleanup = fresh.cleanup;
    store = await openStore(fresh.config);
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  const newOrg = (name: string, parentId?: number) =>
    store.db.transaction().execute((trx) => createOrganization(trx, { name, parentId: parentId ?? null }));

  it('runs migrations once: a second run applies nothing', async () => {
    expect(await store.migrate()).toEqual([]);
    const tables = await store.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['organizations', 'users', 'api_keys', 'events', 'deliveries', 'sent_webhooks']),
    );
  });

  it('stores API keys only as hashes and finds them by the key', async () => {
    const org = await newOrg('Hashing');
    const rows = await store.db
      .selectFrom('api_keys')
      .selectAll()
      .where('organization_id', '=', org.organizationId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key_hash).toBe(hashApiKey(org.apiKey));
    expect(JSON.stringify(rows)).not.toContain(org.apiKey);
    expect(await authenticateApiKey(store, org.apiKey)).toEqual({
      apiKeyId: rows[0]!.id,
      userId: org.userId,
      organizationId: org.organizationId,
    });
    expect(await authenticateApiKey(store, `${org.apiKey}x`)).toBeNull();
    expect(await authenticateApiKey(store, 'not-a-key')).toBeNull();
    const second = await issueApiKey(store.db, { organizationId: org.organizationId, userId: org.userId });
    expect(second.apiKey).not.toBe(org.apiKey);
    expect((await authenticateApiKey(store, second.apiKey))?.organizationId).toBe(org.organizationId);
  });

  it('scopes an organization to itself and its descendants, never its parent or siblings', async () => {
    const root = await newOrg('Root');
    const child = await newOrg('Child', root.organizationId);
    const grandchild = await newOrg('Grandchild', child.organizationId);
    const sibling = await newOrg('Sibling', root.organizationId);
    expect((await organizationScope(store, root.organizationId)).sort((a, b) => a - b)).toEqual(
      [root, child, grandchild, sibling].map((o) => o.organizationId).sort((a, b) => a - b),
    );
    expect((await organizationScope(store, child.organizationId)).sort((a, b) => a - b)).toEqual(
      [child.organizationId, grandchild.organizationId].sort((a, b) => a - b),
    );
    await expect(newOrg('Orphan', 999_999)).rejects.toBeInstanceOf(UnknownOrganizationError);
  });

  it('writes events and their deliveries with the change, to subscribed webhooks of the org and its ancestors', async () => {
    const parent = await newOrg('Parent');
    const child = await newOrg('Sub', parent.organizationId);
    const other = await newOrg('Unrelated');
    const now = Date.now();
    const hook = async (organizationId: number, eventTypes: string[], enabled: 0 | 1 = 1) => {
      const { id } = await store.db
        .insertInto('webhooks')
        .values({
          organization_id: organizationId,
          url: 'http://127.0.0.1:9/hook',
          is_enabled: enabled,
          should_retry: 1,
          signature_secret: 'secret',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const event_type of eventTypes) {
        await store.db
          .insertInto('webhook_events')
          .values({ webhook_id: id, event_type, retry_count: 0, created_at: now, updated_at: now })
          .execute();
      }
      return id;
    };
    const parentHook = await hook(parent.organizationId, ['appointment.created']);
    const childHook = await hook(child.organizationId, ['appointment.created', 'appointment.deleted']);
    await hook(child.organizationId, ['appointment.created'], 0);
    await hook(other.organizationId, ['appointment.created']);

    const outbox = new Outbox();
    const committed: string[] = [];
    outbox.onCommit((events) => committed.push(...events.map((e) => e.eventType)));
    await runUnitOfWork(store, async (uow) => {
      outbox.emit(uow, {
        organizationId: child.organizationId,
        eventType: 'appointment.created',
        resourceId: 42,
        extras: { resource_organization_id: child.organizationId },
      });
      outbox.emit(uow, {
        organizationId: child.organizationId,
        eventType: 'appointment.deleted',
        resourceId: 42,
      });
    });
    expect(committed).toEqual(['appointment.created', 'appointment.deleted']);

    const events = await store.db
      .selectFrom('events')
      .selectAll()
      .where('organization_id', '=', child.organizationId)
      .orderBy('id')
      .execute();
    expect(events.map((e) => JSON.parse(e.body))).toEqual([
      {
        resource_id: '42',
        resource_id_type: 'Appointment',
        event_type: 'appointment.created',
        changed_fields: [],
        resource_organization_id: String(child.organizationId),
      },
      {
        resource_id: '42',
        resource_id_type: 'Appointment',
        event_type: 'appointment.deleted',
        changed_fields: [],
      },
    ]);
    const deliveries = await store.db
      .selectFrom('deliveries')
      .select(['event_id', 'webhook_id', 'state'])
      .where(
        'event_id',
        'in',
        events.map((e) => e.id),
      )
      .orderBy('event_id')
      .orderBy('webhook_id')
      .execute();
    expect(deliveries).toEqual([
      { event_id: events[0]!.id, webhook_id: parentHook, state: 'pending' },
      { event_id: events[0]!.id, webhook_id: childHook, state: 'pending' },
      { event_id: events[1]!.id, webhook_id: childHook, state: 'pending' },
    ]);
  });

  it('wakes commit listeners only when the unit made deliveries', async () => {
    const org = await newOrg('Unsubscribed');
    const outbox = new Outbox();
    const committed: string[] = [];
    outbox.onCommit((events) => committed.push(...events.map((e) => e.eventType)));
    await runUnitOfWork(store, async (uow) => {
      outbox.emit(uow, {
        organizationId: org.organizationId,
        eventType: 'appointment.deleted',
        resourceId: 7,
      });
    });
    expect(committed).toEqual([]);
    const events = await store.db
      .selectFrom('events')
      .select('event_type')
      .where('organization_id', '=', org.organizationId)
      .execute();
    expect(events).toEqual([{ event_type: 'appointment.deleted' }]);
  });

  it('writes nothing when the unit of work fails', async () => {
    const org = await newOrg('Rollback');
    const outbox = new Outbox();
    const before = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      runUnitOfWork(store, async (uow) => {
        await uow.db
          .insertInto('users')
          .values({
            organization_id: org.organizationId,
            user_type: 'patient',
            email: 'x@example.com',
            created_at: uow.now,
            updated_at: uow.now,
          })
          .execute();
        outbox.emit(uow, { organizationId: org.organizationId, eventType: 'patient.created', resourceId: 1 });
        throw new Error('validation failed late');
      }),
    ).rejects.toThrow('validation failed late');
    const after = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const patients = await store.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'x@example.com')
      .execute();
    expect(patients).toEqual([]);
  });

  it('refuses an event whose extras do not match the catalog, writing nothing', async () => {
    const org = await newOrg('BadExtras');
    const outbox = new Outbox();
    await expect(
      runUnitOfWork(store, async (uow) => {
        outbox.emit(uow, {
          organizationId: org.organizationId,
          eventType: 'appointment.created',
          resourceId: 1,
        });
      }),
    ).rejects.toThrow(/resource_organization_id/);
    await expect(
      runUnitOfWork(store, async (uow) => {
        outbox.emit(uow, {
          organizationId: org.organizationId,
          eventType: 'nothing.happened',
          resourceId: 1,
        });
      }),
    ).rejects.toThrow(/nothing\.happened/);
  });
});
