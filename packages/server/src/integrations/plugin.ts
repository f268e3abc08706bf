/**
 * The internal API (`/internal/…`): callbacks from third-party integrations and triggers of internal
 * mechanisms. Authenticated like /graphql and scoped to the key's organizations; see ./route.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.js';
import { calendarRoutes } from './calendar.js';
import { clearinghouseRoutes } from './clearinghouse.js';
import { dosespotRoutes } from './dosespot.js';
import { faxRoutes } from './fax.js';
import { formRoutes } from './forms.js';
import { notificationRoutes } from './notifications.js';
import { paymentRoutes } from './payments.js';
import { recordRoutes } from './records.js';
import { guardInternalRoutes } from './route.js';
import { videoRoutes } from './video.js';

const providers = [
  videoRoutes,
  calendarRoutes,
  faxRoutes,
  dosespotRoutes,
  paymentRoutes,
  clearinghouseRoutes,
  notificationRoutes,
  formRoutes,
  recordRoutes,
];

/** Register with `app.register(internalApi(services), { prefix: '/internal' })`. */
export function internalApi(services: Services) {
  return async function internalRoutes(app: FastifyInstance): Promise<void> {
    guardInternalRoutes(app, services);
    for (const routes of providers) routes(app, services);
  };
}
