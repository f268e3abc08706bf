/**
 * The derived schema step `openStore` is given (the registry's tables, in production): applied after the
 * numbered migrations once per fingerprint, recorded in `derived_schemas`, and not applied again by a
 * later opening of the same store with the same definitions.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildServerRegistry, derivedSchemaOf } from '../../src/app/registry.js';
import { text } from '../../src/registry/index.js';
import { registryTablesSchema } from '../../src/registry/tables.js';
import { applyDerivedSchema, migrations } from '../../src/store/migrations/index.js';
import { openStore, type DerivedSchema, type Store } from '../../src/store/open-store.js';
import type { StoreConfig } from '../../src/store/dialect.js';
import { dialects } from '../support/dialects.js';

/** A step creating `derived_probe`, with a `note` column from its second version on; counts its runs. */
function probe(fingerprint: string, withNote = false): DerivedSchema & { runs: number } {
  const step = {
    name: 'probe-tables',
    fingerprint,
    runs: 0,
    async apply(db: Kysely<unknown>) {
      step.runs++;
      await db.schema
        .createTable('derived_probe')
        .ifNotExists()
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .execute();
      const columns = (await db.introspection.getTables()).find((t) => t.name === 'derived_probe')!.columns;
      if (withNote && !columns.some((c) => c.name === 'note')) {
        await db.schema.alterTable('derived_probe').addColumn('note', 'text').execute();
      }
    },
  };
  return step;
}

describe.each(dialects)('derived schema on $name', (dialect) => {
  let config: StoreConfig;
  let cleanup: (() => Promise<void>) | undefined;
  const opened: Store[] = [];
  const open = async (derivedSchema: DerivedSchema, options: { migrate?: boolean } = {}) => {
    const store = await openStore(config, { ...options, derivedSchema });
    opened.push(store);
    return store;
  };
  const fresh = async () => {
    const made = await dialect.freshConfig();
    config = made.config;
    cleanup = made.cleanup;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await cleanup?.();
    cleanup = undefined;
  });

  const history = async (store: Store) =>
    store.db
      .selectFrom('derived_schemas')
      .select(['name', 'fingerprint'])
      .orderBy('applied_at')
      .orderBy('fingerprint')
      .execute();

  it('applies the step once and records it: opening the store again with the same step does nothing', async () => {
    await fresh();
    const first = probe('v1');
    const store = await open(first, { migrate: false });
    expect(await store.migrate()).toEqual([...migrations.map((m) => m.name), 'probe-tables@v1']);
    expect(first.runs).toBe(1);
    expect(await history(store)).toEqual([{ name: 'probe-tables', fingerprint: 'v1' }]);

    expect(await store.migrate()).toEqual([]);
    const again = probe('v1');
    const reopened = await open(again);
    expect(again.runs).toBe(0);
    expect(await reopened.migrate()).toEqual([]);
    expect(again.runs).toBe(0);
    expect(await history(reopened)).toEqual([{ name: 'probe-tables', fingerprint: 'v1' }]);
  });

  it('applies and records a changed fingerprint once, keeping the earlier record', async () => {
    await fresh();
    await open(probe('v1'));
    const changed = probe('v2', true);
    const store = await open(changed, { migrate: false });
    expect(await store.migrate()).toEqual(['probe-tables@v2']);
    expect(changed.runs).toBe(1);
    const columns = (await store.db.introspection.getTables()).find((t) => t.name === 'derived_probe');
    expect(columns?.columns.map((c) => c.name)).toEqual(['id', 'note']);
    expect(await history(store)).toEqual([
      { name: 'probe-tables', fingerprint: 'v1' },
      { name: 'probe-tables', fingerprint: 'v2' },
    ]);

    const again = probe('v2', true);
    await open(again);
    expect(again.runs).toBe(0);
    expect(await history(store)).toEqual([
      { name: 'probe-tables', fingerprint: 'v1' },
      { name: 'probe-tables', fingerprint: 'v2' },
    ]);
  });

  it('records nothing when the step fails, and applies it on the next opening', async () => {
    await fresh();
    const failing: DerivedSchema = {
      name: 'probe-tables',
      fingerprint: 'v1',
      apply: async () => {
        throw new Error('declarations are wrong');
      },
    };
    await expect(openStore(config, { derivedSchema: failing })).rejects.toThrow('declarations are wrong');
    const fixed = probe('v1');
    const store = await open(fixed);
    expect(fixed.runs).toBe(1);
    expect(await history(store)).toEqual([{ name: 'probe-tables', fingerprint: 'v1' }]);
  });

  it.runIf(dialect.name === 'postgres')(
    'applies the step once when several processes reach it at the same time',
    async () => {
      await fresh();
      // Each process has migrated the numbered migrations (their concurrency is the migrator's own).
      const stores: Store[] = [];
      for (let i = 0; i < 4; i++) stores.push(await openStore(config));
      opened.push(...stores);
      const steps = stores.map(() => probe('v1'));
      const applied = await Promise.all(
        stores.map((store, i) => applyDerivedSchema(store.db, store.dialect, steps[i]!)),
      );
      expect(applied.filter(Boolean)).toEqual([true]);
      expect(steps.reduce((sum, step) => sum + step.runs, 0)).toBe(1);
      expect(await history(stores[0]!)).toEqual([{ name: 'probe-tables', fingerprint: 'v1' }]);
    },
  );

  it("records the registry's tables by a fingerprint of their definitions", async () => {
    await fresh();
    const registry = buildServerRegistry();
    const step = derivedSchemaOf(registry);
    // Another build of the same declarations has the same fingerprint: nothing to apply.
    expect(derivedSchemaOf(buildServerRegistry()).fingerprint).toBe(step.fingerprint);
    const store = await open(step);
    expect(await history(store)).toEqual([{ name: 'registry-tables', fingerprint: step.fingerprint }]);
    expect(await store.migrate()).toEqual([]);

    // A new field changes the fingerprint: the step runs once more, adds the column and is recorded.
    const location = registry.get('Location');
    const extended = registry.resources.map((r) =>
      r === location ? { ...r, fields: { ...r.fields, suite: text({ default: 'n/a' }) } } : r,
    );
    const changed = registryTablesSchema(extended);
    expect(changed.fingerprint).not.toBe(step.fingerprint);
    const reopened = await open(changed);
    const columns = (await reopened.db.introspection.getTables()).find((t) => t.name === location.table);
    expect(columns?.columns.map((c) => c.name)).toContain('suite');
    expect(await history(reopened)).toEqual(
      expect.arrayContaining([
        { name: 'registry-tables', fingerprint: step.fingerprint },
        { name: 'registry-tables', fingerprint: changed.fingerprint },
      ]),
    );
    expect(await reopened.migrate()).toEqual([]);
  });
});
