import { describe, expect, it } from 'vitest';
import {
  buildPayload,
  catalog,
  getEvent,
  idAsNumber,
  idFields,
  isPayloadIdFormat,
  validatePayload,
  withNumberIds,
  withStringIds,
} from '../src/index.js';

describe('which payload fields are ids', () => {
  it('marks every extra as an id or as text, text only where the catalog says so', () => {
    const text = catalog.flatMap((entry) =>
      entry.extras
        .filter((extra) => extra.kind === 'text')
        .map((extra) => `${entry.event_type}.${extra.name}`),
    );
    expect(text).toEqual([
      'appointment.participant_joined.user_name',
      'appointment.participant_joined.user_email',
      'appointment.participant_left.user_name',
      'appointment.participant_left.user_email',
    ]);
    // A guard for new entries: an extra left an id by default must be named like one.
    for (const entry of catalog) {
      for (const extra of entry.extras) {
        if (extra.kind === 'id') expect(extra.name, entry.event_type).toMatch(/_id$/);
      }
    }
  });

  it('lists resource_id, then the id extras in payload order', () => {
    expect(idFields('goal.created')).toEqual(['resource_id', 'care_plan_id', 'parent_id', 'user_id']);
    expect(idFields('appointment.participant_joined')).toEqual(['resource_id', 'host_user_id']);
    expect(idFields('patient.created')).toEqual(['resource_id']);
    expect(idFields('not.an_event')).toEqual(['resource_id']);
  });

  it('takes only canonical decimals within safe integers as numbers', () => {
    expect(idAsNumber('0')).toBe(0);
    expect(idAsNumber('45678')).toBe(45678);
    expect(idAsNumber('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    for (const id of [
      '9007199254740992',
      '12345678901234567',
      '007',
      '-1',
      '1.5',
      '1e3',
      ' 1',
      '',
      'org_123',
    ]) {
      expect(idAsNumber(id), id).toBeNull();
    }
  });

  it('knows the two formats', () => {
    expect(isPayloadIdFormat('string')).toBe(true);
    expect(isPayloadIdFormat('number')).toBe(true);
    expect(isPayloadIdFormat('NUMBER')).toBe(false);
  });
});

describe('withNumberIds and withStringIds', () => {
  it('turn the ids of each catalog example into numbers and back, keeping key order', () => {
    for (const entry of catalog) {
      const example = entry.example as unknown as Record<string, unknown>;
      const numbers = withNumberIds(example);
      expect(Object.keys(numbers), entry.event_type).toEqual(Object.keys(example));
      for (const [key, value] of Object.entries(example)) {
        const id =
          idFields(entry.event_type).includes(key) && typeof value === 'string' ? idAsNumber(value) : null;
        expect(numbers[key], `${entry.event_type}.${key}`).toEqual(id ?? value);
      }
      expect(withStringIds(numbers), entry.event_type).toEqual(example);
    }
  });

  it('leave nulls, text extras and non-numeric ids alone', () => {
    const joined = buildPayload('appointment.participant_joined', '67890', {
      host_user_id: '1234',
      user_name: '5555',
      user_email: '42',
    });
    expect(withNumberIds(joined)).toEqual({ ...joined, resource_id: 67890, host_user_id: 1234 });

    const goal = buildPayload('goal.created', '33333', {
      care_plan_id: null,
      parent_id: '0',
      user_id: '22222',
    });
    expect(JSON.stringify(withNumberIds(goal))).toBe(
      '{"resource_id":33333,"resource_id_type":"Goal","event_type":"goal.created","changed_fields":[],' +
        '"care_plan_id":null,"parent_id":0,"user_id":22222}',
    );

    const appointment = buildPayload('appointment.created', '67890', { resource_organization_id: 'org_123' });
    expect(withNumberIds(appointment)).toEqual({ ...appointment, resource_id: 67890 });
    const merged = buildPayload('patient.merged', '1234', {
      destination_user_id: '1234',
      source_user_id: '99999999999999999',
    });
    expect(withNumberIds(merged)).toEqual({ ...merged, resource_id: 1234, destination_user_id: 1234 });
  });

  it('withStringIds makes a number-format body valid and leaves what is not an id number for validation', () => {
    const tagged = { ...buildPayload('applied_tag.created', '18000', { tag_id: '12000', user_id: '22222' }) };
    const sent = JSON.parse(JSON.stringify(withNumberIds(tagged))) as Record<string, unknown>;
    expect(sent).toMatchObject({ resource_id: 18000, tag_id: 12000, user_id: 22222 });
    expect(validatePayload(sent).ok).toBe(false);
    expect(validatePayload(withStringIds(sent))).toEqual({ ok: true, event: tagged });

    const wrong = withStringIds({ ...sent, tag_id: -3, user_id: 1.5, changed_fields: [7] });
    expect(validatePayload(wrong)).toEqual({
      ok: false,
      errors: [
        'changed_fields must be an array of strings',
        'tag_id must be a string',
        'user_id must be a string',
      ],
    });
    // A number in a text field is not an id: it stays a number and fails validation.
    const participant = getEvent('appointment.participant_left')!.example as unknown as Record<
      string,
      unknown
    >;
    const textNumber = withStringIds({ ...participant, user_name: 5 });
    expect(textNumber.user_name).toBe(5);
  });
});
