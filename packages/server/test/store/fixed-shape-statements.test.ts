import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFixedShape } from '../../src/store/fixed-shape-statements.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { createOrganization } from '../../src/tenants/organizations.js';
import { dialects } from '../support/dialects.js';

describe.each(dialects)('statements built once per shape on $name', (dialect) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  const orgIds: number[] = [];

  beforeAll(async () => {
    const fresh = await dialect.freshConfig();
    cleanup = fresh.cleanup;
    store = await openStore(fresh.config);
    for (const name of ['Shape A', 'Shape B']) {
      const org = await store.db.transaction().execute((trx) => createOrganization(trx, { name }));
      orgIds.push(org.organizationId);
    }
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  const organizationNamed = (shape: string, id: number, name: string) =>
    runFixedShape(store, shape, [id, name], () =>
      store.db.selectFrom('organizations').select('id').where('id', '=', id).where('name', '=', name),
    );

  it('binds each run’s own values to the text the first run built', async () => {
    const [a, b] = orgIds as [number, number];
    expect((await organizationNamed('by id and name', a, 'Shape A')).rows).toEqual([{ id: a }]);
    expect((await organizationNamed('by id and name', b, 'Shape B')).rows).toEqual([{ id: b }]);
    expect((await organizationNamed('by id and name', b, 'Shape A')).rows).toEqual([]);
  });

  it('refuses, on the first run of a shape, parameters listed out of the order the statement binds them', async () => {
    const [a] = orgIds as [number];
    await expect(
      runFixedShape(store, 'by name and id', ['Shape A', a], () =>
        store.db.selectFrom('organizations').select('id').where('id', '=', a).where('name', '=', 'Shape A'),
      ),
    ).rejects.toThrow(/not in the order it binds them/);
  });

  it.runIf(dialect.name === 'postgres')(
    'names on PostgreSQL only the shapes declared bounded, since a named statement stays on its connection',
    async () => {
      const [a] = orgIds as [number];
      const prepared = await store.db.transaction().execute(async (trx) => {
        const target = { db: trx, dialect: store.dialect };
        const byId = () => trx.selectFrom('organizations').select('id').where('id', '=', a);
        await runFixedShape(target, 'named: organization by id', [a], byId, { namedOnPostgres: true });
        await runFixedShape(target, 'unnamed: organization by id and name', [a, 'Shape A'], () =>
          byId().where('name', '=', 'Shape A'),
        );
        const { rows } = await sql<{
          statement: string;
        }>`select statement from pg_prepared_statements where statement like '%organizations%'`.execute(trx);
        return rows.map((row) => row.statement);
      });
      expect(prepared).toHaveLength(1);
      expect(prepared[0]).not.toContain('"name"');
    },
  );
});
