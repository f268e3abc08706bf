/**
 * Billing's read-back queries beyond each resource's by-id and list: chargebacks, cards with issues, an
 * offering's payments, claim drafts prefilled for a patient, invoice templates, a write-off, a superbill's
 * receipt lines.
 */
import { containsKeywords, readKeywords } from '../../core/keywords.js';
import {
  countRows,
  findRow,
  listRows,
  parseId,
  typedDb,
  type AnyResource,
  type Computed,
  type ListArg,
  type ListSpec,
  type Reader,
  type StoredRow,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import {
  BillingItem,
  ChargeBack,
  StripeCustomerDetail,
  WriteOff,
  type BillingInsuranceTables,
} from './resources.js';
import { issueSoon } from './card-issues.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list machinery's queries are dynamic
type Query = any;

const db = (reader: Reader) => typedDb<BillingInsuranceTables>(reader);

/** A resource read through another list of its own (Healthie has several for one type). */
const listedAs = (r: AnyResource, list: ListSpec): AnyResource => ({ ...r, list });

/** Chargebacks of the caller's payments, or (`show_all_for_org`) of the whole organization. */
const ofWhom: ListArg = {
  type: 'Boolean',
  always: true,
  apply: (query, value, reader) =>
    value === true
      ? query
      : query.where(
          'billing_item_id',
          'in',
          db(reader)
            .selectFrom('billing_items')
            .select('id')
            .where('recipient_id', '=', reader.caller.userId),
        ),
};

const chargeBackList: ListSpec = {
  name: 'chargeBacks',
  args: { show_all_for_org: ofWhom },
  orderBy: {
    enum: 'ChargeBackOrderKeys',
    values: {
      CREATED_AT_DESC: ['created_at', 'desc'],
      CREATED_AT_ASC: ['created_at', 'asc'],
      UPDATED_AT_DESC: ['updated_at', 'desc'],
      UPDATED_AT_ASC: ['updated_at', 'asc'],
    },
  },
  defaultOrder: ['created_at', 'desc'],
};

const offeringItems = (r: AnyResource): ListSpec => ({
  name: 'offeringBillingItems',
  args: {
    offering_id: {
      type: 'ID',
      always: true,
      apply: (query, value) => query.where('offering_id', '=', parseId(value) ?? -1),
    },
  },
  defaultOrder: r.list?.defaultOrder ?? ['created_at', 'desc'],
});

/**
 * A claim not yet saved, prefilled for the patient: their provider (or the one named) renders it, the
 * organization's primary info bills it, and their policies (active ones with `only_active_policies`) are
 * its policies; a base claim (`cms1500_id`) lends its other fields.
 */
async function claimDraft(reader: Reader, args: Record<string, unknown>): Promise<StoredRow | null> {
  const patientId = parseId(args.patient_id);
  const patient = patientId === null ? undefined : await findRow(reader, User, patientId);
  if (!patient) return null;
  const baseId = parseId(args.cms1500_id);
  const base =
    baseId === null
      ? undefined
      : await db(reader)
          .selectFrom('cms1500s')
          .selectAll()
          .where('id', '=', baseId)
          .where('organization_id', 'in', reader.scope)
          .executeTakeFirst();
  const provider =
    parseId(args.rendering_provider_id ?? args.provider_id) ??
    (patient.dietitian_id as number | null) ??
    reader.caller.userId;
  const info = await reader.db
    .selectFrom('organization_infos')
    .select('id')
    .where('organization_id', '=', patient.organization_id)
    .orderBy('primary', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  let policies = reader.db
    .selectFrom('policies')
    .select('id')
    .where('user_id', '=', patient.id)
    .where('organization_id', 'in', reader.scope);
  if (args.only_active_policies === true) {
    const today = new Date().toISOString().slice(0, 10);
    policies = policies.where((eb: Query) =>
      eb.and([
        eb.or([eb('effective_start', 'is', null), eb('effective_start', '<=', today)]),
        eb.or([eb('effective_end', 'is', null), eb('effective_end', '>=', today)]),
      ]),
    );
  }
  const draftPolicies = (await policies.orderBy('id').execute()).map((p: { id: number }) => ({
    id: null,
    cms1500_id: null,
    policy_id: p.id,
    organization_id: patient.organization_id,
  }));
  return {
    ...(base ?? {}),
    id: null,
    organization_id: patient.organization_id,
    patient_id: patient.id,
    dietitian_id: provider,
    organization_info_id: base?.organization_info_id ?? info?.id ?? null,
    form_answer_group_id: parseId(args.form_answer_group_id) ?? base?.form_answer_group_id ?? null,
    draft_date_of_service:
      typeof args.base_date === 'string' && args.base_date !== '' ? args.base_date : null,
    draft_policies: draftPolicies,
    created_at: Date.now(),
    updated_at: null,
  } as unknown as StoredRow;
}

export const billingQueries: Record<string, Computed> = {
  chargeBacks: {
    type: '[ChargeBack!]',
    args: { offset: 'Int', order_by: 'ChargeBackOrderKeys', per_page: 'Int', show_all_for_org: 'Boolean' },
    resolve: (_root, reader, args) =>
      listRows(reader, listedAs(ChargeBack, chargeBackList), { ...args, page_size: args.per_page }),
  },
  chargeBacksCount: {
    type: 'Int',
    args: { show_all_for_org: 'Boolean' },
    resolve: (_root, reader, args) => countRows(reader, listedAs(ChargeBack, chargeBackList), args),
  },
  cardIssues: {
    type: '[StripeCustomerDetail!]',
    args: { after: 'Cursor', offset: 'Int', order_by: 'StripeCustomerDetailOrderKeys' },
    resolve: (_root, reader, args) =>
      listRows(
        reader,
        listedAs(StripeCustomerDetail, {
          ...StripeCustomerDetail.list!,
          name: 'cardIssues',
          shouldPaginate: true,
          args: { issue: issueSoon },
          defaultOrder: ['created_at', 'desc'],
        }),
        { order_by: 'EXPIRATION_DATE_DESC', ...args },
      ),
  },
  offeringBillingItems: {
    type: '[BillingItem!]',
    args: { offering_id: 'ID', offset: 'Int' },
    resolve: (_root, reader, args) =>
      listRows(reader, listedAs(BillingItem, offeringItems(BillingItem)), args),
  },
  offeringBillingItemsCount: {
    type: 'Int',
    args: { offering_id: 'ID' },
    resolve: (_root, reader, args) =>
      countRows(reader, listedAs(BillingItem, offeringItems(BillingItem)), args),
  },
  baseCms1500ForUser: {
    type: 'Cms1500',
    args: {
      base_date: 'String',
      cms1500_id: 'String',
      form_answer_group_id: 'ID',
      only_active_policies: 'Boolean',
      patient_id: 'ID',
      rendering_provider_id: 'String',
    },
    resolve: (_root, reader, args) => claimDraft(reader, args),
  },
  initialCms1500: {
    type: 'Cms1500',
    args: { form_answer_group_id: 'ID', patient_id: 'ID', provider_id: 'String' },
    resolve: (_root, reader, args) => claimDraft(reader, args),
  },
  invoiceTemplates: {
    type: '[RequestedPaymentTemplate!]',
    args: { keywords: 'String' },
    resolve: async (_root, reader, args) => {
      const keywords = readKeywords(args.keywords);
      let query = db(reader)
        .selectFrom('requested_payment_templates')
        .selectAll()
        .where('organization_id', 'in', reader.scope);
      if (keywords !== null) query = query.where((eb) => containsKeywords(eb.ref('name'), keywords));
      return query.orderBy('name').orderBy('id').limit(100).execute();
    },
  },
  writeOff: {
    type: 'WriteOff',
    args: { id: 'ID!' },
    resolve: async (_root, reader, args) => {
      const id = parseId(args.id);
      return id === null ? null : ((await findRow(reader, WriteOff, id)) ?? null);
    },
  },
  receiptLineItems: {
    type: '[ReceiptLineItem!]',
    args: { super_bill_id: 'ID' },
    resolve: async (_root, reader, args) =>
      db(reader)
        .selectFrom('receipt_line_items')
        .selectAll()
        .where('super_bill_id', '=', parseId(args.super_bill_id) ?? -1)
        .where('organization_id', 'in', reader.scope)
        .orderBy('id')
        .limit(100)
        .execute(),
  },
};
