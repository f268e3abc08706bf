/**
 * `completeCheckout`: a client books (and pays for) an appointment. In order: the client is found by email
 * within the caller's organizations or created (`patient.created`); the appointment is booked when a
 * `date` is given (`appointment.created`); a billing item records the payment when a `price` is given or a
 * payment request is being paid (`billing_item.created`).
 */
import { createRecord, fail, type SpecialMutation, type StoredRow, type Work } from '../../registry/index.js';
import { typedTransaction } from '../typed-db.js';

async function findOrCreateClient(work: Work, input: Record<string, unknown>): Promise<StoredRow> {
  if (typeof input.email !== 'string' || input.email.trim() === '') fail('email', 'Email is required');
  const existing = await typedTransaction(work)
    .selectFrom('users')
    .selectAll()
    .where('email', '=', input.email.trim().toLowerCase())
    .where('user_type', '=', 'patient')
    .where('organization_id', 'in', work.scope)
    .orderBy('id')
    .executeTakeFirst();
  if (existing) return existing as unknown as StoredRow;
  return createRecord(work, work.registry.get('User'), {
    first_name: input.first_name,
    last_name: input.last_name,
    legal_name: input.legal_name,
    email: input.email,
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
    const books = typeof input.date === 'string' && input.date.trim() !== '';
    const pays =
      (typeof input.price === 'string' && input.price.trim() !== '') || input.requested_payment_id != null;
    if (!books && !pays) fail('date', 'Date is required to book an appointment');
    const client = await findOrCreateClient(work, input);
    let appointment: StoredRow | null = null;
    if (books) {
      const Appointment = work.registry.get('Appointment');
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
        Appointment.mutations.create,
      );
    }
    const billingItem = pays
      ? await createRecord(work, work.registry.get('BillingItem'), {
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
