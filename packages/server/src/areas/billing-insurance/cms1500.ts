/**
 * CMS 1500 specifics. The patient, rendering provider and organization info arrive as nested objects
 * (`patient { id }`, `dietitian { id }`, `organization_info { id }`); their ids are stored. Provider
 * identifiers arrive as `rendering_provider_other_id_number` (Healthie's input) and `other_id_numbers`
 * (a list, designed by carehooks in the same shape plus `label` and `_destroy`): an item with `id` updates
 * (or with `_destroy` deletes) that identifier, one without creates it. Each emits its own
 * `other_id_number.*` after the form's event.
 */
import {
  createRecord,
  deleteRecord,
  fail,
  findRow,
  parseId,
  updateRecord,
  within,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { nestedItem, type InputItem } from '../../registry/nested-input.js';
import { User } from '../patients/index.js';
import { OtherIdNumber } from './resources.js';

/** The nested ids become the flat fields, so the usual reference checks apply to them. */
export function nestedIds(input: Record<string, unknown>): Record<string, unknown> {
  const dietitian = nestedItem(input.dietitian)?.id;
  const info = nestedItem(input.organization_info)?.id;
  return {
    ...input,
    ...(input.dietitian_id === undefined && dietitian != null ? { dietitian_id: dietitian } : {}),
    ...(input.organization_info_id === undefined && info != null ? { organization_info_id: info } : {}),
  };
}

export async function cms1500Patient(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const creating = input.id === undefined;
  const raw = nestedItem(input.patient)?.id;
  if (raw === undefined || raw === null || raw === '') {
    if (creating) fail('patient', 'Patient is required');
    return;
  }
  const id = parseId(raw);
  const patient = id === null ? undefined : await findRow(work, User, id);
  if (!patient) fail('patient', `User ${String(raw)} was not found`);
  values.patient_id = patient.id;
}

function items(input: Record<string, unknown>): Array<[string, InputItem]> {
  const list: Array<[string, InputItem]> = [];
  const single = nestedItem(input.rendering_provider_other_id_number);
  if (single) list.push(['rendering_provider_other_id_number', single]);
  if (Array.isArray(input.other_id_numbers)) {
    for (const [index, item] of input.other_id_numbers.entries()) {
      const value = nestedItem(item);
      if (value) list.push([`other_id_numbers[${index}]`, value]);
    }
  }
  return list;
}

async function applyItem(work: Work, form: StoredRow, item: InputItem): Promise<void> {
  const { id, _destroy: destroy, ...fields } = item;
  if (id === undefined || id === null || id === '') {
    if (destroy !== true) await createRecord(work, OtherIdNumber, { user_id: form.dietitian_id, ...fields });
    return;
  }
  const parsed = parseId(id);
  const row = parsed === null ? undefined : await findRow(work, OtherIdNumber, parsed);
  if (!row) fail('id', `OtherIdNumber ${String(id)} was not found`);
  if (destroy === true) await deleteRecord(work, OtherIdNumber, row);
  else await updateRecord(work, OtherIdNumber, row, fields);
}

export async function applyOtherIdNumbers(work: Work, change: RecordChange): Promise<void> {
  for (const [prefix, item] of items(change.input)) {
    await within(prefix, () => applyItem(work, change.row, item));
  }
}
