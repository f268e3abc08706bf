/**
 * An internal endpoint an area declares: a callback from a third-party integration, or the trigger of an
 * internal mechanism. The area says what the body is (a zod schema) and what it does in one unit of work;
 * integrations/ serves every declared route under `/internal` with authentication and error answers.
 */
import type { z } from 'zod';
import type { AnyResource, InternalRoute, StoredRow } from './resource.js';

export type { InternalRoute };

/** Declares a route with its body's type inferred from the schema. */
export function internalRoute<S extends z.ZodType>(route: InternalRoute<S>): InternalRoute {
  return route as unknown as InternalRoute;
}

/** The answer naming the record a call created or changed. */
export function recordAnswer(resource: AnyResource, row: StoredRow): Record<string, unknown> {
  return { resource_id_type: resource.resourceType, resource_id: String(row.id) };
}
