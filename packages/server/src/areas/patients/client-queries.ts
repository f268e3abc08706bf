/**
 * Healthie's queries about clients that are not a list of one resource's rows: `lastClientActivities`
 * (the clients whose records changed last), `basicUserInfoFromToken` (the client a signup token names) and
 * `advanceAppointmentPrices` (clients' own prices per appointment type). Bound as fields of `Query` through
 * the area's `extendTypes`.
 */
import { MAX_PAGE_SIZE, parseId, typedDb, type Computed } from '../../registry/index.js';
import { settingPassword } from './client-profile.js';
import type { PatientsTables } from './resources.js';

const LAST_ACTIVITIES = 6;

export const clientQueries: Record<string, Computed> = {
  lastClientActivities: {
    type: '[User!]',
    args: { limit: 'Int' },
    resolve: async (_root, reader, args) => {
      const limit =
        typeof args.limit === 'number' && args.limit > 0
          ? Math.min(args.limit, MAX_PAGE_SIZE)
          : LAST_ACTIVITIES;
      return typedDb<PatientsTables>(reader)
        .selectFrom('users')
        .selectAll()
        .where('user_type', '=', 'patient')
        .where('organization_id', 'in', reader.scope)
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },
  },
  basicUserInfoFromToken: {
    type: 'User',
    args: { token: 'String' },
    resolve: async (_root, reader, args) => {
      if (typeof args.token !== 'string' || args.token.trim() === '') return null;
      const user = await typedDb<PatientsTables>(reader)
        .selectFrom('users')
        .selectAll()
        .where('signup_token', '=', args.token.trim())
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst();
      return user && settingPassword(user as never) ? user : null;
    },
  },
  advanceAppointmentPrices: {
    type: '[AdvanceAppointmentPrice!]',
    args: { appointment_type_id: 'ID', user_id: 'ID' },
    // The prices set with updateClient's `advance_appointment_prices`, of one client and/or one type.
    resolve: async (_root, reader, args) => {
      let query = typedDb<PatientsTables>(reader)
        .selectFrom('advance_appointment_prices')
        .selectAll()
        .where('organization_id', 'in', reader.scope);
      for (const column of ['user_id', 'appointment_type_id'] as const) {
        if (args[column] != null) query = query.where(column, '=', parseId(args[column]) ?? -1);
      }
      return query.orderBy('id').limit(MAX_PAGE_SIZE).execute();
    },
  },
};
