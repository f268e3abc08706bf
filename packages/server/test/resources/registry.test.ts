/**
 * The registry machinery on its own: declarations are checked against each other and the catalog at
 * start-up; tables are derived additively on both dialects; client values are coerced per field kind.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../../src/tenants/organizations.js';
import {
  area,
  bool,
  buildRegistry,
  coerce,
  date,
  datetime,
  email,
  enumOf,
  float,
  int,
  json,
  money,
  ref,
  resource,
  syncRegistryTables,
  text,
  type AnyField,
} from '../../src/registry/index.js';
import { Location } from '../../src/areas/patients/resources.js';
import { buildServerRegistry, derivedSchemaOf } from '../../src/app/registry.js';
import type { ResourceDatabase } from '../../src/app/registry.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { dialects } from '../support/dialects.js';

const registry = buildServerRegistry();

const note = (extra: Partial<Parameters<typeof resource>[0]> = {}) =>
  resource({ name: 'Memo', table: 'test_memos', fields: { body: text() }, ...extra });

describe('registry declarations', () => {
  it.each([
    [
      'a ref to an undeclared resource',
      [note({ fields: { user_id: ref('Nobody') } })],
      /undeclared resource "Nobody"/,
    ],
    [
      'a mutation declared twice',
      [note({ mutations: { create: 'createMemo', update: 'createMemo' } })],
      /mutation "createMemo" is declared twice/,
    ],
    [
      'an event the catalog lacks',
      [note({ events: 'memo', mutations: { create: 'createMemo' } })],
      /memo\.created, which the catalog lacks/,
    ],
    [
      'a catalog extra without a source',
      [resource({ name: 'Medication', table: 'meds', events: 'medication', fields: {} })],
      /no source for the extra "user_id"/,
    ],
    [
      'an extra no event carries',
      [resource({ name: 'Task', table: 't', events: 'task', fields: {}, extras: { user_id: (r) => r.id } })],
      /extra "user_id" that no Task event carries/,
    ],
    [
      'a resource type with catalog events but no prefix',
      [resource({ name: 'Task', table: 't', fields: {} })],
      /declares no events but the catalog has task\./,
    ],
    ['a base column declared as a field', [note({ fields: { created_at: int() } })], /every table has/],
  ])('refuses %s', (_label, resources, problem) => {
    expect(() => buildRegistry([area({ name: 'test', resources })])).toThrow(problem);
  });

  it("lets an area add GraphQL fields to another area's resource, refusing clashes", () => {
    const owner = note();
    const computed = { type: 'Int', resolve: () => 1 };
    const built = buildRegistry([
      area({ name: 'a', resources: [owner] }),
      area({ name: 'b', resources: [], extend: { Memo: { computed: { word_count: computed } } } }),
    ]);
    expect(Object.keys(built.get('Memo').computed ?? {})).toEqual(['word_count']);
    expect(() =>
      buildRegistry([
        area({ name: 'a', resources: [owner] }),
        area({ name: 'b', resources: [], extend: { Memo: { computed: { body: computed } } } }),
      ]),
    ).toThrow(/b adds Memo\.body, which already exists/);
    expect(() => buildRegistry([area({ name: 'b', resources: [], extend: { Nope: {} } })])).toThrow(
      /extends undeclared resource "Nope"/,
    );
  });

  it('accepts every declared area', () => {
    expect(registry.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'User',
        'Appointment',
        'AppliedTag',
        'NotificationContact',
        'Policy',
        'Location',
      ]),
    );
  });
});

describe('field coercion', () => {
  const cases: Array<[string, AnyField, unknown, unknown]> = [
    ['text', text(), 'Ada', 'Ada'],
    ['email lower-cased', email(), ' Ada@Example.COM ', 'ada@example.com'],
    ['int from a string', int(), '42', 42],
    ['float from a string', float(), '70.5', 70.5],
    ['money kept as written', money(), '100.00', '100.00'],
    ['bool', bool(), true, 1],
    ['date', date(), '2024-02-29', '2024-02-29'],
    ['datetime with zone', datetime(), '2024-02-29 10:00:00 -0500', '2024-02-29 10:00:00 -0500'],
    ['datetime ISO', datetime(), '2024-02-29T10:00:00Z', '2024-02-29T10:00:00Z'],
    ['ref from a string', ref('User'), '12', 12],
    ['enum', enumOf(['A', 'B']), 'B', 'B'],
    ['json', json(), { a: [1] }, '{"a":[1]}'],
    ['blank means no value', text(), '  ', null],
  ];
  it.each(cases)('reads %s', (_label, f, raw, stored) => {
    expect(coerce(f, raw)).toEqual({ ok: true, value: stored });
  });

  const refused: Array<[string, AnyField, unknown]> = [
    ['a bad email', email(), 'ada@'],
    ['a fraction as int', int(), '1.5'],
    ['an int below min', int({ min: 0 }), -1],
    ['words as money', money(), 'ten'],
    ['an impossible date', date(), '2023-02-29'],
    ['a datetime without a date', datetime(), '10:00'],
    ['a non-id ref', ref('User'), 'abc'],
    ['a value outside the enum', enumOf(['A']), 'C'],
    ['a non-boolean', bool(), 'yes'],
  ];
  it.each(refused)('refuses %s', (_label, f, raw) => {
    expect(coerce(f, raw)).toMatchObject({ ok: false, message: expect.any(String) });
  });
});

describe.each(dialects)('registry tables on $name', (dialect) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const fresh = await dialect.freshConfig();
    cleanup = fresh.cleanup;
    store = await openStore(fresh.config, { derivedSchema: derivedSchemaOf(registry) });
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  const columnsOf = async (table: string) =>
    (await store.db.introspection.getTables()).find((t) => t.name === table)?.columns.map((c) => c.name);

  const indexesOf = async (table: string): Promise<string[]> => {
    const query =
      dialect.name === 'sqlite'
        ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = ${table}`
        : sql<{ name: string }>`select indexname as name from pg_indexes where tablename = ${table}`;
    return (await query.execute(store.db)).rows.map((r) => r.name);
  };

  it('creates every declared table with the base columns, its fields and an organization index', async () => {
    for (const r of registry.resources) {
      const columns = await columnsOf(r.table);
      expect(columns).toEqual(
        expect.arrayContaining([
          'id',
          'organization_id',
          'created_at',
          'updated_at',
          ...Object.keys(r.fields),
        ]),
      );
      expect(await indexesOf(r.table)).toContain(`${r.table}_organization`);
    }
    expect(await indexesOf('appointments')).toEqual(expect.arrayContaining(['appointments_user_id']));
  });

  it('adds the User columns to the existing users table, with defaults for rows already there', async () => {
    const org = await store.db.transaction().execute((trx) => createOrganization(trx, { name: 'Defaults' }));
    const owner = await store.db
      .withTables<{ users: { active: number | null; skipped_email: number | null } }>()
      .selectFrom('users')
      .select(['active', 'skipped_email'])
      .where('id', '=', org.userId)
      .executeTakeFirstOrThrow();
    expect(owner).toEqual({ active: 1, skipped_email: 0 });
  });

  it('is additive: a new field becomes a column with its default, existing rows stay, a rerun changes nothing', async () => {
    const org = await store.db.transaction().execute((trx) => createOrganization(trx, { name: 'Additive' }));
    // The registry's derived Kysely view: a wrong column name here would not compile.
    const db = store.db as unknown as Kysely<ResourceDatabase>;
    const { id } = await db
      .insertInto('locations')
      .values({ organization_id: org.organizationId, name: 'Before', created_at: 1, updated_at: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const extended = { ...Location, fields: { ...Location.fields, suite: text({ default: 'n/a' }) } };

    const changes = await syncRegistryTables(store.db as never, dialect.name, [extended]);
    expect(changes).toEqual([{ table: 'locations', created: false, addedColumns: ['suite'] }]);
    const read = await sql`select name, suite from locations where id = ${id}`.execute(store.db);
    expect(read.rows).toEqual([{ name: 'Before', suite: 'n/a' }]);
    expect(await syncRegistryTables(store.db as never, dialect.name, [extended])).toEqual([]);
    expect(await store.migrate()).toEqual([]);
  });
});
