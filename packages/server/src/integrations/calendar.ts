/** `POST /internal/integrations/calendar/…`: calendar sync problems with a connected external calendar. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.js';
import { reportCalendarAuthorizationError } from '../domain/handlers/scheduling/internal-calendar.js';
import { internalRoute, recordAnswer } from './route.js';
import { id, optionalText } from './schemas.js';

export function calendarRoutes(app: FastifyInstance, services: Services): void {
  internalRoute(app, services, {
    path: '/integrations/calendar/authorization-error',
    body: z.object({ external_calendar_id: id, error: optionalText }),
    run: async (work, { external_calendar_id: calendarId, error }) =>
      recordAnswer('ExternalCalendar', await reportCalendarAuthorizationError(work, calendarId, { error })),
  });
}
