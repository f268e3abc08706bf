/**
 * Third-party integration callbacks (fax, e-prescribing, payment processor, claims clearinghouse,
 * notification delivery): each writes its record and the exact documented events; bad bodies are 400s
 * naming the field and another organization's record is a 404, with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPatient } from '../resources/cases/fixtures.js';
import { caseApi } from '../resources/support.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ev, eventsOf, expectBodies, expectRefused, insertRow, post, readRow } from './support.js';

describe.each(dialects)('integration callbacks on $name', (dialect) => {
  let server: TestServer;
  let patient: string;
  let otherKey: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    patient = await createPatient(caseApi(server));
    otherKey = (await server.createOrg('Elsewhere')).apiKey;
  });
  afterAll(() => server.close());

  const call = async (path: string, body: Record<string, unknown>) => {
    const answer = await post(server, path, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as { resource_id: string; resource_id_type: string };
  };

  describe('fax', () => {
    it('an inbound fax is stored: received_fax.created', async () => {
      let id = '';
      const bodies = await eventsOf(server, async () => {
        id = (await call('/integrations/fax/received', { from_number: '+15551234567', comments: 'Labs' }))
          .resource_id;
      });
      expectBodies(bodies, [ev('received_fax.created', id)]);
      expect(await readRow(server, 'received_faxes', id)).toMatchObject({
        from_number: '+15551234567',
        comments: 'Labs',
      });
    });

    it('a status report: sent_fax.status_changed then sent_fax.updated ["status"]; a repeat emits nothing', async () => {
      const fax = await insertRow(server, 'sent_faxes', {
        destination_number: '+15550000000',
        status: 'queued',
      });
      const path = '/integrations/fax/sent-fax-status';
      const bodies = await eventsOf(server, () => call(path, { sent_fax_id: fax, status: 'delivered' }));
      expectBodies(bodies, [ev('sent_fax.status_changed', fax), ev('sent_fax.updated', fax, {}, ['status'])]);
      expect((await readRow(server, 'sent_faxes', fax))?.status).toBe('delivered');
      expect(await eventsOf(server, () => call(path, { sent_fax_id: fax, status: 'delivered' }))).toEqual([]);
    });

    it('refuses bad bodies and foreign faxes', async () => {
      await expectRefused(
        server,
        () => post(server, '/integrations/fax/received', { comments: 'x' }),
        400,
        'from_number',
      );
      const fax = await insertRow(server, 'sent_faxes', { destination_number: '+1555', status: 'queued' });
      const path = '/integrations/fax/sent-fax-status';
      await expectRefused(server, () => post(server, path, { sent_fax_id: fax }), 400, 'status');
      await expectRefused(
        server,
        () => post(server, path, { sent_fax_id: fax, status: 'sent' }, otherKey),
        404,
        'sent_fax_id',
      );
    });
  });

  describe('e-prescribing', () => {
    it('a DoseSpot notification: dosespot_notification.created', async () => {
      let id = '';
      const bodies = await eventsOf(server, async () => {
        id = (
          await call('/integrations/dosespot/notifications', {
            user_id: server.org.userId,
            notification_type: 'refill_request',
            count: 2,
            received_at: '2026-11-27T09:00:00Z',
          })
        ).resource_id;
      });
      expectBodies(bodies, [ev('dosespot_notification.created', id)]);
      expect(await readRow(server, 'dosespot_notifications', id)).toMatchObject({
        notification_type: 'refill_request',
        count: 2,
        received_at: '2026-11-27T09:00:00.000Z',
      });
    });

    it("a new prescription is stored in its patient's organization, emitting nothing; reports then update it", async () => {
      let rx = '';
      const bodies = await eventsOf(server, async () => {
        const answer = await call('/integrations/dosespot/prescriptions', {
          patient_id: Number(patient),
          product_name: 'Amoxicillin 500 mg capsule',
          status: 'pending',
          quantity: '30',
          refills: '1',
          days_supply: 10,
          directions: 'One capsule three times a day',
          is_urgent: true,
        });
        expect(answer.resource_id_type).toBe('Prescription');
        rx = answer.resource_id;
      });
      expect(bodies).toEqual([]);
      const read = await caseApi(server).gql(
        `query($id: ID) { prescription(id: $id) {
          id product_name status quantity refills days_supply directions is_urgent no_substitutions patient { id }
        } }`,
        { id: rx },
      );
      expect(read.prescription).toEqual({
        id: rx,
        product_name: 'Amoxicillin 500 mg capsule',
        status: 'pending',
        quantity: '30',
        refills: '1',
        days_supply: 10,
        directions: 'One capsule three times a day',
        is_urgent: true,
        no_substitutions: null,
        patient: { id: patient },
      });
      const update = await eventsOf(server, () =>
        call('/integrations/dosespot/prescription-updated', {
          prescription_id: rx,
          status: 'sent',
          refills: '2',
        }),
      );
      expectBodies(update, [ev('prescription.updated', rx, {}, ['status', 'refills'])]);
      expect(await readRow(server, 'prescriptions', rx)).toMatchObject({ status: 'sent', refills: '2' });
    });

    it("a sub-organization's patient: the prescription belongs to the sub-organization", async () => {
      const branch = await server.createOrg('Branch practice', server.org.organizationId);
      const api = caseApi(server);
      const branchPatient = await createPatient({ ...api, gql: (q, v) => api.gql(q, v, branch.apiKey) });
      const { resource_id: rx } = await call('/integrations/dosespot/prescriptions', {
        patient_id: branchPatient,
        product_name: 'Ibuprofen 200 mg tablet',
      });
      expect(await readRow(server, 'prescriptions', rx)).toMatchObject({
        organization_id: branch.organizationId,
        patient_id: Number(branchPatient),
      });
    });

    it('refuses a new prescription without a drug, for a non-patient, or for a foreign patient', async () => {
      const path = '/integrations/dosespot/prescriptions';
      await expectRefused(server, () => post(server, path, { patient_id: patient }), 400, 'product_name');
      await expectRefused(
        server,
        () => post(server, path, { patient_id: 'abc', product_name: 'Amoxicillin' }),
        400,
        'patient_id',
      );
      await expectRefused(
        server,
        () => post(server, path, { patient_id: patient, product_name: 'Amoxicillin', days_supply: -1 }),
        400,
        'days_supply',
      );
      await expectRefused(
        server,
        () => post(server, path, { patient_id: server.org.userId, product_name: 'Amoxicillin' }),
        400,
        'patient_id',
      );
      await expectRefused(
        server,
        () => post(server, path, { patient_id: patient, product_name: 'Amoxicillin' }, otherKey),
        404,
        'patient_id',
      );
    });

    it('a prescription report: prescription.updated with the changed fields', async () => {
      const rx = await insertRow(server, 'prescriptions', {
        patient_id: Number(patient),
        status: 'pending',
        refills: '1',
      });
      const bodies = await eventsOf(server, () =>
        call('/integrations/dosespot/prescription-updated', {
          prescription_id: rx,
          status: 'sent',
          refills: '1',
          comment: 'ok',
        }),
      );
      expectBodies(bodies, [ev('prescription.updated', rx, {}, ['status', 'comment'])]);
    });

    it('refuses bad bodies and foreign prescriptions', async () => {
      const rx = await insertRow(server, 'prescriptions', { patient_id: Number(patient), status: 'pending' });
      const path = '/integrations/dosespot/prescription-updated';
      await expectRefused(server, () => post(server, path, { prescription_id: rx }), 400, 'status');
      await expectRefused(
        server,
        () => post(server, path, { prescription_id: rx, status: 'x' }, otherKey),
        404,
        'prescription_id',
      );
      await expectRefused(
        server,
        () => post(server, '/integrations/dosespot/notifications', { count: -1 }),
        400,
        'notification_type',
      );
      await expectRefused(
        server,
        () =>
          post(
            server,
            '/integrations/dosespot/notifications',
            { notification_type: 'x', user_id: patient },
            otherKey,
          ),
        404,
        'user_id',
      );
    });
  });

  describe('payment processor', () => {
    it('a dispute opened, updated and withdrawn: charge_back.created / updated / deleted', async () => {
      const item = await insertRow(server, 'billing_items', {
        sender_id: Number(patient),
        amount_paid: '100.00',
      });
      let id = '';
      const created = await eventsOf(server, async () => {
        id = (
          await call('/integrations/payments/charge-back-created', {
            billing_item_id: item,
            status: 'needs_response',
            reason: 'fraudulent',
            disputed_amount: '100.00',
            stripe_dispute_id: 'dp_123',
          })
        ).resource_id;
      });
      expectBodies(created, [ev('charge_back.created', id, { billing_item_id: item })]);
      expect(await readRow(server, 'charge_backs', id)).toMatchObject({
        status: 'needs_response',
        disputed_amount: '100.00',
      });
      const updated = await eventsOf(server, () =>
        call('/integrations/payments/charge-back-updated', { charge_back_id: id, status: 'won', fee: 15 }),
      );
      expectBodies(updated, [ev('charge_back.updated', id, { billing_item_id: item }, ['status', 'fee'])]);
      const deleted = await eventsOf(server, () =>
        call('/integrations/payments/charge-back-deleted', { charge_back_id: id }),
      );
      expectBodies(deleted, [ev('charge_back.deleted', id, { billing_item_id: item })]);
      expect(await readRow(server, 'charge_backs', id)).toBeUndefined();
    });

    it('refuses bad bodies and foreign billing items', async () => {
      const item = await insertRow(server, 'billing_items', { sender_id: Number(patient) });
      const path = '/integrations/payments/charge-back-created';
      await expectRefused(server, () => post(server, path, { status: 'x' }), 400, 'billing_item_id');
      await expectRefused(
        server,
        () => post(server, path, { billing_item_id: item, fee: 'lots' }),
        400,
        'fee',
      );
      await expectRefused(
        server,
        () => post(server, path, { billing_item_id: item }, otherKey),
        404,
        'billing_item_id',
      );
    });
  });

  describe('claims clearinghouse', () => {
    it('a claim submitted, progressing and withdrawn: claim_submission.created / updated / deleted', async () => {
      const cms1500 = await insertRow(server, 'cms1500s', {});
      let id = '';
      const created = await eventsOf(server, async () => {
        id = (
          await call('/integrations/clearinghouse/claim-submission-created', {
            cms1500_id: cms1500,
            status: 'submitted',
            claim_data: { control_number: 'A1' },
          })
        ).resource_id;
      });
      expectBodies(created, [ev('claim_submission.created', id, { cms1500_id: cms1500 })]);
      expect(await readRow(server, 'claim_submissions', id)).toMatchObject({
        status: 'submitted',
        claim_data: '{"control_number":"A1"}',
      });
      const updated = await eventsOf(server, () =>
        call('/integrations/clearinghouse/claim-submission-updated', {
          claim_submission_id: id,
          status: 'accepted',
        }),
      );
      expectBodies(updated, [ev('claim_submission.updated', id, { cms1500_id: cms1500 }, ['status'])]);
      const deleted = await eventsOf(server, () =>
        call('/integrations/clearinghouse/claim-submission-deleted', { claim_submission_id: id }),
      );
      expectBodies(deleted, [ev('claim_submission.deleted', id, { cms1500_id: cms1500 })]);
    });

    it('refuses bad bodies and foreign claims', async () => {
      const cms1500 = await insertRow(server, 'cms1500s', {});
      const path = '/integrations/clearinghouse/claim-submission-created';
      await expectRefused(
        server,
        () => post(server, path, { cms1500_id: cms1500, claim_data: 'x' }),
        400,
        'claim_data',
      );
      await expectRefused(
        server,
        () => post(server, path, { cms1500_id: cms1500 }, otherKey),
        404,
        'cms1500_id',
      );
    });
  });

  describe('notification delivery', () => {
    it('a notification logged, then its delivery status: sent_notification_record.created / updated', async () => {
      let id = '';
      const created = await eventsOf(server, async () => {
        id = (
          await call('/integrations/notifications/sent', {
            user_id: patient,
            category: 'appointment',
            notification_type: 'email',
            delivery_status: 'sent',
          })
        ).resource_id;
      });
      expectBodies(created, [ev('sent_notification_record.created', id)]);
      const updated = await eventsOf(server, () =>
        call('/integrations/notifications/status', {
          sent_notification_record_id: id,
          delivery_status: 'delivered',
        }),
      );
      expectBodies(updated, [ev('sent_notification_record.updated', id, {}, ['delivery_status'])]);
    });

    it('refuses bad bodies and foreign users', async () => {
      await expectRefused(
        server,
        () => post(server, '/integrations/notifications/sent', { category: 'x' }),
        400,
        'user_id',
      );
      await expectRefused(
        server,
        () => post(server, '/integrations/notifications/sent', { user_id: patient }, otherKey),
        404,
        'user_id',
      );
    });
  });
});
