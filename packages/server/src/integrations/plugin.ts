/**
 * The internal API (`/internal/…`): callbacks from third-party integrations and triggers of internal
 * mechanisms. Authenticated like /graphql and scoped to the key's organizations; see ./route.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.js';
import { recordRoutes } from './records.js';
import { guardInternalRoutes, internalRoute } from './route.js';

const providers = [recordRoutes];

/** Register with `app.register(internalApi(services), { prefix: '/internal' })`. */
export function internalApi(services: Services) {
  return async function internalRoutes(app: FastifyInstance): Promise<void> {
    guardInternalRoutes(app, services);
    for (const routes of providers) routes(app, services);
    for (const route of services.registry.routes) internalRoute(app, services, route);
  };
}
