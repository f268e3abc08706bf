/** Calendar sync: the provider refused a connected calendar's access grant (revoked or expired). */
import { emitFor, type StoredRow, type Work } from '../../registry/index.js';
import { keepReport } from '../integration-reports.js';
import { requireInScope } from '../internal-source.js';

export async function reportCalendarAuthorizationError(
  work: Work,
  externalCalendarId: number,
  details: { error?: string | null | undefined },
): Promise<StoredRow> {
  const calendar = await requireInScope(work, 'ExternalCalendar', externalCalendarId, 'external_calendar_id');
  await keepReport(work, {
    provider: 'calendar',
    report: 'authorization_error',
    resourceName: 'ExternalCalendar',
    row: calendar,
    details,
  });
  await emitFor(work, work.registry.get('ExternalCalendar'), 'authorization_error', calendar);
  return calendar;
}
