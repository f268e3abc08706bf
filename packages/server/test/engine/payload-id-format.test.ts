/**
 * The number form of stored bodies: bodies shaped by the outbox for several catalog events with extras, sent
 * with the ids the catalog names as JSON numbers and every other byte as stored.
 */
import { describe, expect, it } from 'vitest';
import { bodyInIdFormat, PayloadBodies } from '../../src/delivery/payload-id-format.js';
import { bodyDigest } from '../../src/delivery/signature.js';
import { shapeEvent, type EventInput } from '../../src/events/outbox.js';

const stored = (input: Omit<EventInput, 'organizationId'>) =>
  shapeEvent({ organizationId: 1, ...input }).body;

describe('bodyInIdFormat', () => {
  it('sends the stored bytes unchanged in the string form', () => {
    const body = stored({ eventType: 'patient.created', resourceId: 45678 });
    expect(bodyInIdFormat(body, 'string')).toBe(body);
  });

  const cases: Array<[string, Omit<EventInput, 'organizationId'>, string]> = [
    [
      'resource_id alone',
      { eventType: 'patient.updated', resourceId: 45678, changedFields: ['first_name', 'email'] },
      '{"resource_id":45678,"resource_id_type":"User","event_type":"patient.updated",' +
        '"changed_fields":["first_name","email"]}',
    ],
    [
      'required association ids',
      { eventType: 'applied_tag.created', resourceId: 18000, extras: { tag_id: 12000, user_id: '22222' } },
      '{"resource_id":18000,"resource_id_type":"AppliedTag","event_type":"applied_tag.created",' +
        '"changed_fields":[],"tag_id":12000,"user_id":22222}',
    ],
    [
      'nullable ids, null staying null',
      {
        eventType: 'goal.updated',
        resourceId: 33333,
        extras: { care_plan_id: null, parent_id: 11111, user_id: 2 },
      },
      '{"resource_id":33333,"resource_id_type":"Goal","event_type":"goal.updated","changed_fields":[],' +
        '"care_plan_id":null,"parent_id":11111,"user_id":2}',
    ],
    [
      'text extras staying strings, digits or not',
      {
        eventType: 'appointment.participant_joined',
        resourceId: 67890,
        extras: { host_user_id: 1234, user_name: '5678', user_email: 'dr.0042@example.com' },
      },
      '{"resource_id":67890,"resource_id_type":"Appointment","event_type":"appointment.participant_joined",' +
        '"changed_fields":[],"host_user_id":1234,"user_name":"5678","user_email":"dr.0042@example.com"}',
    ],
    [
      'ids beyond safe integers or not canonical staying strings',
      {
        eventType: 'patient.merged',
        resourceId: '9007199254740993',
        extras: { destination_user_id: '9007199254740993', source_user_id: '0042' },
      },
      '{"resource_id":"9007199254740993","resource_id_type":"User","event_type":"patient.merged",' +
        '"changed_fields":[],"destination_user_id":"9007199254740993","source_user_id":"0042"}',
    ],
    [
      'a text value that looks like JSON structure',
      {
        eventType: 'appointment.participant_left',
        resourceId: 1,
        extras: { host_user_id: 0, user_name: '","resource_id":"7', user_email: 'ü\u2028@example.com' },
      },
      '{"resource_id":1,"resource_id_type":"Appointment","event_type":"appointment.participant_left",' +
        '"changed_fields":[],"host_user_id":0,"user_name":"\\",\\"resource_id\\":\\"7",' +
        '"user_email":"ü\u2028@example.com"}',
    ],
  ];

  it.each(cases)('number form: %s', (_name, input, expected) => {
    const body = stored(input);
    expect(bodyInIdFormat(body, 'number')).toBe(expected);
    // Only the quotes around the converted ids differ from the stored bytes.
    expect(JSON.stringify(JSON.parse(expected))).toBe(expected);
  });

  it('refuses a body that is not a JSON object, saying so', () => {
    expect(() => bodyInIdFormat('[1]', 'number')).toThrow(/not a JSON object/);
  });
});

describe('PayloadBodies', () => {
  it('hands the stored body to string webhooks and one number form per event to the others', () => {
    const bodies = new PayloadBodies();
    const first = stored({
      eventType: 'goal.deleted',
      resourceId: 5,
      extras: { care_plan_id: 6, parent_id: null, user_id: 4 },
    });
    const second = stored({
      eventType: 'goal.deleted',
      resourceId: 7,
      extras: { care_plan_id: 8, parent_id: 9, user_id: 4 },
    });
    const asString = bodies.bodyFor(1, first, 'string');
    expect(asString.bytes.toString('utf8')).toBe(first);
    expect(asString.digest).toBe(bodyDigest(Buffer.from(first)));
    const converted = bodies.bodyFor(1, first, 'number');
    expect(converted.bytes.toString('utf8')).toBe(bodyInIdFormat(first, 'number'));
    expect(converted.digest).toBe(bodyDigest(converted.bytes));
    // Served from the cache: an event's body never changes, so the stored bytes are not read again.
    expect(bodies.bodyFor(1, second, 'number')).toBe(converted);
    expect(bodies.bodyFor(1, second, 'string')).toBe(asString);
    expect(bodies.bodyFor(2, second, 'number').bytes.toString('utf8')).toBe(bodyInIdFormat(second, 'number'));
  });

  it('keeps converting correctly once more events than it keeps have gone by', () => {
    const bodies = new PayloadBodies();
    const body = (id: number) => stored({ eventType: 'patient.created', resourceId: id });
    for (let id = 1; id <= 3000; id++) {
      expect(bodies.bodyFor(id, body(id), 'number').bytes.toString('utf8')).toBe(
        `{"resource_id":${id},"resource_id_type":"User","event_type":"patient.created","changed_fields":[]}`,
      );
    }
    expect(bodies.bodyFor(1, body(1), 'number').bytes.toString('utf8')).toContain('"resource_id":1,');
  });
});
