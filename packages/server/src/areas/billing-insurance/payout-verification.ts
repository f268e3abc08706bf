/**
 * `updateStripeVerificationDetails`: a provider sends the details the payment processor needs to verify
 * their payout account (the person or company, the bank account, identity documents). carehooks runs no
 * payment processor: the request is recorded as a `PayoutVerification`, `pending`, keeping only what may
 * be shown again (the last four digits of the account number, SSN and tax id; documents by content type).
 * The processor's answer arrives through the internal API (`POST /internal/integrations/payments/
 * verification-updated`: verified, or failed with the fields it still needs and a deadline), and reads
 * back on the provider: `bank_account_verified_status`, `bank_verification_deadline`, `verification_fields`,
 * `default_currency`, `skipped_bank_account`. Neither changes a record the reference has events for.
 */
import { z } from 'zod';
import {
  fail,
  findRow,
  insertRow,
  internalRoute,
  parseId,
  parseInput,
  recordAnswer,
  RecordNotFound,
  requireInScope,
  typedDb,
  updateRow,
  type Computed,
  type InternalRoute,
  type Reader,
  type SpecialMutation,
  type StoredRow,
} from '../../registry/index.js';
import { id } from '../../registry/input-schemas.js';
import { User } from '../patients/index.js';
import { PayoutVerification, type BillingInsuranceTables } from './resources.js';

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^,]*)?,/;
const DOCUMENTS = [
  'verification_document',
  'additional_verification_document',
  'bank_verification_document',
  'company_verification_document',
] as const;

const text = z.string().trim().max(255).nullish();
const digits = (what: string, min: number, max: number) =>
  z
    .string()
    .transform((value) => value.replace(/[\s-]/g, ''))
    .refine((value) => value === '' || new RegExp(`^\\d{${min},${max}}$`).test(value), {
      error: `${what} must be ${min === max ? min : `${min} to ${max}`} digits`,
    })
    .nullish();

const address = z
  .object({
    line1: text,
    line2: text,
    city: text,
    state: text,
    zip: text,
    country: text,
    name: text,
    id: z.unknown().optional(),
    _destroy: z.boolean().nullish(),
  })
  .nullish();

const detailsInput = z.object({
  entity_type: z
    .enum(['individual', 'company'], { error: 'Entity type must be individual or company' })
    .nullish(),
  business_name: text,
  business_url: z.string().trim().max(2048).nullish(),
  business_description: z.string().trim().max(10_000).nullish(),
  business_tax_id: digits('Business tax id', 9, 9),
  currency: z
    .string()
    .trim()
    .regex(/^[a-zA-Z]{3}$/, { error: 'Currency must be a three-letter code, e.g. usd' })
    .transform((code) => code.toLowerCase())
    .nullish(),
  new_country: z
    .string()
    .trim()
    .regex(/^[a-zA-Z]{2}$/, { error: 'New country must be a two-letter country code' })
    .transform((code) => code.toUpperCase())
    .nullish(),
  first_name: text,
  last_name: text,
  email: z.email({ error: 'Email must be an email address' }).max(255).nullish(),
  dob: z.iso.date({ error: 'Dob must be a date (YYYY-MM-DD)' }).nullish(),
  phone: text,
  personal_phone: text,
  ssn: digits('Ssn', 9, 9),
  ssn_last_4: digits('Ssn last 4', 4, 4),
  account_holder_name: text,
  account_number: digits('Account number', 4, 17),
  routing_number: digits('Routing number', 9, 9),
  skip_adding_bank_info: z.boolean().nullish(),
  location: address,
  personal_address: address,
});

const lastFour = (value: string | null | undefined) => (value ? value.slice(-4) : null);

function documentTypes(input: Record<string, unknown>): Record<string, string> | null {
  const types: Record<string, string> = {};
  for (const name of DOCUMENTS) {
    const file = input[name];
    if (file === undefined || file === null || file === '') continue;
    const match = typeof file === 'string' ? DATA_URL.exec(file) : null;
    if (!match) fail(name, 'The document must be a data URL (data:<type>;base64,...)');
    types[name] = match[1]!.toLowerCase();
  }
  return Object.keys(types).length === 0 ? null : types;
}

const json = (value: unknown) => (value == null ? null : JSON.stringify(value));

export const updateStripeVerificationDetails: SpecialMutation = {
  name: 'updateStripeVerificationDetails',
  input: 'updateStripeVerificationDetailsInput',
  inputFields: {
    account_holder_name: 'String',
    account_number: 'String',
    additional_verification_document: 'Upload',
    appointment_type_credits_attributes: '[AppointmentTypeCreditInput]',
    bank_verification_document: 'Upload',
    business_description: 'String',
    business_name: 'String',
    business_tax_id: 'String',
    business_url: 'String',
    company_verification_document: 'Upload',
    currency: 'String',
    dob: 'String',
    email: 'String',
    entity_type: 'String',
    first_name: 'String',
    id: 'ID',
    last_name: 'String',
    location: 'ClientLocationInput',
    new_country: 'String',
    personal_address: 'ClientLocationInput',
    personal_phone: 'String',
    phone: 'String',
    routing_number: 'String',
    skip_adding_bank_info: 'Boolean',
    ssn: 'String',
    ssn_last_4: 'String',
    verification_document: 'Upload',
  },
  payload: 'updateStripeVerificationDetailsPayload',
  returns: { user: 'User' },
  async run(work, input) {
    const raw = input.id;
    const userId = raw === undefined || raw === null || raw === '' ? work.caller.userId : parseId(raw);
    const provider = userId === null ? undefined : await findRow(work, User, userId);
    if (!provider || provider.user_type !== 'provider') fail('id', `Provider ${String(raw)} was not found`);
    if (
      Array.isArray(input.appointment_type_credits_attributes) &&
      input.appointment_type_credits_attributes.length > 0
    )
      fail(
        'appointment_type_credits_attributes',
        "Appointment credits are a client's: set them with updateClient",
      );
    const given = parseInput(detailsInput, input);
    const skipped = given.skip_adding_bank_info === true;
    if (!skipped && given.account_number && !given.routing_number)
      fail('routing_number', 'Routing number is required with an account number');
    const documents = documentTypes(input);
    await insertRow(
      work,
      PayoutVerification,
      {
        user_id: provider.id,
        entity_type: given.entity_type ?? null,
        business_name: given.business_name ?? null,
        business_url: given.business_url ?? null,
        business_description: given.business_description ?? null,
        business_tax_id_last_four: lastFour(given.business_tax_id),
        currency: given.currency ?? null,
        country: given.new_country ?? null,
        first_name: given.first_name ?? null,
        last_name: given.last_name ?? null,
        email: given.email?.toLowerCase() ?? null,
        dob: given.dob ?? null,
        phone: given.phone ?? null,
        personal_phone: given.personal_phone ?? null,
        ssn_last_four: lastFour(given.ssn) ?? given.ssn_last_4 ?? null,
        account_holder_name: skipped ? null : (given.account_holder_name ?? null),
        account_last_four: skipped ? null : lastFour(given.account_number),
        routing_number: skipped ? null : (given.routing_number ?? null),
        skipped_bank_info: skipped ? 1 : 0,
        location: json(given.location),
        personal_address: json(given.personal_address),
        documents: json(documents),
      },
      provider.organization_id,
    );
    return { user: provider };
  },
};

/** The provider's newest verification request. */
async function latest(reader: Reader, user: StoredRow): Promise<StoredRow | undefined> {
  if (user.user_type !== 'provider') return undefined;
  return (await typedDb<BillingInsuranceTables>(reader)
    .selectFrom('payout_verifications')
    .selectAll()
    .where('user_id', '=', user.id)
    .where('organization_id', 'in', reader.scope)
    .orderBy('id', 'desc')
    .executeTakeFirst()) as StoredRow | undefined;
}

const fromLatest = (type: string, value: (row: StoredRow | undefined) => unknown): Computed => ({
  type,
  resolve: async (user, reader) => value(await latest(reader, user)),
});

/** The provider's payout account as the newest request and the processor's answer to it say. */
export const payoutFields: Record<string, Computed> = {
  bank_account_verified_status: fromLatest('String', (row) => row?.status ?? null),
  bank_verification_deadline: fromLatest('String', (row) => row?.deadline ?? null),
  default_currency: fromLatest('String', (row) => row?.currency ?? 'usd'),
  skipped_bank_account: fromLatest('Boolean', (row) => Number(row?.skipped_bank_info ?? 0) === 1),
  verification_fields: fromLatest('[String]', (row) =>
    typeof row?.fields_needed === 'string' ? (JSON.parse(row.fields_needed) as unknown) : [],
  ),
};

export const payoutRoutes: readonly InternalRoute[] = [
  internalRoute({
    path: '/integrations/payments/verification-updated',
    body: z.object({
      user_id: id,
      status: z.enum(['pending', 'verified', 'failed']),
      deadline: z.string().max(64).nullish(),
      fields_needed: z.array(z.string().max(255)).max(100).nullish(),
    }),
    run: async (work, body) => {
      const provider = await requireInScope(work, User, body.user_id, 'user_id');
      const request = await latest(work, provider);
      if (!request) throw new RecordNotFound('user_id', PayoutVerification.name, body.user_id);
      const { row } = await updateRow(work, PayoutVerification, request, {
        status: body.status,
        deadline: body.deadline ?? null,
        fields_needed: body.fields_needed == null ? null : JSON.stringify(body.fields_needed),
      });
      return recordAnswer(PayoutVerification, row);
    },
  }),
];
