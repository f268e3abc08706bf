/**
 * `track_opened_event: true` on `formAnswerGroup` and `requestedFormCompletion`: the read records that the
 * form (or the request for it) was opened, as Healthie's client apps ask when they show one. The first
 * opening is kept as `opened_at` (a carehooks field; later openings leave it). The webhook reference
 * documents no event for an opening, so none is sent.
 */
import { parseId, type ByIdSpec, type Reader, type StoredRow } from '../../registry/index.js';

type Find = NonNullable<ByIdSpec['find']>;

/** The record `id` names, in scope (a soft-deleted one only with `include_deleted`). */
async function byId(
  reader: Reader,
  table: string,
  args: Record<string, unknown>,
  softDelete: boolean,
): Promise<StoredRow | null> {
  const id = args.id === undefined || args.id === null ? null : parseId(args.id);
  if (id === null) return null;
  let query = reader.db
    .selectFrom(table)
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', 'in', reader.scope);
  if (softDelete && args.include_deleted !== true) query = query.where('deleted_at', 'is', null);
  return ((await query.executeTakeFirst()) as StoredRow | undefined) ?? null;
}

/** Wraps a by-id `find` so that `track_opened_event: true` stamps the record it answers. */
export function tracksOpening(table: string, options: { softDelete: boolean; find?: Find }): Find {
  return async (reader, args) => {
    const chosen = options.find ? await options.find(reader, args) : undefined;
    if (args.track_opened_event !== true) return chosen;
    const row = chosen === undefined ? await byId(reader, table, args, options.softDelete) : chosen;
    if (!row || row.opened_at != null) return row;
    const now = new Date().toISOString();
    await reader.db
      .updateTable(table)
      .set({ opened_at: now })
      .where('id', '=', row.id)
      .where('opened_at', 'is', null)
      .execute();
    return { ...row, opened_at: now };
  };
}
