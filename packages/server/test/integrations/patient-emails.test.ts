/**
 * Emails to patients: sendCarePlanEmail queues the plan in its transaction; the email sender (running with
 * the worker, SMTP configured) mails it to a real SMTP server once and logs it as a sent notification
 * (`sent_notification_record.created`). A refused call queues nothing; a second pass mails nothing again.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueuedEmails } from '../../src/areas/messaging/index.js';
import { startMailServer, type MailServer } from '../engine/helpers.js';
import { createPatient } from '../resources/cases/fixtures.js';
import { caseApi, type CaseApi, type Data } from '../resources/support.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';

const createCarePlan = `mutation($input: createCarePlanInput) {
  createCarePlan(input: $input) { carePlan { id } messages { field message } }
}`;
const createGoal = `mutation($input: createGoalInput) {
  createGoal(input: $input) { goal { id } messages { field message } }
}`;
const sendCarePlanEmail = `mutation($input: sendCarePlanEmailInput) {
  sendCarePlanEmail(input: $input) { carePlan { id } messages { field message } }
}`;

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.each(dialects)('emails to patients on $name', (dialect) => {
  let mail: MailServer;
  let server: TestServer;
  let api: CaseApi;
  beforeAll(async () => {
    mail = await startMailServer();
    server = await startTestServer(dialect, {
      smtpUrl: mail.url,
      mailFrom: 'carehooks <care@carehooks.test>',
      pollIntervalMs: '50ms',
    });
    api = caseApi(server);
  });
  afterAll(async () => {
    await server.close();
    await mail.close();
  });

  it('mails a care plan to its patient once and logs it as a sent notification', async () => {
    const patient = await createPatient(api, { email: `plan.${process.pid}@example.com` });
    const plan = await api.gql<Data>(createCarePlan, {
      input: { name: 'Heart health', patient_id: patient },
    });
    const planId = plan.createCarePlan.carePlan.id as string;
    await api.gql(createGoal, { input: { name: 'Walk daily', user_id: patient, care_plan_id: planId } });

    await api.gql(sendCarePlanEmail, { input: { id: planId, patient_id: patient } });

    const message = await until(
      async () => mail.messages.find((m) => m.to.includes(`plan.${process.pid}@example.com`)),
      'the care plan email',
    );
    expect(message.from).toBe('care@carehooks.test');
    expect(message.subject).toBe('Your care plan: Heart health');
    expect(message.raw).toContain('- Walk daily');

    const record = await until(async () => {
      const data = await api.gql<Data>(
        'query($id: ID) { sentNotificationRecords(patient_id: $id) { id category delivery_status notification_type notification_description } }',
        { id: patient },
      );
      return data.sentNotificationRecords[0] as Data | undefined;
    }, 'the sent notification record');
    expect(record).toMatchObject({
      category: 'email',
      delivery_status: 'sent',
      notification_type: 'care_plan_sent',
      notification_description: 'Your care plan: Heart health',
    });
    const events = await server.runtime.services.store.db
      .selectFrom('events')
      .select('body')
      .where('event_type', '=', 'sent_notification_record.created')
      .where('resource_id', '=', String(record.id))
      .execute();
    expect(events.map((e) => JSON.parse(e.body) as Data)).toEqual([
      {
        resource_id: String(record.id),
        resource_id_type: 'SentNotificationRecord',
        event_type: 'sent_notification_record.created',
        changed_fields: [],
      },
    ]);

    // Another pass, even racing the running sender, finds nothing left to mail.
    const { store, outbox, registry, logger } = server.runtime.services;
    const sent = await sendQueuedEmails(
      { store, outbox, registry, logger },
      { transport: { sendMail: () => Promise.reject(new Error('must not be called')) }, from: 'x@y.z' },
    );
    expect(sent).toBe(0);
    expect(mail.messages.filter((m) => m.to.includes(`plan.${process.pid}@example.com`))).toHaveLength(1);
  });

  it('mails again an email whose sender stopped between claiming and recording it', async () => {
    const to = `stale.${process.pid}@example.com`;
    const patient = await createPatient(api, { email: to });
    const plan = await api.gql<Data>(createCarePlan, { input: { name: 'Sleep', patient_id: patient } });
    await api.gql(sendCarePlanEmail, {
      input: { id: plan.createCarePlan.carePlan.id as string, patient_id: patient },
    });
    await until(async () => mail.messages.find((m) => m.to.includes(to)), 'the first email');
    const queue = (
      server.runtime.services.store.db as unknown as Kysely<Record<string, Record<string, unknown>>>
    )
      .selectFrom('queued_emails')
      .select('sent_at')
      .where('recipient', '=', to);
    // The sender records the outcome after the mail server accepts; the reset below must come after it.
    await until(async () => ((await queue.executeTakeFirst())?.sent_at ? true : undefined), 'the outcome');

    // As a sender killed mid-send leaves it: claimed long ago, no outcome.
    const { db } = server.runtime.services.store;
    await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .updateTable('queued_emails')
      .set({ sent_at: null, error: null, claimed_at: new Date(Date.now() - 10 * 60_000).toISOString() })
      .where('recipient', '=', to)
      .execute();

    await until(
      async () => (mail.messages.filter((m) => m.to.includes(to)).length === 2 ? true : undefined),
      'the email mailed again',
    );
  });

  it('queues nothing when the call is refused', async () => {
    const patient = await createPatient(api, { email: `refused.${process.pid}@example.com` });
    const other = await createPatient(api);
    const plan = await api.gql<Data>(createCarePlan, { input: { name: 'Not yours', patient_id: patient } });
    const answer = await server.graphql<Data>(sendCarePlanEmail, {
      input: { id: plan.createCarePlan.carePlan.id, patient_id: other },
    });
    expect(answer.data!.sendCarePlanEmail.messages).toEqual([
      { field: 'patient_id', message: expect.stringContaining('is not a plan of patient') },
    ]);
    const queued = await server.runtime.services.store.db
      .withTables<{ queued_emails: { id: number; user_id: number } }>()
      .selectFrom('queued_emails')
      .select('id')
      .where('user_id', 'in', [Number(patient), Number(other)])
      .execute();
    expect(queued).toEqual([]);
  });
});
