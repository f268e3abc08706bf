/**
 * Both payload id formats: a webhook with `payload_id_format: "number"` sends `resource_id` and the
 * association ids as JSON numbers; `parseEvent` and the handlers hand the application the documented strings
 * either way, and still refuse numbers where the catalog has no id.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createNodeHandler,
  createWebHandler,
  parseEvent,
  WebhookPayloadError,
  type WebhookEvent,
} from '../src/index.js';
import { exampleBody, fetchHeaders, SECRET, signed } from './support.js';

const GOAL_STRINGS =
  '{"resource_id":"33333","resource_id_type":"Goal","event_type":"goal.created","changed_fields":[],' +
  '"care_plan_id":null,"parent_id":"11111","user_id":"22222"}';
const GOAL_NUMBERS =
  '{"resource_id":33333,"resource_id_type":"Goal","event_type":"goal.created","changed_fields":[],' +
  '"care_plan_id":null,"parent_id":11111,"user_id":22222}';
const GOAL_EVENT = {
  resource_id: '33333',
  resource_id_type: 'Goal',
  event_type: 'goal.created',
  changed_fields: [],
  care_plan_id: null,
  parent_id: '11111',
  user_id: '22222',
};

function payloadError(body: string): WebhookPayloadError {
  try {
    parseEvent(body);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return error;
    throw error;
  }
  throw new Error('parseEvent accepted the body');
}

describe('parseEvent with either payload id format', () => {
  it('hands the same event, ids as strings, for the string and the number form', () => {
    expect(parseEvent(GOAL_STRINGS)).toEqual(GOAL_EVENT);
    expect(parseEvent(GOAL_NUMBERS)).toEqual(GOAL_EVENT);
    expect(parseEvent(Buffer.from(GOAL_NUMBERS))).toEqual(GOAL_EVENT);
  });

  it('converts every id the catalog names and nothing else', () => {
    const joined = JSON.parse(exampleBody('appointment.participant_joined')) as Record<string, unknown>;
    const sent = { ...joined, resource_id: 67890, host_user_id: 0 };
    expect(parseEvent(JSON.stringify(sent))).toEqual({ ...joined, resource_id: '67890', host_user_id: '0' });

    const notId = payloadError(JSON.stringify({ ...joined, user_name: 1234 }));
    expect(notId.code).toBe('invalid_payload');
    expect(notId.errors).toEqual(['user_name must be a string']);
    const types = payloadError(JSON.stringify({ ...joined, resource_id_type: 7 }));
    expect(types.errors).toEqual([
      'resource_id_type must be "Appointment" for appointment.participant_joined',
    ]);
  });

  it('refuses an id number that no sender makes, saying why', () => {
    const unsafe = payloadError(GOAL_NUMBERS.replace('22222', '9007199254740993'));
    expect(unsafe.errors).toEqual([
      'user_id must be a string',
      'user_id is the number 9007199254740992: an id sent as a number must be a whole number from 0 to 9007199254740991',
    ]);
    const negative = payloadError(GOAL_NUMBERS.replace('33333', '-4'));
    expect(negative.errors[1]).toMatch(/^resource_id is the number -4: /);
    expect(payloadError(GOAL_NUMBERS.replace('11111', '1.5')).errors[0]).toBe(
      'parent_id must be a string or null',
    );
  });
});

describe('the handlers with a number-format webhook', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('createWebHandler verifies the bytes sent and passes string ids to onEvent', async () => {
    const received: WebhookEvent[] = [];
    const handler = createWebHandler({ secret: SECRET, onEvent: (event) => void received.push(event) });
    for (const body of [GOAL_NUMBERS, GOAL_STRINGS]) {
      const { headers } = signed('https://app.example/hooks', body);
      const response = await handler(
        new Request('https://app.example/hooks', { method: 'POST', headers: fetchHeaders(headers), body }),
      );
      expect(response.status).toBe(200);
    }
    expect(received).toEqual([GOAL_EVENT, GOAL_EVENT]);
  });

  it('createNodeHandler over node:http does the same, and answers 400 for a number in a text field', async () => {
    const received: WebhookEvent[] = [];
    const server = createServer(
      (req, res) =>
        void createNodeHandler({ secret: SECRET, onEvent: (e) => void received.push(e) })(req, res),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = async (body: string) => {
      const { headers } = signed(`${base}/hooks`, body);
      const response = await fetch(`${base}/hooks`, { method: 'POST', headers: fetchHeaders(headers), body });
      return { status: response.status, json: (await response.json()) as unknown };
    };

    expect(await post(GOAL_NUMBERS)).toEqual({ status: 200, json: { ok: true } });
    expect(received).toEqual([GOAL_EVENT]);
    const joined = JSON.parse(exampleBody('appointment.participant_joined')) as Record<string, unknown>;
    const refused = await post(JSON.stringify({ ...joined, resource_id: 67890, user_email: 5 }));
    expect(refused).toMatchObject({
      status: 400,
      json: { error: { code: 'invalid_payload', errors: ['user_email must be a string'] } },
    });
    expect(received).toHaveLength(1);
  });
});
