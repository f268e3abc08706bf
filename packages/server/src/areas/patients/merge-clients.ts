/**
 * `mergeClients`: the clients in `ids` are merged into `target_user_id`. Every record of every declared
 * resource that refers to a source client moves to the target (a record the target already has the
 * equivalent of, by the resource's `uniqueBy`, is retired instead); the source is archived (`active`
 * false). Emits one `patient.merged` per source, on the target, with `source_user_id` naming the source.
 * The moved records and the archived source emit nothing: the merge event is the one Healthie documents.
 * With `target_email` the target then takes that email (`patient.updated`).
 */
import { z } from 'zod';
import {
  emitFor,
  fail,
  parseInput,
  requireRow,
  typedTransaction,
  updateRecord,
  ValidationFailure,
  type AnyField,
  type AnyResource,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { stamp } from './clients.js';
import { User, type PatientsTables } from './resources.js';

const mergeClientsInput = z.object({
  ids: z
    .array(z.unknown())
    .nullish()
    .transform((ids) => ids ?? []),
  target_user_id: z.string().nullish(),
  target_email: z.string({ error: 'Target email must be text' }).nullish(),
});

/** Retires the rows of `r` naming `from` in `column` that would duplicate a live row naming `to`. */
async function retireDuplicates(
  work: Work,
  r: AnyResource,
  column: string,
  from: number,
  to: number,
): Promise<void> {
  const others = (r.uniqueBy ?? []).filter((name) => name !== column);
  if (others.length === (r.uniqueBy ?? []).length) return;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression builder of a dynamic table
  const duplicate = (eb: any) => {
    let twin = eb.selectFrom(`${r.table} as twin`).select('twin.id').where(`twin.${column}`, '=', to);
    for (const name of others) twin = twin.whereRef(`twin.${name}`, '=', `${r.table}.${name}`);
    if (r.softDelete) twin = twin.where('twin.deleted_at', 'is', null);
    return eb.exists(twin);
  };
  const rows = work.db.selectFrom(r.table).select('id').where(column, '=', from).where(duplicate);
  if (r.softDelete) {
    await work.db
      .updateTable(r.table)
      .set({ deleted_at: work.uow.now })
      .where('id', 'in', rows.where('deleted_at', 'is', null))
      .execute();
  } else {
    await work.db.deleteFrom(r.table).where('id', 'in', rows).execute();
  }
}

async function moveReferences(work: Work, from: number, to: number): Promise<void> {
  for (const r of work.registry.resources) {
    for (const [name, f] of Object.entries(r.fields) as Array<[string, AnyField]>) {
      if (f.kind !== 'ref' || f.target !== User.name) continue;
      await retireDuplicates(work, r, name, from, to);
      await work.db
        .updateTable(r.table)
        .set({ [name]: to })
        .where(name, '=', from)
        .execute();
    }
  }
  await typedTransaction<PatientsTables>(work)
    .updateTable('users')
    .set({ active: 0, archived_at: stamp(work), updated_at: work.uow.now })
    .where('id', '=', from)
    .execute();
}

/**
 * `target_email`: the merged client keeps this email (usually a source's): a source holding it gives it
 * up (sources are archived), then the target takes it, with its own `patient.updated`.
 */
async function keepEmail(
  work: Work,
  target: StoredRow,
  sources: StoredRow[],
  email: string,
): Promise<StoredRow> {
  const address = email.trim().toLowerCase();
  const giving = sources.filter((source) => source.email === address).map((source) => source.id);
  if (giving.length > 0)
    await typedTransaction<PatientsTables>(work)
      .updateTable('users')
      .set({ email: null, updated_at: work.uow.now })
      .where('id', 'in', giving)
      .execute();
  try {
    return (await updateRecord(work, User, target, { email: address })).row;
  } catch (error) {
    if (error instanceof ValidationFailure)
      fail('target_email', error.messages[0]!.message.replace(/^Email/, 'Target email'));
    throw error;
  }
}

export const mergeClients: SpecialMutation = {
  name: 'mergeClients',
  input: 'mergeClientsInput',
  inputFields: { ids: '[ID]', target_user_id: 'ID', target_email: 'String' },
  payload: 'mergeClientsPayload',
  returns: { user: 'User' },
  async run(work, input) {
    const { ids, target_user_id: targetId, target_email: email } = parseInput(mergeClientsInput, input);
    const target = await requireRow(work, User, targetId, 'target_user_id');
    const sources: StoredRow[] = [];
    for (const id of ids) {
      const source = await requireRow(work, User, id, 'ids');
      if (source.id !== target.id && !sources.some((s) => s.id === source.id)) sources.push(source);
    }
    if (sources.length === 0) fail('ids', 'Ids must name at least one client other than the target');
    for (const source of sources) {
      await moveReferences(work, source.id, target.id);
      await emitFor(work, User, 'merged', target, { given: { source_user_id: source.id } });
    }
    if (email != null && email.trim() !== '') return { user: await keepEmail(work, target, sources, email) };
    return { user: target };
  },
};
