/**
 * The registry of every area (see areas/all.ts), built by the composition root (./runtime.ts, the CLI)
 * and passed to what needs it; nothing builds it on import.
 */
import { areas } from '../areas/all.js';
import { buildRegistry, type Registry, type TablesOf } from '../registry/index.js';
import { registryTablesSchema } from '../registry/tables.js';
import type { DerivedSchema } from '../store/open-store.js';
import type { Database } from '../store/schema.js';

export { areas };

/** Every table, foundation and derived, as a Kysely type (for tools and tests that read them all). */
export type ResourceDatabase = Database & TablesOf<(typeof areas)[number]['resources'][number]>;

/** Builds and checks the registry of every area; throws naming every problem in the declarations. */
export function buildServerRegistry(): Registry {
  return buildRegistry(areas);
}

/** The store's derived step for the registry: its resource tables, recorded by fingerprint. */
export function derivedSchemaOf(registry: Registry): DerivedSchema {
  return registryTablesSchema(registry.resources);
}
