/**
 * `completeCheckout`: a client books (and pays for) an appointment. In order: the client is found by email
 * within the caller's organizations or created (`patient.created`); a card `token` is stored for them
 * (`stripe_customer_detail.created`); the appointment is booked when a `date` is given
 * (`appointment.created`), or the client takes a place in the existing group appointment(s) named by
 * `appointment_id` / `appointment_ids` (`appointment.patient_added` each; with `is_joining_waitlist` a place
 * on the waitlist, without an event); a billing item records the payment when a `price` is given or a
 * payment request is being paid (`billing_item.created`). Buying an offering (`offering_id`) pays its price
 * (unless a `price` is given) and records the purchase (`userPackageSelection`; a recurring offering also
 * starts its `recurring_payment.created`). A repeated `stripe_idempotency_key` answers the earlier
 * checkout's payment without writing anything.
 */
import { z } from 'zod';
import {
  createRecord,
  emitFor,
  fail,
  findRow,
  insertRow,
  parseId,
  parseInput,
  typedTransaction,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { nestedItem } from '../../registry/nested-input.js';
import {
  BillingItem,
  offeringPrice,
  offeringRepeats,
  offeringToBuy,
  purchaseOf,
  recordPurchase,
  StripeCustomerDetail,
  type BillingInsuranceTables,
} from '../billing-insurance/index.js';
import { fullName, User, type PatientsTables } from '../patients/index.js';
import { createAppointmentHooks } from './appointments.js';
import { Appointment, AppointmentInclusion, type SchedulingTables } from './resources.js';

const filled = (value: string | null | undefined) => value != null && value.trim() !== '';

/** What the checkout does: book (a `date` or group appointments), pay (a `price` or a request), or both. */
const checkoutPlan = z
  .object({
    date: z.string().nullish(),
    price: z.string().nullish(),
    requested_payment_id: z.string().nullish(),
    appointment_id: z.string().nullish(),
    appointment_ids: z.array(z.union([z.string(), z.number()]).nullable()).nullish(),
    offering_id: z.string().nullish(),
  })
  .transform(
    ({
      date,
      price,
      requested_payment_id: requested,
      appointment_id: one,
      appointment_ids: many,
      offering_id: offering,
    }) => ({
      books: filled(date),
      joins: filled(one) || (many ?? []).some((id) => id != null && String(id).trim() !== ''),
      // Buying an offering pays for it, at its own price when the checkout names none.
      pays: filled(price) || requested != null || filled(offering),
    }),
  )
  .refine(({ books, joins, pays }) => books || joins || pays, {
    error: 'Date is required to book an appointment',
    path: ['date'],
  });

const clientEmail = z.object({
  email: z.string({ error: 'Email is required' }).trim().min(1, { error: 'Email is required' }),
});

async function findOrCreateClient(
  work: Work,
  input: Record<string, unknown>,
): Promise<{ client: StoredRow; created: boolean }> {
  const { email } = parseInput(clientEmail, input);
  const existing = await typedTransaction<PatientsTables>(work)
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', work.scope)
    .orderBy('id')
    .executeTakeFirst();
  if (existing) return { client: existing as unknown as StoredRow, created: false };
  const client = await createRecord(work, User, {
    first_name: input.first_name,
    last_name: input.last_name,
    legal_name: input.legal_name,
    email,
    phone_number: input.phone_number,
    timezone: input.timezone,
    dietitian_id: input.provider_id,
  });
  return { client, created: true };
}

/** The group appointments named by `appointment_id` and `appointment_ids`, each once, in input order. */
async function namedAppointments(work: Work, input: Record<string, unknown>): Promise<StoredRow[]> {
  const raws = [
    input.appointment_id,
    ...(Array.isArray(input.appointment_ids) ? input.appointment_ids : []),
  ].filter((v) => v !== undefined && v !== null && v !== '');
  const rows: StoredRow[] = [];
  for (const raw of raws) {
    const id = parseId(raw);
    const row = id === null ? undefined : await findRow(work, Appointment, id);
    if (!row)
      fail(
        input.appointment_id === raw ? 'appointment_id' : 'appointment_ids',
        `Appointment ${String(raw)} was not found`,
      );
    if (!rows.some((r) => r.id === row.id)) rows.push(row);
  }
  return rows;
}

/** The client takes a place (or a waitlist place) in an existing appointment; an existing place is kept. */
async function join(work: Work, appointment: StoredRow, client: StoredRow, waitlist: boolean): Promise<void> {
  const held = await typedTransaction<SchedulingTables>(work)
    .selectFrom('appointment_inclusions')
    .select('id')
    .where('appointment_id', '=', appointment.id)
    .where('user_id', '=', client.id)
    .executeTakeFirst();
  if (held) return;
  const inclusion = await createRecord(work, AppointmentInclusion, {
    appointment_id: appointment.id,
    user_id: client.id,
  });
  if (waitlist) {
    await typedTransaction<SchedulingTables>(work)
      .updateTable('appointment_inclusions')
      .set({ on_waitlist: 1 })
      .where('id', '=', inclusion.id)
      .execute();
    return;
  }
  await emitFor(work, Appointment, 'patient_added', appointment);
}

/** The payment an earlier checkout (or billing item) made with this idempotency key, if any. */
async function earlierPayment(work: Work, key: unknown): Promise<StoredRow | undefined> {
  if (typeof key !== 'string' || key.trim() === '') return undefined;
  return (await typedTransaction<BillingInsuranceTables>(work)
    .selectFrom('billing_items')
    .selectAll()
    .where('idempotency_key', '=', key.trim())
    .where('organization_id', 'in', work.scope)
    .executeTakeFirst()) as StoredRow | undefined;
}

/** A card token given at checkout is stored as the client's payment source. */
async function storeCard(work: Work, client: StoredRow, token: unknown): Promise<StoredRow | null> {
  if (typeof token !== 'string' || token.trim() === '') return null;
  const source = await insertRow(
    work,
    StripeCustomerDetail,
    { user_id: client.id, stripe_id: token.trim(), source_type: 'card', is_default: 1 },
    client.organization_id,
  );
  await emitFor(work, StripeCustomerDetail, 'created', source);
  return source;
}

const answersOf = (input: Record<string, unknown>): string | null => {
  const group = nestedItem(input.form_answer_group);
  return group ? JSON.stringify(group) : null;
};

export const checkoutInputTypes = {
  CheckoutFormAnswerGroupInput: {
    custom_module_form_id: 'String',
    form_answers: '[CheckoutFormAnswerInput]',
    id: 'ID',
  },
  CheckoutFormAnswerInput: {
    answer: 'String',
    conditional_custom_module_id: 'ID',
    custom_module_id: 'String',
    filter_type: 'String',
    id: 'ID',
    label: 'String',
    mod_type: 'String',
    user_id: 'String',
    value_to_filter: 'String',
  },
  GiftInput: { giver_email: 'String', giver_name: 'String', id: 'ID', message: 'String' },
};

export const completeCheckout: SpecialMutation = {
  name: 'completeCheckout',
  input: 'completeCheckoutInput',
  inputFields: {
    appointment_id: 'String',
    appointment_ids: '[ID]',
    appointment_type_id: 'String',
    appointment_location_id: 'String',
    contact_type: 'String',
    date: 'String',
    time: 'String',
    timezone: 'String',
    location: 'String',
    reason: 'String',
    provider_id: 'String',
    email: 'String',
    first_name: 'String',
    last_name: 'String',
    legal_name: 'String',
    phone_number: 'String',
    price: 'String',
    offering_id: 'String',
    requested_payment_id: 'String',
    coupon_code: 'String',
    form_answer_group: 'CheckoutFormAnswerGroupInput',
    gift: 'GiftInput',
    is_gift: 'Boolean',
    intake_flow_uuid: 'String',
    is_joining_waitlist: 'Boolean',
    payment_intent_id: 'ID',
    token: 'String',
    stripe_idempotency_key: 'String',
  },
  payload: 'completeCheckoutPayload',
  returns: {
    appointment: 'Appointment',
    appointments: '[Appointment]',
    billingItem: 'BillingItem',
    userPackageSelection: 'UserPackageSelection',
    patientEmail: 'String',
    formAnswerGroupSaved: 'Boolean',
    reassignClientProvider: 'Boolean',
    // A custom completion message of the booking widget: a new account sets none.
    widgetCompletedSubheaderHtml: 'String',
  },
  async run(work, input) {
    const { books, joins, pays } = parseInput(checkoutPlan, input);
    const repeated = await earlierPayment(work, input.stripe_idempotency_key);
    if (repeated) {
      // The earlier checkout's answer: its client, appointment and payment; nothing is written again.
      const payer =
        typeof repeated.sender_id === 'number' ? await findRow(work, User, repeated.sender_id) : undefined;
      const appointment = (await typedTransaction<SchedulingTables>(work)
        .selectFrom('appointments')
        .selectAll()
        .where('id', '=', Number(repeated.appointment_id ?? -1))
        .executeTakeFirst()) as StoredRow | undefined;
      return {
        appointment: appointment ?? null,
        appointments: appointment ? [appointment] : [],
        billingItem: repeated,
        userPackageSelection: await purchaseOf(work, repeated),
        patientEmail: payer?.email ?? null,
        formAnswerGroupSaved: false,
        reassignClientProvider: false,
        widgetCompletedSubheaderHtml: null,
      };
    }
    const offering = filled(input.offering_id as string)
      ? await offeringToBuy(work, input.offering_id)
      : null;
    const { client, created } = await findOrCreateClient(work, input);
    const card = await storeCard(work, client, input.token);
    const answers = answersOf(input);
    let appointment: StoredRow | null = null;
    const appointments: StoredRow[] = [];
    if (books) {
      appointment = await createRecord(
        work,
        Appointment,
        {
          user_id: client.id,
          other_party_id: input.provider_id,
          appointment_type_id: input.appointment_type_id,
          appointment_location_id: input.appointment_location_id,
          contact_type: input.contact_type,
          date: input.date,
          time: input.time,
          timezone: input.timezone,
          location: input.location,
          reason: input.reason,
          price: input.price,
        },
        {
          ...createAppointmentHooks,
          before: async (w, values, given) => {
            await createAppointmentHooks.before?.(w, values, given);
            values.intake_flow_uuid =
              typeof input.intake_flow_uuid === 'string' ? input.intake_flow_uuid : null;
            values.booking_form_answers = answers;
          },
        },
      );
      appointments.push(appointment);
    }
    if (joins) {
      for (const group of await namedAppointments(work, input)) {
        await join(work, group, client, input.is_joining_waitlist === true);
        appointments.push(group);
      }
      appointment ??= appointments[0] ?? null;
    }
    const gift =
      input.is_gift === true || nestedItem(input.gift) !== undefined ? (nestedItem(input.gift) ?? {}) : null;
    const billingItem = pays
      ? await createRecord(
          work,
          BillingItem,
          {
            amount_paid: offering && !filled(input.price as string) ? offeringPrice(offering) : input.price,
            sender_id: client.id,
            recipient_id: input.provider_id ?? work.caller.userId,
            requested_payment_id: input.requested_payment_id,
            offering_id: offering?.id,
            is_recurring: offering ? offeringRepeats(offering) : false,
            stripe_customer_detail_id: card?.id,
          },
          {
            before: async (_w, values) => {
              if (typeof input.payment_intent_id === 'string' || typeof input.payment_intent_id === 'number')
                values.stripe_charge_id = String(input.payment_intent_id);
              if (
                typeof input.stripe_idempotency_key === 'string' &&
                input.stripe_idempotency_key.trim() !== ''
              )
                values.idempotency_key = input.stripe_idempotency_key.trim();
              if (typeof input.intake_flow_uuid === 'string')
                values.intake_flow_uuid = input.intake_flow_uuid;
              if (appointment) values.appointment_id = appointment.id;
              if (typeof input.coupon_code === 'string' && input.coupon_code.trim() !== '')
                values.coupon_code = input.coupon_code.trim();
              if (gift) {
                values.gifted_by = gift.giver_name ?? gift.giver_email ?? null;
                values.gifted_to = fullName(client);
                values.gift_details = JSON.stringify(gift);
              }
            },
          },
        )
      : null;
    const userPackageSelection = offering
      ? await recordPurchase(work, {
          client,
          offering,
          payment: billingItem,
          requestedPaymentId: input.requested_payment_id,
        })
      : null;
    return {
      appointment,
      appointments,
      billingItem,
      userPackageSelection,
      patientEmail: client.email,
      formAnswerGroupSaved: answers !== null && appointment !== null && books,
      reassignClientProvider: created,
      widgetCompletedSubheaderHtml: null,
    };
  },
};
