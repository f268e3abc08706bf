/**
 * updateClient's nested records: `policies` (Healthie's only way to add or remove a policy),
 * `location`, `locations` and `diagnoses` (charting a diagnosis on the patient). An item with `id` updates that record (or deletes it with `_destroy`); an
 * item without one creates a record for the client. Each change emits its own event after the client's.
 */
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  updateRecord,
  within,
  type AnyResource,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';

type Item = Record<string, unknown>;

async function ownedRow(work: Work, r: AnyResource, client: StoredRow, raw: unknown): Promise<StoredRow> {
  const id = parseId(raw);
  const row = id === null ? undefined : await findRow(work, r, id);
  if (!row || row.user_id !== client.id) fail('id', `${r.name} ${String(raw)} was not found for this client`);
  return row;
}

async function applyItem(work: Work, r: AnyResource, client: StoredRow, item: Item): Promise<void> {
  const { id, _destroy: destroy, ...fields } = item;
  const values = { ...fields, user_id: client.id };
  if (id !== undefined && id !== null && id !== '') {
    const row = await ownedRow(work, r, client, id);
    if (destroy === true) await deleteRecord(work, r, row);
    else await updateRecord(work, r, row, values);
  } else if (destroy !== true) {
    await createRecord(work, r, values);
  }
}

function items(value: unknown): Item[] {
  return Array.isArray(value) ? value.filter((v): v is Item => typeof v === 'object' && v !== null) : [];
}

export async function applyClientNestedRecords(work: Work, change: RecordChange): Promise<void> {
  const { input, row: client } = change;
  const policy = work.registry.get('Policy');
  const location = work.registry.get('Location');
  for (const [index, item] of items(input.policies).entries()) {
    await within(`policies[${index}]`, () => applyItem(work, policy, client, item));
  }
  const primary = input.location;
  if (typeof primary === 'object' && primary !== null) {
    // Without an id, `location` is the client's main address: the first one they have, or a new one.
    const existing = (primary as Item).id ?? (await firstLocation(work, location, client))?.id;
    await within('location', () => applyItem(work, location, client, { ...(primary as Item), id: existing }));
  }
  for (const [index, item] of items(input.locations).entries()) {
    await within(`locations[${index}]`, () => applyItem(work, location, client, item));
  }
  const diagnosis = work.registry.get('Diagnosis');
  for (const [index, item] of items(input.diagnoses).entries()) {
    await within(`diagnoses[${index}]`, () => applyItem(work, diagnosis, client, item));
  }
}

async function firstLocation(
  work: Work,
  location: AnyResource,
  client: StoredRow,
): Promise<StoredRow | undefined> {
  return (await work.db
    .selectFrom(location.table)
    .selectAll()
    .where('user_id', '=', client.id)
    .orderBy('id')
    .executeTakeFirst()) as StoredRow | undefined;
}
