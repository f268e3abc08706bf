/**
 * How Healthie's by-id queries of forms read their further arguments: each narrows the record the `id`
 * names (answering null when it does not match), or names the record itself when no `id` is given.
 * Declarations import this module, so it imports only the registry.
 */
import { decodeCursor, parseId, type Reader, type StoredRow } from '../../registry/index.js';

type Args = Record<string, unknown>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
type Query = any;

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

async function first(reader: Reader, table: string, narrow: (q: Query) => Query): Promise<StoredRow | null> {
  const query = reader.db.selectFrom(table).selectAll().where('organization_id', 'in', reader.scope);
  return ((await narrow(query).orderBy('id', 'desc').executeTakeFirst()) as StoredRow | undefined) ?? null;
}

/**
 * `customModuleForm(id, after, charting, default)`: the template named by `id` (or by a list cursor,
 * `after`), when it is a charting template (`charting`) and one of Healthie's own (`default`; carehooks
 * holds none, so that finds nothing).
 */
export async function findTemplate(reader: Reader, args: Args): Promise<StoredRow | null | undefined> {
  if (!given(args.after) && args.charting !== true && args.default !== true) return undefined;
  const id = given(args.id) ? parseId(args.id) : decodeCursor(args.after);
  if (id === null) return null;
  return first(reader, 'custom_module_forms', (q) => {
    let query = q.where('id', '=', id);
    if (args.charting === true) query = query.where('use_for_charting', '=', 1);
    if (args.default === true) query = query.where('uploaded_by_healthie_team', '=', 1);
    return query;
  });
}

/**
 * `formAnswerGroup(id, ids, external_id, appointment_form_answer_group_connection_id, for_superbills)`: the
 * submission named by its id (or the newest of `ids`), its `external_id`, or its link to an appointment;
 * with `for_superbills`, only a note written for an appointment (what a superbill is made from).
 */
export async function findSubmission(reader: Reader, args: Args): Promise<StoredRow | null | undefined> {
  const keys = ['ids', 'external_id', 'appointment_form_answer_group_connection_id', 'for_superbills'];
  if (!keys.some((name) => given(args[name]))) return undefined;
  const deleted = args.include_deleted === true;
  return first(reader, 'form_answer_groups', (q) => {
    let query = deleted ? q : q.where('deleted_at', 'is', null);
    if (given(args.id)) query = query.where('id', '=', parseId(args.id) ?? -1);
    if (Array.isArray(args.ids))
      query = query.where('id', 'in', [-1, ...args.ids.map((id) => parseId(id) ?? -1)]);
    if (given(args.external_id)) query = query.where('external_id', '=', String(args.external_id));
    if (given(args.appointment_form_answer_group_connection_id))
      query = query.where('id', 'in', (eb: Query) =>
        eb
          .selectFrom('appointment_form_answer_group_connections')
          .select('appointment_form_answer_group_connections.form_answer_group_id')
          .where(
            'appointment_form_answer_group_connections.id',
            '=',
            parseId(args.appointment_form_answer_group_connection_id) ?? -1,
          ),
      );
    if (args.for_superbills === true)
      query = query.where((eb: Query) =>
        eb.or([
          eb('appointment_id', 'is not', null),
          eb.exists(
            eb
              .selectFrom('appointment_form_answer_group_connections')
              .select('appointment_form_answer_group_connections.id')
              .whereRef(
                'appointment_form_answer_group_connections.form_answer_group_id',
                '=',
                'form_answer_groups.id',
              ),
          ),
        ]),
      );
    if (
      !given(args.id) &&
      !Array.isArray(args.ids) &&
      !given(args.external_id) &&
      !given(args.appointment_form_answer_group_connection_id)
    )
      query = query.where('id', '=', -1);
    return query;
  });
}
