/**
 * How an appointment is named and where its conversation is, derived from stored data:
 * - `title`: the client's name, or (a group appointment, a blocker) its type's name;
 * - `appointment_label`: its type's name and contact type, e.g. `Initial consult - Video Call`;
 * - `scheduled_by`: the name of the person who booked it;
 * - `conversation_id`: the conversation opened for the appointment (the latest, when several were);
 * - `last_client_conversation_id`: the conversation between its provider and its client that changed last.
 * Conversations are the messaging area's (which reads appointments): its tables, read by name, in scope.
 */
import { findRow, typedDb, type Computed, type Reader, type StoredRow } from '../../registry/index.js';
import { fullName, User } from '../patients/index.js';
import type { SchedulingTables } from './resources.js';

async function typeName(reader: Reader, row: StoredRow): Promise<string | null> {
  if (typeof row.appointment_type_id !== 'number') return null;
  const type = await typedDb<SchedulingTables>(reader)
    .selectFrom('appointment_types')
    .select('name')
    .where('id', '=', row.appointment_type_id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return type?.name ?? null;
}

async function personName(reader: Reader, id: unknown): Promise<string | null> {
  if (typeof id !== 'number') return null;
  const user = await findRow(reader, User, id);
  return user ? fullName(user) || null : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- another area's table, read by name
type Query = any;

/** The id of the conversation in scope that `narrow` picks and that changed last. */
async function latestConversationId(reader: Reader, narrow: (query: Query) => Query): Promise<string | null> {
  const found = (await narrow(
    reader.db.selectFrom('conversations').select('id').where('organization_id', 'in', reader.scope),
  )
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst()) as { id: number } | undefined;
  return found ? String(found.id) : null;
}

/** The conversations `userId` is a member of. */
const memberOf = (reader: Reader, userId: number): Query =>
  reader.db.selectFrom('conversation_memberships').select('conversation_id').where('user_id', '=', userId);

export const appointmentLabelFields: Record<string, Computed> = {
  title: {
    type: 'String',
    resolve: async (row, reader) => (await personName(reader, row.user_id)) ?? (await typeName(reader, row)),
  },
  appointment_label: {
    type: 'String',
    resolve: async (row, reader) => {
      const parts = [await typeName(reader, row), row.contact_type].filter(
        (part): part is string => typeof part === 'string' && part !== '',
      );
      return parts.length === 0 ? null : parts.join(' - ');
    },
  },
  scheduled_by: { type: 'String', resolve: (row, reader) => personName(reader, row.initiator_id) },
  conversation_id: {
    type: 'ID',
    resolve: (row, reader) =>
      latestConversationId(reader, (query: Query) => query.where('appointment_id', '=', row.id)),
  },
  last_client_conversation_id: {
    type: 'ID',
    resolve: (row, reader) => {
      const [client, provider] = [row.user_id, row.other_party_id];
      if (typeof client !== 'number' || typeof provider !== 'number') return null;
      return latestConversationId(reader, (query: Query) =>
        query.where('id', 'in', memberOf(reader, client)).where('id', 'in', memberOf(reader, provider)),
      );
    },
  },
};
