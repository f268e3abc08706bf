/**
 * C-CDA imports. carehooks runs no C-CDA parser, so the exchange is split as with the other partners:
 *
 * - `parseCcdaDocument` takes the file (a data URL, `data:text/xml;name=<file>;base64,…`) and records the
 *   request (`CcdaImport`, `pending`); it answers the file's name, and no client yet. Nothing is sent.
 * - The parser's result arrives at `POST /internal/integrations/ccda/parsed`, naming the file: the client
 *   it names (`patient.id`) or a new one (`patient.created`), and what it read, kept unreconciled
 *   (`requires_consolidation`): medications (`medication.created`), allergies (`allergy_sensitivity.created`)
 *   and problems (no events in the reference).
 * - `completeCcdaReconciliation` applies the provider's choice for a client: what is named in
 *   `added_*_ids` joins the chart (`medication.updated` / `allergy_sensitivity.updated`, changed_fields
 *   ["requires_consolidation"]), everything else still unreconciled is removed (`.deleted`).
 */
import { z } from 'zod';
import {
  createInternal,
  deleteRecord,
  emitFor,
  fail,
  given,
  insertRow,
  parseInput,
  requireInScope,
  requireRow,
  typedDb,
  typedTransaction,
  updateRow,
  type AnyResource,
  type Computed,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { AllergySensitivity, CcdaImport, Medication, Problem, type ClinicalTables } from './resources.js';

const XML_TYPES = ['text/xml', 'application/xml', 'application/hl7-v3+xml', 'application/hl7-cda+xml'];
const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)((?:;[^;,]*)*),(.*)$/s;

export const parseCcdaDocument: SpecialMutation = {
  name: 'parseCcdaDocument',
  input: 'parseCcdaDocumentInput',
  inputFields: { file: 'Upload' },
  payload: 'parseCcdaDocumentPayload',
  returns: { user: 'User', xml_file_name: 'String' },
  async run(work, input) {
    const match = typeof input.file === 'string' ? DATA_URL.exec(input.file) : null;
    if (!match) fail('file', 'File must be a data URL (data:text/xml;name=<file>;base64,...)');
    const contentType = match[1]!.toLowerCase();
    if (!XML_TYPES.includes(contentType)) fail('file', `File must be a C-CDA XML file, not ${contentType}`);
    const parameters = match[2]!.split(';').filter(Boolean);
    const base64 = parameters.includes('base64');
    const named = parameters.find((p) => p.startsWith('name='))?.slice('name='.length);
    const bytes = base64 ? Buffer.from(match[3]!, 'base64') : Buffer.from(decodeURIComponent(match[3]!));
    if (bytes.length === 0) fail('file', 'File is empty');
    const request = await insertRow(work, CcdaImport, {
      xml_file_name: named ? decodeURIComponent(named) : 'pending',
      file_content_type: contentType,
      byte_size: bytes.length,
    });
    if (named) return { user: null, xml_file_name: request.xml_file_name };
    // Without a name the file is called after its request, so the parser's result can name it.
    const { row } = await updateRow(work, CcdaImport, request, { xml_file_name: `ccda-${request.id}.xml` });
    return { user: null, xml_file_name: row.xml_file_name };
  },
};

const text = z.string().trim().min(1).max(10_000);
const optional = z.string().max(10_000).nullish();
const isoDate = z.iso.date().nullish();

export const ccdaResult = z.object({
  xml_file_name: text,
  patient: z.object({
    id: z
      .union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/)])
      .transform(Number)
      .optional(),
    first_name: optional,
    last_name: optional,
    email: z.email().nullish(),
    dob: isoDate,
    gender: optional,
    phone_number: optional,
  }),
  problems: z
    .array(z.object({ name: text, code: optional }))
    .max(500)
    .default([]),
  medications: z
    .array(
      z.object({
        name: text,
        code: optional,
        dosage: optional,
        frequency: optional,
        route: optional,
        directions: optional,
        start_date: isoDate,
        end_date: isoDate,
        active: z.boolean().nullish(),
      }),
    )
    .max(500)
    .default([]),
  allergies: z
    .array(
      z.object({
        name: text,
        category: z.string().max(255).nullish(),
        reaction: optional,
        reaction_type: optional,
        severity: optional,
        status: optional,
        onset_date: isoDate,
      }),
    )
    .max(500)
    .default([]),
});

/** The parser's result for a pending import: the client, and what it read, left to reconcile. */
export async function receiveCcdaResult(work: Work, result: z.infer<typeof ccdaResult>): Promise<StoredRow> {
  const request = (await typedTransaction<ClinicalTables>(work)
    .selectFrom('ccda_imports')
    .selectAll()
    .where('xml_file_name', '=', result.xml_file_name)
    .where('status', '=', 'pending')
    .where('organization_id', 'in', work.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst()) as StoredRow | undefined;
  if (!request) fail('xml_file_name', `No C-CDA file named ${result.xml_file_name} is waiting to be parsed`);
  const { id, ...demographics } = result.patient;
  let patient: StoredRow;
  if (id !== undefined) patient = await requireInScope(work, User, id, 'patient.id');
  else {
    if (!demographics.first_name || !demographics.last_name)
      fail('patient.first_name', 'A new client needs a first and a last name');
    patient = await createInternal(
      work,
      User,
      {
        ...demographics,
        email: demographics.email?.toLowerCase(),
        skipped_email: demographics.email ? 0 : 1,
      },
      request.organization_id,
    );
  }
  const unreconciled = { user_id: patient.id, requires_consolidation: 1 };
  for (const problem of result.problems)
    await insertRow(work, Problem, { ...given(problem), ...unreconciled }, patient.organization_id);
  for (const { active, ...medication } of result.medications)
    await createInternal(
      work,
      Medication,
      { ...given(medication), active: active === false ? 0 : 1, ...unreconciled },
      patient.organization_id,
    );
  for (const allergy of result.allergies)
    await createInternal(
      work,
      AllergySensitivity,
      { category: 'allergy', ...given(allergy), ...unreconciled },
      patient.organization_id,
    );
  await updateRow(work, CcdaImport, request, { status: 'parsed', user_id: patient.id });
  return patient;
}

const idList = z
  .array(z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/, 'must be ids')]))
  .nullish()
  .transform((ids) => (ids ?? []).map(Number));

const reconcileInput = z.object({
  id: z.unknown().optional(),
  added_problem_ids: idList,
  added_medication_ids: idList,
  added_allergy_ids: idList,
});

/** Keeps the chosen unreconciled records of `r` (an update of the flag), removes the others. */
async function reconcile(
  work: Work,
  r: AnyResource,
  patient: StoredRow,
  chosen: readonly number[],
  field: string,
): Promise<void> {
  const waiting = (await work.db
    .selectFrom(r.table)
    .selectAll()
    .where('user_id', '=', patient.id)
    .where('requires_consolidation', '=', 1)
    .where('organization_id', 'in', work.scope)
    .orderBy('id')
    .execute()) as StoredRow[];
  for (const id of chosen)
    if (!waiting.some((row) => row.id === id))
      fail(field, `${r.name} ${id} is not an unreconciled record of client ${patient.id}`);
  for (const row of waiting) {
    if (!chosen.includes(row.id)) {
      await deleteRecord(work, r, row);
      continue;
    }
    const { row: kept, changed } = await updateRow(work, r, row, { requires_consolidation: 0 });
    await emitFor(work, r, 'updated', kept, { changedFields: changed });
  }
}

export const completeCcdaReconciliation: SpecialMutation = {
  name: 'completeCcdaReconciliation',
  input: 'CompleteCcdaReconciliationInput',
  inputFields: {
    id: 'ID',
    added_problem_ids: '[ID]',
    added_medication_ids: '[ID]',
    added_allergy_ids: '[ID]',
  },
  payload: 'CompleteCcdaReconciliationPayload',
  returns: { user: 'User' },
  async run(work, raw) {
    const input = parseInput(reconcileInput, raw);
    const patient = await requireRow(work, User, input.id);
    const imported = await typedTransaction<ClinicalTables>(work)
      .selectFrom('ccda_imports')
      .select('id')
      .where('user_id', '=', patient.id)
      .where('status', '=', 'parsed')
      .execute();
    if (imported.length === 0) fail('id', `Client ${patient.id} has no C-CDA import to reconcile`);
    await reconcile(work, Problem, patient, input.added_problem_ids, 'added_problem_ids');
    await reconcile(work, Medication, patient, input.added_medication_ids, 'added_medication_ids');
    await reconcile(work, AllergySensitivity, patient, input.added_allergy_ids, 'added_allergy_ids');
    await typedTransaction<ClinicalTables>(work)
      .updateTable('ccda_imports')
      .set({ status: 'reconciled', updated_at: work.uow.now })
      .where('user_id', '=', patient.id)
      .where('status', '=', 'parsed')
      .execute();
    return { user: patient };
  },
};

/** `User.problems(unreconciled_from_ccda_ingest)`: the client's problems, reconciled unless asked. */
export const userProblems: Computed = {
  type: '[Problem]',
  args: { unreconciled_from_ccda_ingest: 'Boolean' },
  resolve: (user, reader, args) =>
    typedDb<ClinicalTables>(reader)
      .selectFrom('problems')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('requires_consolidation', '=', args.unreconciled_from_ccda_ingest === true ? 1 : 0)
      .where('organization_id', 'in', reader.scope)
      .orderBy('id')
      .execute(),
};
