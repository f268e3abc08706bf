/**
 * Payment request (invoice) specifics: who pays it instead of the client (`requested_payer`, a payer named
 * by `id` or a new one), the template it comes from or is saved as (`requested_payment_template`,
 * `use_as_template`), amounts written off it (`write_offs`, each added, changed or `_destroy`ed), and the
 * emails it records (`send_request_email`, `resend_receipt`).
 */
import {
  createRecord,
  fail,
  findRow,
  parseId,
  updateRecord,
  updateRow,
  within,
  type MutationHooks,
  type RecordChange,
  type Work,
} from '../../registry/index.js';
import { applyChildren, nestedItem, nestedItems } from '../../registry/nested-input.js';
import { RequestedPayer, RequestedPayment, RequestedPaymentTemplate, WriteOff } from './resources.js';

const nowIso = (work: Work) => new Date(work.uow.now).toISOString();

/** `requested_payer`: the payer named by `id` (its other fields update it), or a new payer. */
async function payer(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  const given = nestedItem(input.requested_payer);
  if (!given) return;
  await within('requested_payer', async () => {
    const { id, ...fields } = given;
    if (id === undefined || id === null || id === '') {
      values.requested_payer_id = (await createRecord(work, RequestedPayer, fields)).id;
      return;
    }
    const parsed = parseId(id);
    const row = parsed === null ? undefined : await findRow(work, RequestedPayer, parsed);
    if (!row) fail('id', `RequestedPayer ${String(id)} was not found`);
    await updateRecord(work, RequestedPayer, row, fields);
    values.requested_payer_id = row.id;
  });
}

/** `requested_payment_template` with `id`: the request uses that template (its other fields update it). */
async function chosenTemplate(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  const given = nestedItem(input.requested_payment_template);
  if (!given || given.id === undefined || given.id === null || given.id === '') return;
  await within('requested_payment_template', async () => {
    const { id, ...fields } = given;
    const parsed = parseId(id);
    const row = parsed === null ? undefined : await findRow(work, RequestedPaymentTemplate, parsed);
    if (!row) fail('id', `RequestedPaymentTemplate ${String(id)} was not found`);
    await updateRecord(work, RequestedPaymentTemplate, row, fields);
    values.requested_payment_template_id = row.id;
  });
}

async function beforeWrite(work: Work, values: Record<string, unknown>, input: Record<string, unknown>) {
  await payer(work, values, input);
  await chosenTemplate(work, values, input);
  if (input.send_request_email === true) values.email_sent_at = nowIso(work);
  if (input.resend_receipt === true) values.receipt_sent_at = nowIso(work);
}

/** A new template made from the request (`requested_payment_template` without `id`, or `use_as_template`). */
async function saveTemplate(work: Work, change: RecordChange): Promise<void> {
  const given = nestedItem(change.input.requested_payment_template);
  const fresh = given !== undefined && (given.id === undefined || given.id === null || given.id === '');
  if (!fresh && change.input.use_as_template !== true) return;
  const template = await within('requested_payment_template', () =>
    createRecord(work, RequestedPaymentTemplate, {
      name: given?.name ?? change.row.services_provided ?? `Invoice ${change.row.id}`,
      active_template: given?.active_template ?? true,
      requested_payment_id: change.row.id,
    }),
  );
  const { row } = await updateRow(work, RequestedPayment, change.row, {
    requested_payment_template_id: template.id,
  });
  change.row.requested_payment_template_id = row.requested_payment_template_id;
}

async function afterWrite(work: Work, change: RecordChange): Promise<void> {
  await applyChildren(
    work,
    WriteOff,
    'requested_payment_id',
    change.row,
    'write_offs',
    nestedItems(change.input.write_offs),
  );
  await saveTemplate(work, change);
}

export const requestedPaymentHooks: MutationHooks = { before: beforeWrite, after: afterWrite };
