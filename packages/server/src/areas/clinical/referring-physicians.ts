/**
 * A referring physician's nested inputs: `location` (their address, a Location record: updated when they
 * have one, created otherwise, before the physician is written so its `location_id` is stored with it) and
 * `referrals` (an item with `id` updates or, with `_destroy`, removes one of this physician's referrals;
 * an item without creates one). Each nested change emits its own event.
 */
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  requireRow,
  typedDb,
  updateRecord,
  within,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Location } from '../patients/index.js';
import { Referral, ReferringPhysician, type ClinicalTables } from './resources.js';

type Item = Record<string, unknown>;

const isItem = (value: unknown): value is Item => typeof value === 'object' && value !== null;

export async function physicianLocation(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const item = input.location;
  if (!isItem(item)) return;
  await within('location', async () => {
    const { id, ...fields } = item;
    const current =
      input.id === undefined ? undefined : await findRow(work, ReferringPhysician, parseId(input.id) ?? -1);
    const existingId = id ?? current?.location_id;
    if (existingId !== undefined && existingId !== null && existingId !== '') {
      const row = await requireRow(work, Location, existingId);
      await updateRecord(work, Location, row, fields);
      values.location_id = row.id;
    } else {
      values.location_id = (await createRecord(work, Location, fields)).id;
    }
  });
}

async function applyReferral(work: Work, physician: StoredRow, item: Item): Promise<void> {
  const { id, _destroy: destroy, ...fields } = item;
  if (id !== undefined && id !== null && id !== '') {
    const referralId = parseId(id);
    const row = referralId === null ? undefined : await findRow(work, Referral, referralId);
    if (!row || row.referring_physician_id !== physician.id) {
      fail('id', `Referral ${String(id)} was not found for this referring physician`);
    }
    if (destroy === true) await deleteRecord(work, Referral, row);
    else await updateRecord(work, Referral, row, fields);
  } else if (destroy !== true) {
    await createRecord(work, Referral, { ...fields, referring_physician_id: physician.id });
  }
}

export async function physicianReferrals(work: Work, change: RecordChange): Promise<void> {
  const items = Array.isArray(change.input.referrals) ? change.input.referrals : [];
  for (const [index, item] of items.entries()) {
    if (!isItem(item)) continue;
    await within(`referrals[${index}]`, () => applyReferral(work, change.row, item));
  }
}

export async function referralsCount(row: StoredRow, reader: Reader): Promise<number> {
  const counted = await typedDb<ClinicalTables>(reader)
    .selectFrom('referrals')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('referring_physician_id', '=', row.id)
    .where('organization_id', 'in', reader.scope)
    .executeTakeFirst();
  return Number(counted?.count ?? 0);
}
