/**
 * updateClient's nested records: `policies` (Healthie's only way to add or remove a policy),
 * `location`, `locations` and `diagnoses` (charting a diagnosis on the patient). An item with `id` updates
 * that record (or deletes it with `_destroy`); an item without one creates a record for the client. Each
 * change emits its own event after the client's.
 */
import { z } from 'zod';
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  parseInput,
  typedTransaction,
  updateRecord,
  within,
  type AnyResource,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Diagnosis } from '../clinical/index.js';
import { Location, Policy, type PatientsTables } from './resources.js';

type Item = Record<string, unknown>;

const item = z.record(z.string(), z.unknown());
/** A list of nested items; null entries are skipped (and do not count in the `policies[i]` index). */
const items = z
  .array(item.nullable())
  .nullish()
  .transform((list) => (list ?? []).filter((entry) => entry !== null));

const nestedInput = z.object({
  policies: items,
  location: item.nullish(),
  locations: items,
  diagnoses: items,
});

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

export async function applyClientNestedRecords(work: Work, change: RecordChange): Promise<void> {
  const { row: client } = change;
  const input = parseInput(nestedInput, change.input);
  for (const [index, entry] of input.policies.entries()) {
    await within(`policies[${index}]`, () => applyItem(work, Policy, client, entry));
  }
  const primary = input.location;
  if (primary) {
    // Without an id, `location` is the client's main address: the first one they have, or a new one.
    const existing = primary.id ?? (await firstLocation(work, client))?.id;
    await within('location', () => applyItem(work, Location, client, { ...primary, id: existing }));
  }
  for (const [index, entry] of input.locations.entries()) {
    await within(`locations[${index}]`, () => applyItem(work, Location, client, entry));
  }
  for (const [index, entry] of input.diagnoses.entries()) {
    await within(`diagnoses[${index}]`, () => applyItem(work, Diagnosis, client, entry));
  }
}

async function firstLocation(work: Work, client: StoredRow): Promise<{ id: number } | undefined> {
  return typedTransaction<PatientsTables>(work)
    .selectFrom('locations')
    .select('id')
    .where('user_id', '=', client.id)
    .orderBy('id')
    .executeTakeFirst();
}
