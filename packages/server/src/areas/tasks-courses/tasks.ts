/**
 * Completing a task records who completed it: when `complete` turns on and the input names no
 * `completed_by_id`, the caller is recorded; when it turns off, the completer is cleared. So completing a
 * task reports `changed_fields: ["complete", "completed_by_id"]`, as Healthie's does.
 */
import { findRow, parseId, type Work } from '../../registry/index.js';
import { Task } from './resources.js';

export async function recordCompleter(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (!('complete' in values) || 'completed_by_id' in values) return;
  const id = input.id === undefined ? null : parseId(input.id);
  const current = id === null ? undefined : await findRow(work, Task, id);
  if (current && Number(current.complete) === values.complete) return;
  values.completed_by_id = values.complete === 1 ? work.caller.userId : null;
}
