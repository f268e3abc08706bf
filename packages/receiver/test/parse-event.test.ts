import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseEvent, WebhookPayloadError, type EventPayloadMap, type WebhookEvent } from '../src/index.js';
import { exampleBody } from './support.js';

function payloadError(body: string): WebhookPayloadError {
  try {
    parseEvent(body);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return error;
    throw error;
  }
  throw new Error('parseEvent accepted the body');
}

describe('parseEvent', () => {
  it('returns a typed event that narrows on event_type', () => {
    const merged = parseEvent(exampleBody('patient.merged'));
    expectTypeOf(merged).toEqualTypeOf<WebhookEvent>();
    if (merged.event_type !== 'patient.merged') throw new Error(`got ${merged.event_type}`);
    expectTypeOf(merged).toEqualTypeOf<EventPayloadMap['patient.merged']>();
    expectTypeOf(merged.source_user_id).toEqualTypeOf<string>();
    expect(merged.source_user_id).toBe('5678');

    const goal = parseEvent(new TextEncoder().encode(exampleBody('goal.created')));
    if (goal.event_type !== 'goal.created') throw new Error(`got ${goal.event_type}`);
    expectTypeOf(goal).toEqualTypeOf<EventPayloadMap['goal.created']>();
    expectTypeOf(goal.care_plan_id).toEqualTypeOf<string | null>();
    expect(goal).toMatchObject({ resource_id: '33333', resource_id_type: 'Goal', user_id: '22222' });

    const updated = parseEvent(Buffer.from(exampleBody('patient.updated')));
    if (updated.event_type !== 'patient.updated') throw new Error(`got ${updated.event_type}`);
    expectTypeOf(updated).toEqualTypeOf<EventPayloadMap['patient.updated']>();
    expect(updated.changed_fields).toEqual(['first_name', 'email']);

    const appointment = parseEvent(exampleBody('appointment.created'));
    if (appointment.event_type !== 'appointment.created') throw new Error(`got ${appointment.event_type}`);
    expectTypeOf(appointment).toHaveProperty('resource_organization_id');
    expect(appointment.resource_id_type).toBe('Appointment');
  });

  it('accepts a nullable extra sent as null', () => {
    const body = JSON.parse(exampleBody('goal.created')) as Record<string, unknown>;
    expect(parseEvent(JSON.stringify({ ...body, care_plan_id: null }))).toMatchObject({ care_plan_id: null });
  });

  it('rejects an unknown event_type', () => {
    const error = payloadError(
      JSON.stringify({ ...JSON.parse(exampleBody('test.created')), event_type: 'test.exploded' }),
    );
    expect(error.code).toBe('unknown_event_type');
    expect(error.message).toContain('test.exploded');
  });

  it('rejects a missing key and an extra key, naming them', () => {
    const body = JSON.parse(exampleBody('patient.merged')) as Record<string, unknown>;
    const { source_user_id: _dropped, ...missing } = body;
    const missingError = payloadError(JSON.stringify(missing));
    expect(missingError.code).toBe('invalid_payload');
    expect(missingError.errors).toEqual(['missing field "source_user_id"']);

    const extraError = payloadError(JSON.stringify({ ...body, diagnosis: 'x' }));
    expect(extraError.code).toBe('invalid_payload');
    expect(extraError.errors).toEqual(['unexpected field "diagnosis"']);
  });

  it('rejects non-JSON, invalid UTF-8 and non-objects', () => {
    expect(payloadError('{"event_type": ').code).toBe('invalid_json');
    expect(() => parseEvent(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(/not UTF-8 JSON/);
    const array = payloadError('[]');
    expect(array.code).toBe('invalid_payload');
    expect(array.errors).toEqual(['payload must be a JSON object']);
    expect(payloadError('null').code).toBe('invalid_payload');
  });
});
