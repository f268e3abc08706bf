/**
 * Availability specifics: one-off blocks written as `start_datetime` / `end_datetime`, and
 * `bulkCreateAvailability` (one `availability.created` per block, in input order; one bad block writes none).
 */
import { z } from 'zod';
import {
  createRecord,
  parseInput,
  within,
  type MutationHooks,
  type SpecialMutation,
  type StoredRow,
} from '../../registry/index.js';
import { Availability } from './resources.js';

export function availabilityRange(input: Record<string, unknown>): Record<string, unknown> {
  const { start_datetime: start, end_datetime: end } = input;
  return {
    ...input,
    ...(start !== undefined && input.range_start === undefined ? { range_start: start } : {}),
    ...(end !== undefined && input.range_end === undefined ? { range_end: end } : {}),
  };
}

/** createAvailability and updateAvailability (and its alias editAvailability). */
export const availabilityHooks: MutationHooks = { prepare: availabilityRange };

const SHARED = ['user_id', 'appointment_type_id', 'appointment_location_id', 'contact_type_id', 'end_on'];

const NO_BLOCKS = 'Availabilities must list at least one block';

const bulkInput = z.object({
  // A null block (GraphQL allows one in the list) contributes only the shared fields.
  availabilities: z
    .array(z.record(z.string(), z.unknown()).nullable(), { error: NO_BLOCKS })
    .min(1, { error: NO_BLOCKS }),
});

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
    const { availabilities: blocks } = parseInput(bulkInput, input);
    const shared = Object.fromEntries(SHARED.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
    const created: StoredRow[] = [];
    for (const [index, block] of blocks.entries()) {
      const fields = { ...shared, ...block };
      created.push(
        await within(`availabilities[${index}]`, () =>
          createRecord(work, Availability, fields, availabilityHooks),
        ),
      );
    }
    return { availabilities: created };
  },
};
