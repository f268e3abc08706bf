/**
 * Scheduling's read-back queries beyond each resource's by-id and list: the next appointment, video
 * appointments under way or about to start, and an attendee's place read by its key.
 */
import { sql } from 'kysely';
import {
  findRow,
  parseId,
  typedDb,
  type Computed,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import { AppointmentInclusion, type SchedulingTables } from './resources.js';

const SOON_MS = 10 * 60_000;

/** Appointments (not deleted, within scope) of the user as provider or attendee, with their instants. */
function appointmentsOf(reader: Reader, userId: number) {
  const db = typedDb<SchedulingTables>(reader);
  return db
    .selectFrom('appointments')
    .innerJoin('schedule_spans', (join) =>
      join
        .onRef('schedule_spans.record_id', '=', 'appointments.id')
        .on('schedule_spans.record_type', '=', 'Appointment'),
    )
    .selectAll('appointments')
    .where('appointments.deleted_at', 'is', null)
    .where('appointments.organization_id', 'in', reader.scope)
    .where((eb) =>
      eb.or([
        eb('appointments.other_party_id', '=', userId),
        eb('appointments.user_id', '=', userId),
        sql<boolean>`(',' || ${sql.ref('appointments.provider_ids')} || ',') like ${`%,${userId},%`}`,
        eb(
          'appointments.id',
          'in',
          db
            .selectFrom('appointment_inclusions')
            .select('appointment_id')
            .where('user_id', '=', userId)
            .where('on_waitlist', '=', 0),
        ),
      ]),
    );
}

/** Held by video: a video contact type, Zoom, or a video chat link of its own. */
function byVideo<Q extends ReturnType<typeof appointmentsOf>>(query: Q): Q {
  return query.where((eb) =>
    eb.or([
      sql<boolean>`lower(${sql.ref('appointments.contact_type')}) like ${'%video%'}`,
      eb('appointments.is_zoom_chat', '=', 1),
      eb('appointments.external_videochat_url', 'is not', null),
    ]),
  ) as Q;
}

const userArg = (reader: Reader, value: unknown) => parseId(value) ?? reader.caller.userId;

async function videoChats(reader: Reader, userId: number, window: { ongoing: boolean; soon: boolean }) {
  const now = Date.now();
  const nowIso = new Date(now).toISOString();
  const soonIso = new Date(now + SOON_MS).toISOString();
  return (await byVideo(appointmentsOf(reader, userId))
    .where((eb) =>
      eb.or([
        ...(window.ongoing
          ? [
              eb.and([
                eb('schedule_spans.starts_at', '<=', nowIso),
                eb('schedule_spans.ends_at', '>', nowIso),
              ]),
            ]
          : []),
        ...(window.soon
          ? [
              eb.and([
                eb('schedule_spans.starts_at', '>', nowIso),
                eb('schedule_spans.starts_at', '<=', soonIso),
              ]),
            ]
          : []),
      ]),
    )
    .orderBy('schedule_spans.starts_at')
    .orderBy('appointments.id')
    .limit(100)
    .execute()) as StoredRow[];
}

export const schedulingQueries: Record<string, Computed> = {
  nextAppointment: {
    type: 'Appointment',
    resolve: async (_root, reader) =>
      (await appointmentsOf(reader, reader.caller.userId)
        .where('schedule_spans.starts_at', '>=', new Date().toISOString())
        .orderBy('schedule_spans.starts_at')
        .orderBy('appointments.id')
        .executeTakeFirst()) ?? null,
  },
  currentVideoChats: {
    type: '[Appointment!]',
    args: { only_current: 'Boolean', user_id: 'String' },
    // Under way, and (unless only_current) starting within the next ten minutes.
    resolve: (_root, reader, args) =>
      videoChats(reader, userArg(reader, args.user_id), { ongoing: true, soon: args.only_current !== true }),
  },
  closeToCurrentVideoChats: {
    type: '[Appointment!]',
    args: { user_id: 'String' },
    resolve: (_root, reader, args) =>
      videoChats(reader, userArg(reader, args.user_id), { ongoing: false, soon: true }),
  },
  appointmentInclusion: {
    type: 'AppointmentInclusionType',
    args: { id: 'ID', uuid: 'ID' },
    resolve: async (_root, reader, args) => {
      const id = parseId(args.id);
      if (id !== null) return (await findRow(reader, AppointmentInclusion, id)) ?? null;
      if (args.uuid == null || args.uuid === '') return null;
      return (
        (await typedDb<SchedulingTables>(reader)
          .selectFrom('appointment_inclusions')
          .selectAll()
          .where('external_uuid', '=', String(args.uuid))
          .where('organization_id', 'in', reader.scope)
          .executeTakeFirst()) ?? null
      );
    },
  },
};
