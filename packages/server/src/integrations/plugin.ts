/**
 * The internal API (`/internal/…`): callbacks from third-party integrations and triggers of internal
 * mechanisms, as the areas declare them. Authenticated like /graphql and scoped to the key's
 * organizations; see ./route.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../graphql/context.js';
import { guardInternalRoutes, serveInternalRoute } from './route.js';

/** Register with `app.register(internalApi(services), { prefix: '/internal' })`. */
export function internalApi(services: ApiServices) {
  return async function internalRoutes(app: FastifyInstance): Promise<void> {
    guardInternalRoutes(app, services);
    for (const route of services.registry.routes) serveInternalRoute(app, services, route);
  };
}
