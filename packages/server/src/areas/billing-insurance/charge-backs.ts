/**
 * `updateChargeBack`: a provider answers a dispute with evidence. The evidence is kept as given
 * (`charge_back_evidence`) and as Healthie's `evidence`; its files (Healthie's Upload, which reaches
 * carehooks as a data URL) are not kept: each is named by an id made from its content (`file_…`), as the
 * processor would name its upload. With `final_submission` the evidence is submitted and the dispute goes
 * under review; until then it is only saved.
 */
import { createHash } from 'node:crypto';
import {
  createRecord,
  fail,
  updateRecord,
  within,
  type Computed,
  type MutationHooks,
  type RecordChange,
} from '../../registry/index.js';
import { childrenOf, nestedItem } from '../../registry/nested-input.js';
import { ChargeBackEvidence } from './resources.js';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^,]*)?,/;

/** The evidence's file fields (Healthie's Upload). */
export const EVIDENCE_FILES = [
  'cancellation_policy',
  'customer_communication',
  'refund_policy',
  'uncategorized_file',
] as const;

export const chargeBackHooks: MutationHooks = {
  async before(_work, values, input) {
    if (input.final_submission === true) values.status = 'under_review';
    const evidence = nestedItem(input.charge_back_evidence);
    if (!evidence) return;
    const kept: Record<string, unknown> = { ...evidence };
    for (const name of EVIDENCE_FILES) {
      const file = evidence[name];
      if (file === undefined || file === null || file === '') continue;
      if (typeof file !== 'string' || !DATA_URL.test(file))
        fail(`charge_back_evidence.${name}`, 'must be a data URL (data:<type>;base64,...)');
      kept[name] = `file_${createHash('sha256').update(file).digest('hex').slice(0, 24)}`;
    }
    values.charge_back_evidence = JSON.stringify(kept);
  },
  async after(work, change: RecordChange) {
    if (!change.changedFields.includes('charge_back_evidence')) return;
    const evidence = JSON.parse(String(change.row.charge_back_evidence)) as Record<string, unknown>;
    await within('charge_back_evidence', async () => {
      const [existing] = await childrenOf(work, ChargeBackEvidence, 'charge_back_id', change.row.id);
      if (existing) await updateRecord(work, ChargeBackEvidence, existing, evidence);
      else await createRecord(work, ChargeBackEvidence, { ...evidence, charge_back_id: change.row.id });
    });
  },
};

/** What the processor asks to see for each reason of dispute (Stripe's recommended evidence). */
const EVIDENCE_BY_REASON: Record<string, readonly string[]> = {
  fraudulent: [
    'customer_name',
    'customer_email_address',
    'billing_address',
    'customer_communication',
    'product_description',
    'uncategorized_text',
  ],
  subscription_canceled: [
    'cancellation_policy',
    'cancellation_policy_disclosure',
    'cancellation_rebuttal',
    'customer_communication',
    'product_description',
  ],
  product_unacceptable: [
    'product_description',
    'customer_communication',
    'refund_policy',
    'refund_policy_disclosure',
    'refund_refusal_explanation',
  ],
  product_not_received: [
    'product_description',
    'customer_communication',
    'uncategorized_file',
    'uncategorized_text',
  ],
  credit_not_processed: [
    'refund_policy',
    'refund_policy_disclosure',
    'refund_refusal_explanation',
    'customer_communication',
  ],
  duplicate: ['product_description', 'customer_communication', 'uncategorized_text'],
};
const GENERAL_EVIDENCE = [
  'customer_name',
  'customer_email_address',
  'product_description',
  'customer_communication',
  'uncategorized_text',
  'uncategorized_file',
];

/** `needs_response` → `Needs response`. */
const readable = (value: unknown) =>
  typeof value === 'string' && value !== ''
    ? value.charAt(0).toUpperCase() + value.slice(1).replace(/_/g, ' ')
    : null;

export const chargeBackFields: Record<string, Computed> = {
  evidence: {
    type: 'ChargeBackEvidence',
    resolve: async (row, reader) =>
      (await reader.db
        .selectFrom('charge_back_evidences')
        .selectAll()
        .where('charge_back_id', '=', row.id)
        .where('organization_id', 'in', reader.scope)
        .executeTakeFirst()) ?? null,
  },
  evidence_fields_to_submit: {
    type: '[String]',
    resolve: (row) => [...(EVIDENCE_BY_REASON[String(row.reason)] ?? GENERAL_EVIDENCE)],
  },
  formatted_reason: { type: 'String', resolve: (row) => readable(row.reason) },
  formatted_status: { type: 'String', resolve: (row) => readable(row.status) },
};
