/**
 * Internal event sources: the records that integration callbacks and the message scheduler keep for
 * themselves, and the GraphQL entries of internal mechanisms (scheduling a message blast, a member viewing
 * a conversation). The HTTP callbacks are in src/integrations/; their domain logic in handlers/<area>/internal-*.ts.
 */
import { updateConversationMembership } from './messaging/internal-conversation-viewed.js';
import { createMessageBlast, scheduleOf } from './messaging/scheduled-messages.js';
import { area, foreignId, json, ref, resource, text } from '../registry/index.js';

/** Every accepted integration callback, kept as reported (video sessions and calendar sync change nothing else). */
export const IntegrationReport = resource({
  name: 'IntegrationReport',
  table: 'integration_reports',
  fields: {
    provider: text({ required: true }),
    report: text({ required: true }),
    resource_type: text(),
    resource_id: foreignId(),
    details: json(),
  },
});

/** When a `NoteScheduler` is due (ISO-8601 UTC, which sorts as it compares) and when it was sent. */
export const MessageSchedule = resource({
  name: 'MessageSchedule',
  table: 'message_schedules',
  owner: 'note_scheduler_id',
  fields: {
    note_scheduler_id: ref('NoteScheduler', { required: true }),
    send_at: text({ required: true }),
    sent_at: text(),
  },
});

export const internalSources = area({
  name: 'internal-sources',
  resources: [IntegrationReport, MessageSchedule],
  special: [createMessageBlast, updateConversationMembership],
  // updateClient's nested `diagnoses` (see handlers/patients/client-nested.ts).
  inputTypes: {
    DiagnosesInput: {
      _destroy: 'Boolean',
      active: 'Boolean',
      primary: 'Boolean',
      end_date: 'String',
      first_symptom_date: 'String',
      icd_code_id: 'ID',
      id: 'ID',
    },
  },
  extend: {
    NoteScheduler: {
      computed: {
        scheduled_at: {
          type: 'String',
          resolve: async (row, reader) => (await scheduleOf(row, reader))?.send_at ?? null,
        },
        sent_at: {
          type: 'String',
          resolve: async (row, reader) => (await scheduleOf(row, reader))?.sent_at ?? null,
        },
      },
    },
  },
});
