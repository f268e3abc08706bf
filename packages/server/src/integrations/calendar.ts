/**
 * `POST /internal/integrations/calendar/…`: calendar sync connecting a provider's external calendar, and
 * its problems with a connected one.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import {
  connectExternalCalendar,
  reportCalendarAuthorizationError,
} from '../areas/scheduling/internal-calendar.js';
import { internalRoute, recordAnswer } from './route.js';
import { id, optionalText } from './schemas.js';

const connection = z.object({
  user_id: id,
  external_type: z.enum(['google', 'outlook']),
  email: z.email().max(320),
  resource_name: optionalText,
  add_to_calendar: z.boolean().optional(),
  pull_from_calendar: z.boolean().optional(),
  pull_in_event_details: z.boolean().optional(),
});

export function calendarRoutes(app: FastifyInstance, services: Services): void {
  internalRoute(app, services, {
    path: '/integrations/calendar/connected',
    body: connection,
    run: async (work, calendar) =>
      recordAnswer('ExternalCalendar', await connectExternalCalendar(work, calendar)),
  });
  internalRoute(app, services, {
    path: '/integrations/calendar/authorization-error',
    body: z.object({ external_calendar_id: id, error: optionalText }),
    run: async (work, { external_calendar_id: calendarId, error }) =>
      recordAnswer('ExternalCalendar', await reportCalendarAuthorizationError(work, calendarId, { error })),
  });
}
