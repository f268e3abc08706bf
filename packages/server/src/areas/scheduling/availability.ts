/**
 * Availability specifics: one-off blocks written as `start_datetime` / `end_datetime`, and
 * `bulkCreateAvailability` (one `availability.created` per block, in input order; one bad block writes none).
 */
import { z } from 'zod';
import {
  createRecord,
  parseInput,
  within,
  type Computed,
  type MutationHooks,
  type RecordChange,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { Availability } from './resources.js';
import { keepSpan, startInstant } from './schedule-records.js';
import { readWallTime, zoneAbbreviation } from './times.js';

export function availabilityRange(input: Record<string, unknown>): Record<string, unknown> {
  const { start_datetime: start, end_datetime: end } = input;
  return {
    ...input,
    ...(start !== undefined && input.range_start === undefined ? { range_start: start } : {}),
    ...(end !== undefined && input.range_end === undefined ? { range_end: end } : {}),
  };
}

/** Keeps a one-off block's instants beside it, for the `startDate` / `endDate` window of the list. */
async function keepInstants(work: Work, change: RecordChange): Promise<void> {
  const moved = ['range_start', 'range_end', 'timezone'].some((f) => change.changedFields.includes(f));
  if (change.before === undefined || moved) await keepSpan(work, 'Availability', change.row);
}

/** createAvailability and updateAvailability (and its alias editAvailability). */
export const availabilityHooks: MutationHooks = { prepare: availabilityRange, after: keepInstants };

/** Minutes from one wall time to another (`09:00` → `13:20`, or two dates and times). */
function minutesOf(from: unknown, to: unknown): number | null {
  const clock = (value: unknown) => {
    const match = typeof value === 'string' ? /^(\d{1,2}):(\d{2})/.exec(value.trim()) : null;
    return match ? Number(match[1]) * 60 + Number(match[2]) : null;
  };
  const [a, b] = [readWallTime(from), readWallTime(to)];
  if (a && b) {
    const at = (w: NonNullable<typeof a>) =>
      Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) / 60_000 - (w.offset ?? 0);
    return at(b) - at(a);
  }
  const [x, y] = [clock(from), clock(to)];
  return x === null || y === null ? null : y - x;
}

/** `4h 20min`, `45min`, `2h`. */
function durationText(minutes: number): string {
  const parts = [
    Math.floor(minutes / 60) > 0 ? `${Math.floor(minutes / 60)}h` : '',
    minutes % 60 > 0 ? `${minutes % 60}min` : '',
  ];
  return parts.filter(Boolean).join(' ') || '0min';
}

export const availabilityFields: Record<string, Computed> = {
  duration_string: {
    type: 'String',
    resolve: (row) => {
      const minutes =
        Number(row.is_repeating) === 1
          ? minutesOf(row.time, row.end_time)
          : minutesOf(row.range_start, row.range_end);
      return minutes === null || minutes < 0 ? null : durationText(minutes);
    },
  },
  origin_start_date: {
    type: 'String',
    resolve: (row) => (typeof row.range_start === 'string' ? row.range_start.trim().slice(0, 10) : null),
  },
  repeating_availability_id: {
    type: 'ID',
    resolve: (row) => (Number(row.is_repeating) === 1 ? row.id : null),
  },
  resourceId: { type: 'String', resolve: (row) => (row.user_id == null ? null : String(row.user_id)) },
  timezone_abbr: {
    type: 'String',
    resolve: (row) =>
      zoneAbbreviation(
        startInstant(row, 'range_start') ?? Date.now(),
        typeof row.timezone === 'string' ? row.timezone : null,
      ),
  },
};

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
