/**
 * How `document` and `folder` read their further arguments (./resources.ts declares them; this file reads
 * the tables by name).
 *
 * `document`: `care_plan_id` / `course_id`: the document must belong to that care plan / course (with `id`
 * that document when it does, else none; without, the oldest document of that care plan / course).
 * `custom_module_id` names a form question of kind `document`, whose `options` hold the id of the document
 * it shows: that document (with `id`, only when it is the same one). `course_item_id` names a course item;
 * carehooks serves no course items (createCourseItem is not served), so none is found.
 *
 * `folder(custom_module_id)`: the folder holding the document that form question shows.
 */
import { parseId, type Reader, type StoredRow } from '../../registry/index.js';

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The document a form question of kind `document` shows, in scope; null when it names none. */
async function documentOfModule(reader: Reader, moduleId: unknown): Promise<StoredRow | null> {
  const module = await reader.db
    .selectFrom('custom_modules')
    .select(['mod_type', 'options'])
    .where('id', '=', parseId(moduleId) ?? -1)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  if (!module || module.mod_type !== 'document') return null;
  const documentId = parseId(typeof module.options === 'string' ? module.options.trim() : null);
  if (documentId === null) return null;
  return (
    ((await reader.db
      .selectFrom('documents')
      .selectAll()
      .where('id', '=', documentId)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst()) as StoredRow | undefined) ?? null
  );
}

export async function findDocument(
  reader: Reader,
  args: Record<string, unknown>,
): Promise<StoredRow | null | undefined> {
  if (given(args.course_item_id)) return null;
  if (given(args.custom_module_id)) {
    const shown = await documentOfModule(reader, args.custom_module_id);
    return shown && (!given(args.id) || shown.id === parseId(args.id)) ? shown : null;
  }
  if (!given(args.care_plan_id) && !given(args.course_id)) return undefined;
  let query = reader.db.selectFrom('documents').selectAll().where('organization_id', 'in', reader.scope);
  if (given(args.id)) query = query.where('id', '=', parseId(args.id) ?? -1);
  for (const column of ['care_plan_id', 'course_id'] as const) {
    if (given(args[column])) query = query.where(column, '=', parseId(args[column]) ?? -1);
  }
  return ((await query.orderBy('id').executeTakeFirst()) as StoredRow | undefined) ?? null;
}

export async function findFolder(
  reader: Reader,
  args: Record<string, unknown>,
): Promise<StoredRow | null | undefined> {
  if (!given(args.custom_module_id)) return undefined;
  const shown = await documentOfModule(reader, args.custom_module_id);
  if (!shown || typeof shown.folder_id !== 'number') return null;
  if (given(args.id) && parseId(args.id) !== shown.folder_id) return null;
  return (
    ((await reader.db
      .selectFrom('folders')
      .selectAll()
      .where('id', '=', shown.folder_id)
      .where('organization_id', 'in', reader.scope)
      .executeTakeFirst()) as StoredRow | undefined) ?? null
  );
}
