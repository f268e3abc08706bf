/**
 * updateClient's nested records and actions, after the client's own change (and its event):
 * - `policies` (Healthie's only way to add or remove a policy), each with its `holder_location` /
 *   `payer_location` addresses and `insurance_plan`; `location`, `locations`; `diagnoses` (charting a
 *   diagnosis on the patient); `referrals` (with a new referring physician when one is described).
 *   An item with `id` updates that record (or deletes it with `_destroy`); one without creates a record.
 * - `advance_appointment_prices` and `appointment_type_credits_attributes`: one per appointment type.
 * - `client_source`: how the client was acquired (one per client).
 * - `remove_card_on_file` deletes the saved cards, then `token` saves a new one.
 * - `requested_form_completion_id` completes that form request of the client.
 * - `resend_welcome` and `send_form_request_reminder` record when they were queued (no event: they are
 *   notices to the client, not changes of the record).
 * Each record change emits its own event, in that order.
 */
import { z } from 'zod';
import {
  createRecord,
  deleteRecord,
  emitFor,
  fail,
  findRow,
  parseId,
  parseInput,
  typedTransaction,
  updateRecord,
  updateRow,
  within,
  type AnyResource,
  type MutationHooks,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { StripeCustomerDetail } from '../billing-insurance/index.js';
import { Diagnosis, Referral, ReferringPhysician } from '../clinical/index.js';
import { RequestedFormCompletion } from '../forms-charting/index.js';
import { cardImageDocuments } from './card-images.js';
import { stamp } from './clients.js';
import {
  AdvanceAppointmentPrice,
  AppointmentTypeCredit,
  ClientSource,
  Location,
  Policy,
  type PatientsTables,
} from './resources.js';

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
  referrals: items,
  advance_appointment_prices: items,
  appointment_type_credits_attributes: items,
  client_source: item.nullish(),
  remove_card_on_file: z.boolean().nullish(),
  token: z.string().nullish(),
  requested_form_completion_id: z.union([z.string(), z.number()]).nullish(),
  resend_welcome: z.boolean().nullish(),
  send_form_request_reminder: z.boolean().nullish(),
});

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

async function ownedRow(
  work: Work,
  r: AnyResource,
  raw: unknown,
  belongs: (row: StoredRow) => boolean,
  what: string,
): Promise<StoredRow> {
  const id = parseId(raw);
  const row = id === null ? undefined : await findRow(work, r, id);
  if (!row || !belongs(row)) fail('id', `${r.name} ${String(raw)} was not found for this ${what}`);
  return row;
}

/**
 * Creates, updates or (`_destroy`) deletes one nested record of `owner`; `hooks` may set the values a
 * nested input gives in its own shape. Answers the row written, or undefined when deleted.
 */
async function applyItem(
  work: Work,
  r: AnyResource,
  owner: { column: string; row: StoredRow; what: string },
  entry: Item,
  hooks: MutationHooks = {},
): Promise<StoredRow | undefined> {
  const { id, _destroy: destroy, ...fields } = entry;
  const values = { ...fields, [owner.column]: owner.row.id };
  if (given(id)) {
    const row = await ownedRow(work, r, id, (found) => found[owner.column] === owner.row.id, owner.what);
    if (destroy === true) {
      await deleteRecord(work, r, row);
      return undefined;
    }
    return (await updateRecord(work, r, row, values, hooks)).row;
  }
  return destroy === true ? undefined : createRecord(work, r, values, hooks);
}

const clientOwned = (client: StoredRow) => ({ column: 'user_id', row: client, what: 'client' });

/** A policy's address (`holder_location`, `payer_location`): a Location of the client. */
async function policyAddress(
  work: Work,
  client: StoredRow,
  address: Item,
  currentId: unknown,
): Promise<number | null | undefined> {
  const entry = { ...address, id: address.id ?? currentId ?? undefined };
  const row = await applyItem(work, Location, clientOwned(client), entry);
  return row === undefined ? null : row.id;
}

const insurancePlanInput = z.object({
  plan: z
    .object({ id: z.union([z.string(), z.number()]).nullish(), payer_name: z.string().nullish() })
    .nullish(),
});

async function applyPolicy(work: Work, client: StoredRow, entry: Item): Promise<void> {
  const {
    holder_location: holder,
    payer_location: payer,
    insurance_plan: rawPlan,
    insurance_card_front: front,
    insurance_card_back: back,
    ...policy
  } = entry;
  const current = given(policy.id)
    ? await ownedRow(work, Policy, policy.id, (row) => row.user_id === client.id, 'client')
    : undefined;
  const set: Record<string, unknown> = await cardImageDocuments(work, client, {
    insurance_card_front: front,
    insurance_card_back: back,
  });
  if (holder && typeof holder === 'object')
    set.holder_location_id = await within('holder_location', () =>
      policyAddress(work, client, holder as Item, current?.holder_location_id),
    );
  if (payer && typeof payer === 'object')
    set.payer_location_id = await within('payer_location', () =>
      policyAddress(work, client, payer as Item, current?.payer_location_id),
    );
  const plan = await within(
    'insurance_plan',
    async () => parseInput(insurancePlanInput, { plan: rawPlan }).plan,
  );
  if (plan) {
    if (plan.id !== undefined) policy.insurance_plan_id = plan.id;
    if (plan.payer_name !== undefined) set.payer_name = plan.payer_name;
  }
  await applyItem(work, Policy, clientOwned(client), policy, {
    before: async (_work, values) => {
      Object.assign(values, set);
    },
  });
}

/** A referral of the client, by a physician named by id or described (created or updated first). */
async function applyReferral(work: Work, client: StoredRow, entry: Item): Promise<void> {
  const { referring_physician: physician, ...referral } = entry;
  if (physician && typeof physician === 'object') {
    const { id: physicianId, location, legalname, _destroy: _ignored, ...fields } = physician as Item;
    const physicianValues: Item = {
      ...fields,
      ...(legalname === undefined ? {} : { business_name: legalname }),
    };
    const existing = given(physicianId)
      ? await findRow(work, ReferringPhysician, parseId(physicianId) ?? -1)
      : undefined;
    if (given(physicianId) && !existing)
      fail('referring_physician.id', `ReferringPhysician ${String(physicianId)} was not found`);
    let locationId: number | undefined;
    if (location && typeof location === 'object') {
      const { id: addressId, _destroy: _d, ...addressFields } = location as Item;
      const target = given(addressId) ? addressId : (existing?.location_id ?? undefined);
      const row = given(target)
        ? (await updateRecord(work, Location, target, addressFields)).row
        : await createRecord(work, Location, addressFields);
      locationId = row.id;
    }
    const hooks: MutationHooks = {
      before: async (_work, stored) => {
        if (locationId !== undefined) stored.location_id = locationId;
      },
    };
    const saved = await within('referring_physician', async () =>
      existing
        ? (await updateRecord(work, ReferringPhysician, existing, physicianValues, hooks)).row
        : createRecord(work, ReferringPhysician, physicianValues, hooks),
    );
    referral.referring_physician_id = saved.id;
  }
  await applyItem(work, Referral, clientOwned(client), referral);
}

/**
 * One record per appointment type and client: an item without `id` for a type the client already has
 * updates that record.
 */
async function applyPerType(work: Work, r: AnyResource, client: StoredRow, entry: Item): Promise<void> {
  let id = entry.id;
  if (!given(id) && given(entry.appointment_type_id)) {
    const existing = (await work.db
      .selectFrom(r.table)
      .select('id')
      .where('user_id', '=', client.id)
      .where('appointment_type_id', '=', parseId(entry.appointment_type_id) ?? -1)
      .executeTakeFirst()) as { id: number } | undefined;
    id = existing?.id;
  }
  await applyItem(work, r, clientOwned(client), { ...entry, id });
}

async function applyClientSource(work: Work, client: StoredRow, source: Item): Promise<void> {
  const existing = await typedTransaction<PatientsTables>(work)
    .selectFrom('client_sources')
    .select('id')
    .where('user_id', '=', client.id)
    .executeTakeFirst();
  await applyItem(work, ClientSource, clientOwned(client), { ...source, id: source.id ?? existing?.id });
}

async function removeCards(work: Work, client: StoredRow): Promise<void> {
  const cards = await work.db
    .selectFrom(StripeCustomerDetail.table)
    .selectAll()
    .where('user_id', '=', client.id)
    .where('organization_id', 'in', work.scope)
    .orderBy('id')
    .execute();
  for (const card of cards as StoredRow[]) await deleteRecord(work, StripeCustomerDetail, card);
}

/** A card saved from a payment token: the token stands for the source (carehooks calls no processor). */
async function saveCard(work: Work, client: StoredRow, token: string): Promise<void> {
  await createRecord(
    work,
    StripeCustomerDetail,
    { user_id: client.id },
    {
      before: async (_work, values) => {
        values.stripe_id = token;
        values.source_type = 'card';
      },
    },
  );
}

async function completeRequestedForm(work: Work, client: StoredRow, raw: unknown): Promise<void> {
  const id = parseId(raw);
  const request = id === null ? undefined : await findRow(work, RequestedFormCompletion, id);
  const field = 'requested_form_completion_id';
  if (!request || request.recipient_id !== client.id)
    fail(field, `RequestedFormCompletion ${String(raw)} was not found for this client`);
  if (Number(request.is_complete) === 1) return;
  const { row, changed } = await updateRow(work, RequestedFormCompletion, request, { is_complete: 1 });
  await emitFor(work, RequestedFormCompletion, 'updated', row, { changedFields: changed });
}

/** Records a notice to the client without changing the record's fields (no event, no `updated_at`). */
async function noteNotice(
  work: Work,
  client: StoredRow,
  column: 'welcome_email_sent_at' | 'form_request_reminder_sent_at',
) {
  await typedTransaction<PatientsTables>(work)
    .updateTable('users')
    .set({ [column]: stamp(work) })
    .where('id', '=', client.id)
    .execute();
}

async function hasOpenFormRequests(work: Work, client: StoredRow): Promise<boolean> {
  const open = await work.db
    .selectFrom(RequestedFormCompletion.table)
    .select('id')
    .where('recipient_id', '=', client.id)
    .where('is_complete', '=', 0)
    .executeTakeFirst();
  return open !== undefined;
}

export async function applyClientNestedRecords(work: Work, change: RecordChange): Promise<void> {
  const { row: client } = change;
  const input = parseInput(nestedInput, change.input);
  for (const [index, entry] of input.policies.entries()) {
    await within(`policies[${index}]`, () => applyPolicy(work, client, entry));
  }
  const primary = input.location;
  if (primary) {
    // Without an id, `location` is the client's main address: the first one they have, or a new one.
    const existing = primary.id ?? (await firstLocation(work, client))?.id;
    await within('location', () =>
      applyItem(work, Location, clientOwned(client), { ...primary, id: existing }),
    );
  }
  for (const [index, entry] of input.locations.entries()) {
    await within(`locations[${index}]`, () => applyItem(work, Location, clientOwned(client), entry));
  }
  for (const [index, entry] of input.diagnoses.entries()) {
    await within(`diagnoses[${index}]`, () => applyItem(work, Diagnosis, clientOwned(client), entry));
  }
  for (const [index, entry] of input.referrals.entries()) {
    await within(`referrals[${index}]`, () => applyReferral(work, client, entry));
  }
  for (const [index, entry] of input.advance_appointment_prices.entries()) {
    await within(`advance_appointment_prices[${index}]`, () =>
      applyPerType(work, AdvanceAppointmentPrice, client, entry),
    );
  }
  for (const [index, entry] of input.appointment_type_credits_attributes.entries()) {
    await within(`appointment_type_credits_attributes[${index}]`, () =>
      applyPerType(work, AppointmentTypeCredit, client, entry),
    );
  }
  const source = input.client_source;
  if (source) await within('client_source', () => applyClientSource(work, client, source));
  if (input.remove_card_on_file === true) await removeCards(work, client);
  const token = input.token?.trim();
  if (token) await saveCard(work, client, token);
  if (given(input.requested_form_completion_id))
    await completeRequestedForm(work, client, input.requested_form_completion_id);
  if (input.resend_welcome === true) {
    if (client.email == null) fail('resend_welcome', 'The client has no email to send the welcome to');
    await noteNotice(work, client, 'welcome_email_sent_at');
  }
  if (input.send_form_request_reminder === true && (await hasOpenFormRequests(work, client)))
    await noteNotice(work, client, 'form_request_reminder_sent_at');
}

async function firstLocation(work: Work, client: StoredRow): Promise<{ id: number } | undefined> {
  return typedTransaction<PatientsTables>(work)
    .selectFrom('locations')
    .select('id')
    .where('user_id', '=', client.id)
    .orderBy('id')
    .executeTakeFirst();
}
