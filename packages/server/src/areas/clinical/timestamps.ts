/**
 * Client-given record times. Healthie lets an import back-date a record (`created_at`, and on some creates
 * `updated_at`); the time is read like the other dates (a time without zone is UTC) and written after the
 * record, so its event is the ordinary `created`. Re-dating an entry on update is part of the one
 * `updated` event and listed in its `changed_fields` as `created_at`.
 */
import {
  emitFor,
  fail,
  label,
  requireRow,
  updateRow,
  type AnyResource,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { instantOf } from './list-args.js';

type Stamp = 'created_at' | 'updated_at';

function readStamp(input: Record<string, unknown>, name: Stamp): number | undefined {
  const raw = input[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const at = instantOf(raw);
  if (at === null) fail(name, `${label(name)} must be a date and time (YYYY-MM-DD HH:MM)`);
  return at;
}

/** An `after` hook of a create: the record takes the times the input gives. */
export function givenTimes(r: AnyResource, names: readonly Stamp[]) {
  return async (work: Work, change: RecordChange): Promise<void> => {
    const set: Partial<Record<Stamp, number>> = {};
    for (const name of names) {
      const at = readStamp(change.input, name);
      if (at !== undefined) set[name] = at;
    }
    if (Object.keys(set).length === 0) return;
    await work.db.updateTable(r.table).set(set).where('id', '=', change.row.id).execute();
    Object.assign(change.row, set);
  };
}

/** Updates that re-dated their record, by input, until their `after` hook refreshes the answer. */
const redated = new WeakMap<object, StoredRow>();

/**
 * A `before` hook of an update: when `created_at` moves the record, the update is written here with it and
 * announced once, `created_at` last in `changed_fields`; the standard write then has nothing left to do.
 */
export function redate(r: AnyResource) {
  return async (
    work: Work,
    values: Record<string, unknown>,
    input: Record<string, unknown>,
  ): Promise<void> => {
    const at = readStamp(input, 'created_at');
    if (at === undefined) return;
    const current = await requireRow(work, r, input.id);
    if (Number(current.created_at) === at) return;
    const { row, changed } = await updateRow(work, r, current, values);
    const dated = (await work.db
      .updateTable(r.table)
      .set({ created_at: at, updated_at: work.uow.now })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow()) as StoredRow;
    await emitFor(work, r, 'updated', dated, { changedFields: [...changed, 'created_at'] });
    for (const name of Object.keys(values)) delete values[name];
    redated.set(input, dated);
  };
}

/** The `after` part of `redate`: the mutation answers the re-dated record. */
export async function answerRedated(_work: Work, change: RecordChange): Promise<void> {
  const dated = redated.get(change.input);
  if (dated) Object.assign(change.row, dated);
}
