/**
 * How `document` reads `care_plan_id` and `course_id` (./resources.ts declares them; this file reads the
 * table by name): the document must belong to that care plan / course. With `id` it is that document when
 * it does (else none); without, the oldest document of that care plan / course.
 */
import { parseId, type Reader, type StoredRow } from '../../registry/index.js';

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

export async function findDocument(
  reader: Reader,
  args: Record<string, unknown>,
): Promise<StoredRow | null | undefined> {
  if (!given(args.care_plan_id) && !given(args.course_id)) return undefined;
  let query = reader.db.selectFrom('documents').selectAll().where('organization_id', 'in', reader.scope);
  if (given(args.id)) query = query.where('id', '=', parseId(args.id) ?? -1);
  for (const column of ['care_plan_id', 'course_id'] as const) {
    if (given(args[column])) query = query.where(column, '=', parseId(args[column]) ?? -1);
  }
  return ((await query.orderBy('id').executeTakeFirst()) as StoredRow | undefined) ?? null;
}
