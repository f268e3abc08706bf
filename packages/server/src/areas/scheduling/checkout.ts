/**
 * `completeCheckout`: a client books (and pays for) an appointment. In order: the client is found by email
 * within the caller's organizations or created (`patient.created`); the appointment is booked when a
 * `date` is given (`appointment.created`); a billing item records the payment when a `price` is given or a
 * payment request is being paid (`billing_item.created`).
 */
import { z } from 'zod';
import {
  createRecord,
  parseInput,
  typedTransaction,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { BillingItem } from '../billing-insurance/index.js';
import { User, type PatientsTables } from '../patients/index.js';
import { createAppointmentHooks } from './appointments.js';
import { Appointment } from './resources.js';

const filled = (value: string | null | undefined) => value != null && value.trim() !== '';

/** What the checkout does: book (a `date`), pay (a `price` or a payment request), or both; not neither. */
const checkoutPlan = z
  .object({
    date: z.string().nullish(),
    price: z.string().nullish(),
    requested_payment_id: z.string().nullish(),
  })
  .transform(({ date, price, requested_payment_id: requested }) => ({
    books: filled(date),
    pays: filled(price) || requested != null,
  }))
  .refine(({ books, pays }) => books || pays, {
    error: 'Date is required to book an appointment',
    path: ['date'],
  });

const clientEmail = z.object({
  email: z.string({ error: 'Email is required' }).trim().min(1, { error: 'Email is required' }),
});

async function findOrCreateClient(work: Work, input: Record<string, unknown>): Promise<StoredRow> {
  const { email } = parseInput(clientEmail, input);
  const existing = await typedTransaction<PatientsTables>(work)
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', work.scope)
    .orderBy('id')
    .executeTakeFirst();
  if (existing) return existing as unknown as StoredRow;
  return createRecord(work, User, {
    first_name: input.first_name,
    last_name: input.last_name,
    legal_name: input.legal_name,
    email,
    phone_number: input.phone_number,
    timezone: input.timezone,
    dietitian_id: input.provider_id,
  });
}

export const completeCheckout: SpecialMutation = {
  name: 'completeCheckout',
  input: 'completeCheckoutInput',
  inputFields: {
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
    stripe_idempotency_key: 'String',
  },
  payload: 'completeCheckoutPayload',
  returns: {
    appointment: 'Appointment',
    appointments: '[Appointment]',
    billingItem: 'BillingItem',
    patientEmail: 'String',
    // Healthie's widget flags: carehooks saves no intake form and never reassigns the provider.
    formAnswerGroupSaved: 'Boolean',
    reassignClientProvider: 'Boolean',
  },
  async run(work, input) {
    const { books, pays } = parseInput(checkoutPlan, input);
    const client = await findOrCreateClient(work, input);
    let appointment: StoredRow | null = null;
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
          location: input.location,
          reason: input.reason,
          price: input.price,
        },
        createAppointmentHooks,
      );
    }
    const billingItem = pays
      ? await createRecord(work, BillingItem, {
          amount_paid: input.price,
          sender_id: client.id,
          recipient_id: input.provider_id ?? work.caller.userId,
          requested_payment_id: input.requested_payment_id,
          offering_id: input.offering_id,
        })
      : null;
    return {
      appointment,
      appointments: appointment ? [appointment] : [],
      billingItem,
      patientEmail: client.email,
      formAnswerGroupSaved: false,
      reassignClientProvider: false,
    };
  },
};
