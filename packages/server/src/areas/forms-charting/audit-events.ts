/**
 * A charting note's history (`FormAnswerGroup.form_answer_group_audit_events`): each lock, unlock, signing
 * and addendum is recorded in the unit of work that makes it, so a change and its audit entry are kept or
 * rolled back together. `versioning_stream_name` names the note's stream of changes, one per note.
 */
import {
  insertRow,
  type Computed,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { AUDIT_ACTIONS, FormAnswerGroupAuditEvent } from './resources.js';

type AuditAction = (typeof AUDIT_ACTIONS)[number];

export async function recordAudit(
  work: Work,
  group: StoredRow,
  action: AuditAction,
  details: { userId?: number; description?: string } = {},
): Promise<void> {
  await insertRow(
    work,
    FormAnswerGroupAuditEvent,
    {
      form_answer_group_id: group.id,
      action,
      committed_by_id: details.userId ?? work.caller.userId,
      description: details.description ?? null,
    },
    group.organization_id,
  );
}

/** createAddendum's `after` hook: the note the addendum was added to records it. */
export async function auditAddendum(work: Work, change: RecordChange): Promise<void> {
  const groupId = change.row.form_answer_group_id;
  if (typeof groupId !== 'number') return;
  const group = { id: groupId, organization_id: change.row.organization_id };
  await recordAudit(work, group, 'ADDENDUM_CREATED', {
    ...(typeof change.row.user_id === 'number' ? { userId: change.row.user_id } : {}),
  });
}

const isoTime = (value: unknown) => (typeof value === 'number' ? new Date(value).toISOString() : null);

export const auditEventFields: Record<string, Computed> = {
  // An entry is committed as it is written.
  committed_at: { type: 'ISO8601DateTime!', resolve: (row) => isoTime(row.created_at) },
};

export const versioningStreamName: Computed = {
  type: 'String',
  resolve: (group) => `FormAnswerGroup$${group.id}`,
};
