/**
 * How Healthie's by-id queries of clinical records read their further arguments: each narrows the record
 * the `id` names (answering null when it does not match), or names the record itself when no `id` is
 * given. Declarations import this module, so it imports only the registry.
 */
import { parseId, type Reader, type StoredRow } from '../../registry/index.js';

type Args = Record<string, unknown>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
type Query = any;

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** One row of `table` in scope matching `narrow`, newest first. */
async function first(reader: Reader, table: string, narrow: (q: Query) => Query): Promise<StoredRow | null> {
  const query = reader.db.selectFrom(table).selectAll().where('organization_id', 'in', reader.scope);
  return ((await narrow(query).orderBy('id', 'desc').executeTakeFirst()) as StoredRow | undefined) ?? null;
}

const byId = (args: Args) => (q: Query) => q.where('id', '=', parseId(args.id) ?? -1);

/**
 * `entry(id, client_id, type)`: the entry named, when it is the client's and of that type; without an id,
 * the client's latest entry (of that type).
 */
export async function findEntry(reader: Reader, args: Args): Promise<StoredRow | null | undefined> {
  if (!given(args.client_id) && !given(args.type)) return undefined;
  return first(reader, 'entries', (q) => {
    let query = given(args.id) ? byId(args)(q) : q;
    if (given(args.client_id)) query = query.where('user_id', '=', parseId(args.client_id) ?? -1);
    if (given(args.type)) query = query.where('type', '=', String(args.type));
    return query;
  });
}

/**
 * `goal(id, …)`: the goal named, when it matches: `client_id` (the client's goal; with `get_client_goal`,
 * the client's own goal made from the same template, or of the same name), `program_goal` (a program's goal
 * or not), `patient_goal_module` (a goal of a client, as the client's goals module shows), `date` (under
 * way on that day, YYYY-MM-DD).
 */
export async function findGoal(reader: Reader, args: Args): Promise<StoredRow | null | undefined> {
  const narrowing = ['client_id', 'date', 'get_client_goal', 'patient_goal_module', 'program_goal'];
  if (!narrowing.some((name) => given(args[name]))) return undefined;
  let goal = given(args.id) ? await first(reader, 'goals', byId(args)) : null;
  if (!goal) return null;
  if (given(args.client_id)) {
    const client = parseId(args.client_id) ?? -1;
    if (args.get_client_goal === true && goal.user_id !== client) {
      const source = goal;
      goal = await first(reader, 'goals', (q) =>
        q
          .where('user_id', '=', client)
          .where((eb: Query) =>
            source.source_template_id == null
              ? eb('name', '=', source.name)
              : eb('source_template_id', '=', source.source_template_id),
          ),
      );
      if (!goal) return null;
    }
    if (goal.user_id !== client) return null;
  }
  if (typeof args.program_goal === 'boolean' && (Number(goal.program_goal) === 1) !== args.program_goal)
    return null;
  if (args.patient_goal_module === true) {
    const owner = await first(reader, 'users', (q) => q.where('id', '=', Number(goal!.user_id)));
    if (owner?.user_type !== 'patient') return null;
  }
  if (given(args.date)) {
    const day = String(args.date).slice(0, 10);
    const started = typeof goal.start_on !== 'string' || goal.start_on <= day;
    const due = typeof goal.due_date !== 'string' || goal.due_date >= day;
    if (!started || !due) return null;
  }
  return goal;
}

/**
 * `prescription(prescription_id, patient_id)`: the prescription named (when it is the patient's); without
 * one, the patient's latest.
 */
export async function findPrescription(reader: Reader, args: Args): Promise<StoredRow | null | undefined> {
  if (!given(args.prescription_id) && !given(args.patient_id)) return undefined;
  return first(reader, 'prescriptions', (q) => {
    let query = q;
    const id = given(args.prescription_id) ? args.prescription_id : args.id;
    if (given(id)) query = query.where('id', '=', parseId(id) ?? -1);
    if (given(args.patient_id)) query = query.where('patient_id', '=', parseId(args.patient_id) ?? -1);
    return query;
  });
}

/**
 * `referringPhysician(id, user_id, has_fax_number)`: the physician named, when a referral links them to the
 * patient `user_id`, and has a fax number when asked; without an id, the patient's latest referring
 * physician.
 */
export async function findPhysician(reader: Reader, args: Args): Promise<StoredRow | null | undefined> {
  if (!given(args.user_id) && args.has_fax_number !== true) return undefined;
  if (!given(args.id) && !given(args.user_id)) return null;
  return first(reader, 'referring_physicians', (q) => {
    let query = given(args.id) ? byId(args)(q) : q;
    if (given(args.user_id))
      query = query.where('id', 'in', (eb: Query) =>
        eb
          .selectFrom('referrals')
          .select('referrals.referring_physician_id')
          .where('referrals.user_id', '=', parseId(args.user_id) ?? -1),
      );
    if (args.has_fax_number === true)
      query = query.where('fax_number', 'is not', null).where('fax_number', '!=', '');
    return query;
  });
}
