/**
 * Availability specifics: one-off blocks written as `start_datetime` / `end_datetime`, and
 * `bulkCreateAvailability` (one `availability.created` per block, in input order; one bad block writes none).
 */
import { createRecord, fail, within, type SpecialMutation, type StoredRow } from '../../registry/index.js';

export function availabilityRange(input: Record<string, unknown>): Record<string, unknown> {
  const { start_datetime: start, end_datetime: end } = input;
  return {
    ...input,
    ...(start !== undefined && input.range_start === undefined ? { range_start: start } : {}),
    ...(end !== undefined && input.range_end === undefined ? { range_end: end } : {}),
  };
}

const SHARED = ['user_id', 'appointment_type_id', 'appointment_location_id', 'contact_type_id', 'end_on'];

export const bulkCreateAvailability: SpecialMutation = {
  name: 'bulkCreateAvailability',
  input: 'bulkCreateAvailabilityInput',
  inputFields: {
    availabilities: '[AvailabilityInput]',
    user_id: 'String',
    appointment_type_id: 'String',
    appointment_location_id: 'String',
    contact_type_id: 'String',
    end_on: 'String',
  },
  payload: 'bulkCreateAvailabilityPayload',
  returns: { availabilities: '[Availability]' },
  async run(work, input) {
    const blocks = Array.isArray(input.availabilities) ? input.availabilities : [];
    if (blocks.length === 0) fail('availabilities', 'Availabilities must list at least one block');
    const shared = Object.fromEntries(SHARED.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
    const Availability = work.registry.get('Availability');
    const created: StoredRow[] = [];
    for (const [index, block] of blocks.entries()) {
      const fields = { ...shared, ...(block as Record<string, unknown>) };
      created.push(
        await within(`availabilities[${index}]`, () =>
          createRecord(work, Availability, fields, Availability.mutations.create),
        ),
      );
    }
    return { availabilities: created };
  },
};
