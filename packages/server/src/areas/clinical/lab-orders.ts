/**
 * Lab orders beyond their stored fields: `submission` (kept for the lab vendor, a partner carehooks does
 * not run), `lab_observation_requests` (the panel's data points, each with its result, written with the
 * order; no events: the catalog has none), `force_appointment_reload` (the order is announced again for
 * the lab integration), the documents an order and its results name, the tests ordered (`lab_options`,
 * from the stored submission) and the link to a Rupa Health order.
 */
import {
  createRecord,
  emitFor,
  findRow,
  typedDb,
  within,
  type Computed,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Document } from '../documents/index.js';
import { LabObservationRequest, LabObservationResult, LabOrder, type ClinicalTables } from './resources.js';

type Item = Record<string, unknown>;

const isItem = (value: unknown): value is Item =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** updateLabOrder's `force_appointment_reload`: announced again even when nothing else changed. */
export async function forceReload(work: Work, change: RecordChange): Promise<void> {
  if (change.input.force_appointment_reload === true && change.changedFields.length === 0)
    await emitFor(work, LabOrder, 'updated', change.row);
}

/** createLabOrder's `submission`, stored as given. */
export async function keepSubmission(
  _work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  if (isItem(input.submission)) values.submission = JSON.stringify(input.submission);
}

const RESULT_FIELDS = [
  'units',
  'reference_range',
  'qualitative_result',
  'quantitative_result',
  'notes',
  'abnormal_flag',
] as const;

/** createLabOrder's `lab_observation_requests`, each with its `lab_observation_result`. */
export async function recordObservationRequests(work: Work, change: RecordChange): Promise<void> {
  const items = change.input.lab_observation_requests;
  if (!Array.isArray(items)) return;
  for (const [index, item] of items.entries()) {
    if (!isItem(item)) continue;
    await within(`lab_observation_requests[${index}]`, async () => {
      const request = await createRecord(work, LabObservationRequest, {
        lab_order_id: change.row.id,
        lab_analyte: item.lab_analyte,
      });
      const result = item.lab_observation_result;
      if (!isItem(result)) return;
      const fields: Item = { lab_observation_request_id: request.id };
      for (const name of RESULT_FIELDS) if (result[name] !== undefined) fields[name] = result[name];
      await within('lab_observation_result', () => createRecord(work, LabObservationResult, fields));
    });
  }
}

async function documentNamed(reader: Reader, id: unknown): Promise<StoredRow | null> {
  return typeof id === 'number' ? ((await findRow(reader, Document, id)) ?? null) : null;
}

/** The newest result document of an order. */
async function latestResultDocument(order: StoredRow, reader: Reader): Promise<StoredRow | null> {
  const latest = await typedDb<ClinicalTables>(reader)
    .selectFrom('lab_results')
    .select('document_id')
    .where('lab_order_id', '=', order.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return documentNamed(reader, latest?.document_id);
}

/**
 * Healthie's lab option (a test a lab offers) and its markers. carehooks keeps no lab catalogue: a lab option
 * is a test as an order names it (`submission.tests`), so its markers are not known (null).
 */
export const labOptionTypes: Record<string, Record<string, string>> = {
  LabOption: {
    id: 'ID!',
    lab_name: 'String',
    markers: '[LabOptionMarker!]',
    name: 'String!',
    provider_identifier: 'ID',
  },
  LabOptionMarker: { description: 'String', name: 'String!' },
};

export interface LabOptionValue {
  id: string;
  lab_name: string | null;
  markers: null;
  name: string;
  provider_identifier: string;
}

/** The tests an order's stored submission names, as lab options of the order's lab. */
export function labOptionsOf(order: Record<string, unknown>): LabOptionValue[] {
  const submission: unknown = typeof order.submission === 'string' ? JSON.parse(order.submission) : null;
  const tests = isItem(submission) && Array.isArray(submission.tests) ? submission.tests : [];
  const lab = [order.lab, order.lab_company].find((name) => typeof name === 'string' && name !== '');
  return tests.filter(isItem).flatMap((test) => {
    const identifier = test.provider_identifier;
    if (identifier === undefined || identifier === null || identifier === '') return [];
    const name = typeof test.name === 'string' && test.name !== '' ? test.name : String(identifier);
    return [
      {
        id: String(identifier),
        lab_name: (lab as string | undefined) ?? null,
        markers: null,
        name,
        provider_identifier: String(identifier),
      },
    ];
  });
}

/** Where a provider views a Rupa Health order (the order's page in Rupa's practitioner app). */
const RUPA_ORDER_URL = 'https://labs.rupahealth.com/orders/';

export const labOrderFields: Record<string, Computed> = {
  lab_options: { type: '[LabOption!]!', resolve: labOptionsOf },
  // Only an order placed through Rupa Health has Rupa's order id.
  view_rupa_order_url: {
    type: 'String',
    resolve: (order) =>
      typeof order.rupa_order_id === 'string' && order.rupa_order_id !== ''
        ? `${RUPA_ORDER_URL}${encodeURIComponent(order.rupa_order_id)}`
        : null,
  },
  document: { type: 'Document', resolve: (order, reader) => documentNamed(reader, order.document_id) },
  pdf_document: { type: 'Document', resolve: latestResultDocument },
  requisition_document: {
    type: 'Document',
    resolve: (order, reader) => documentNamed(reader, order.requisition_document_id),
  },
  // Results come with a document to show once the order has one.
  show_pdf_messages: {
    type: 'Boolean',
    resolve: async (order, reader) => (await latestResultDocument(order, reader)) !== null,
  },
};

export const labResultFields: Record<string, Computed> = {
  document: { type: 'Document', resolve: (result, reader) => documentNamed(reader, result.document_id) },
};
