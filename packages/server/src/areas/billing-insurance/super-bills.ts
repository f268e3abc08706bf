/**
 * Superbill specifics: its CPT codes, diagnosis codes and receipt lines (each added, changed or
 * `_destroy`ed; a receipt line may be back-dated with `created_at`), the provider's and the patient's
 * addresses (`location`, `patient_location`: written as the patient's `Location` records, with their
 * events), and `should_email_to_client`, which records the superbill sent to the client.
 */
import {
  createRecord,
  fail,
  findRow,
  parseId,
  typedTransaction,
  updateRecord,
  within,
  type MutationHooks,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import {
  applyChild,
  applyChildren,
  nestedItem,
  nestedItems,
  type InputItem,
} from '../../registry/nested-input.js';
import { Location } from '../patients/index.js';
import { writtenInstant } from './billing-items.js';
import {
  ReceiptLineItem,
  SuperBill,
  SuperBillCptCode,
  SuperBillIcdCode,
  type BillingInsuranceTables,
} from './resources.js';

/** An address given nested: the `Location` named by `id` is updated, else a new one is made for the patient. */
export async function writeLocation(work: Work, given: InputItem, userId: unknown): Promise<StoredRow> {
  const { id, _destroy: _drop, ...fields } = given;
  if (id === undefined || id === null || id === '') {
    return createRecord(work, Location, {
      ...fields,
      ...(typeof userId === 'number' ? { user_id: userId } : {}),
    });
  }
  const parsed = parseId(id);
  const row = parsed === null ? undefined : await findRow(work, Location, parsed);
  if (!row) fail('id', `Location ${String(id)} was not found`);
  return (await updateRecord(work, Location, row, fields)).row;
}

async function beforeWrite(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  const current =
    input.id === undefined ? undefined : await findRow(work, SuperBill, parseId(input.id) ?? -1);
  const patient = values.patient_id ?? current?.patient_id;
  const provider = nestedItem(input.location);
  if (provider)
    values.location_id = (
      await within('location', () =>
        writeLocation(work, provider, values.dietitian_id ?? current?.dietitian_id),
      )
    ).id;
  const home = nestedItem(input.patient_location);
  if (home)
    values.patient_location_id = (
      await within('patient_location', () => writeLocation(work, home, patient))
    ).id;
  if (input.should_email_to_client === true)
    values.emailed_to_client_at = new Date(work.uow.now).toISOString();
}

async function afterWrite(work: Work, change: RecordChange): Promise<void> {
  const { row, input } = change;
  await applyChildren(
    work,
    SuperBillCptCode,
    'super_bill_id',
    row,
    'cpt_codes_super_bills',
    nestedItems(input.cpt_codes_super_bills),
  );
  await applyChildren(
    work,
    SuperBillIcdCode,
    'super_bill_id',
    row,
    'icd_codes_super_bills',
    nestedItems(input.icd_codes_super_bills),
  );
  for (const [index, item] of nestedItems(input.receipt_line_items)) {
    await within(`receipt_line_items[${index}]`, async () => {
      const { created_at: at, ...fields } = item;
      const instant = typeof at === 'string' && at.trim() !== '' ? writtenInstant(at) : null;
      if (typeof at === 'string' && at.trim() !== '' && instant === null)
        fail('created_at', 'Created at must be a date (YYYY-MM-DD) or a date and time');
      const line = await applyChild(work, ReceiptLineItem, 'super_bill_id', row, fields);
      // `created_at` back-dates the line.
      if (line && instant !== null)
        await typedTransaction<BillingInsuranceTables>(work)
          .updateTable('receipt_line_items')
          .set({ created_at: instant })
          .where('id', '=', line.id)
          .execute();
    });
  }
}

export const superBillHooks: MutationHooks = { before: beforeWrite, after: afterWrite };
