/**
 * Fields Healthie answers from records linked to the one read: a superbill's stored code lines, the claim
 * and superbill lines coding a diagnosis, a claim's estimated fees and the clearinghouse's reasons, the
 * pharmacy a prescription went to, the tests a lab order names, the record a client source points at, and
 * a charting note's audit history. On both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post } from '../integrations/support.js';
import { dialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPatient } from './cases/fixtures.js';
import { caseApi, eventsAfter, lastEventId, type CaseApi, type Data } from './support.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function createSuperBill(api: CaseApi, input: Record<string, unknown>): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: createSuperBillInput) {
      createSuperBill(input: $input) { superBill { id } messages { field message } }
    }`,
    { input },
  );
  return data.createSuperBill.superBill.id as string;
}

async function createCms1500(api: CaseApi, input: Record<string, unknown>): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: createCms1500Input) { createCms1500(input: $input) { cms1500 { id } messages { field message } } }`,
    { input },
  );
  return data.createCms1500.cms1500.id as string;
}

async function chartDiagnosis(api: CaseApi, patient: string, icdCode: string): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: updateClientInput) {
      updateClient(input: $input) { user { id diagnoses { id icd_code_id } } messages { field message } }
    }`,
    { input: { id: patient, diagnoses: [{ icd_code_id: icdCode }] } },
  );
  const diagnoses = data.updateClient.user.diagnoses as Array<{ id: string; icd_code_id: string }>;
  return diagnoses.find((d) => d.icd_code_id === icdCode)!.id;
}

async function internal(server: TestServer, path: string, body: Record<string, unknown>) {
  const answer = await post(server, path, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { resource_id: string };
}

describe.each(dialects)('records linked to a read record on $name', (dialect) => {
  let server: TestServer;
  let api: CaseApi;
  let provider: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = caseApi(server);
    provider = String(server.org.userId);
  });
  afterAll(() => server.close());

  it("answers a superbill's stored CPT and ICD lines as Healthie's line types", async () => {
    const patient = await createPatient(api);
    const bill = await createSuperBill(api, {
      patient_id: patient,
      cpt_codes_super_bills: [
        {
          cpt_code_id: '99213',
          fee: '120.00',
          units: '2',
          mod1: '25',
          service_date: '2030-10-02',
          pointers: ['A', 'B'],
        },
        { cpt_code_id: '97802', fee: '45.50', units: '1' },
      ],
      icd_codes_super_bills: [{ icd_code_id: '55' }],
    });
    const read = await api.gql<Data>(
      `query($id: ID) { superBill(id: $id) {
        cpt_codes_super_bills {
          id super_bill_id cpt_code_id cpt_code { code } fee units mod1 mod2 service_date pointers
          billing_item_id created_at updated_at
        }
        icd_codes_super_bills { id super_bill_id icd_code_id icd_code { code } created_at updated_at }
      } }`,
      { id: bill },
    );
    const { cpt_codes_super_bills: cpt, icd_codes_super_bills: icd } = read.superBill;
    expect(cpt).toEqual([
      {
        id: expect.any(String),
        super_bill_id: bill,
        cpt_code_id: '99213',
        cpt_code: { code: '99213' },
        fee: '120.00',
        units: '2',
        mod1: '25',
        mod2: null,
        service_date: '2030-10-02',
        pointers: ['A', 'B'],
        billing_item_id: null,
        created_at: expect.stringMatching(ISO),
        updated_at: expect.stringMatching(ISO),
      },
      expect.objectContaining({ cpt_code_id: '97802', fee: '45.50', units: '1', pointers: null }),
    ]);
    expect(icd).toEqual([
      {
        id: expect.any(String),
        super_bill_id: bill,
        icd_code_id: '55',
        icd_code: { code: '55' },
        created_at: expect.stringMatching(ISO),
        updated_at: expect.stringMatching(ISO),
      },
    ]);

    // A removed line is gone from the list.
    await api.gql(
      `mutation($input: updateSuperBillInput) { updateSuperBill(input: $input) { superBill { id } messages { field message } } }`,
      { input: { id: bill, cpt_codes_super_bills: [{ id: cpt[1].id, _destroy: true }] } },
    );
    const after = await api.gql<Data>(
      'query($id: ID) { superBill(id: $id) { cpt_codes_super_bills { id } } }',
      {
        id: bill,
      },
    );
    expect(after.superBill.cpt_codes_super_bills).toEqual([{ id: cpt[0].id }]);
  });

  it("links a diagnosis to the latest claim and superbill lines coding it; a claim estimates fees from the patient's other claims", async () => {
    const patient = await createPatient(api);
    const diagnosis = await chartDiagnosis(api, patient, '4410');
    const other = await chartDiagnosis(api, patient, '4411');
    const first = await createCms1500(api, {
      patient: { id: patient },
      cpt_codes_cms1500s: [
        { cpt_code_id: '99214', fee: '150.00', units: '1' },
        { cpt_code_id: '90837', fee: '200.00', units: '1' },
      ],
      icd_codes_cms1500s: [{ icd_code_id: '4410' }],
    });
    const second = await createCms1500(api, {
      patient: { id: patient },
      cpt_codes_cms1500s: [{ cpt_code_id: '99214', fee: '160.00', units: '1' }],
      icd_codes_cms1500s: [{ icd_code_id: '4410' }],
    });
    await createSuperBill(api, { patient_id: patient, icd_codes_super_bills: [{ icd_code_id: '4410' }] });

    const read = await api.gql<Data>(
      `query($first: ID, $second: ID, $d: ID, $o: ID) {
        first: cms1500(id: $first) {
          icd_codes_cms1500s { id } paid_out_at reasons
          estimated_cpt_fees_for_user { cms1500_id cpt_code_id fee }
        }
        second: cms1500(id: $second) {
          icd_codes_cms1500s { id }
          estimated_cpt_fees_for_user { cms1500_id cpt_code_id fee }
        }
        diagnosis: diagnosis(id: $d) { icd_codes_cms1500s_id icd_codes_super_bill_id }
        other: diagnosis(id: $o) { icd_codes_cms1500s_id icd_codes_super_bill_id }
      }`,
      { first, second, d: diagnosis, o: other },
    );
    // Each claim estimates from the other: the latest fee per code, in code order.
    expect(read.first.estimated_cpt_fees_for_user).toEqual([
      { cms1500_id: second, cpt_code_id: '99214', fee: '160.00' },
    ]);
    expect(read.second.estimated_cpt_fees_for_user).toEqual([
      { cms1500_id: first, cpt_code_id: '90837', fee: '200.00' },
      { cms1500_id: first, cpt_code_id: '99214', fee: '150.00' },
    ]);
    expect(read.first).toMatchObject({ paid_out_at: null, reasons: null });
    const superBill = await api.gql<Data>(
      'query($p: ID) { superBills(client_id: $p) { icd_codes_super_bills { id } } }',
      { p: patient },
    );
    expect(read.diagnosis).toEqual({
      icd_codes_cms1500s_id: read.second.icd_codes_cms1500s[0].id,
      icd_codes_super_bill_id: superBill.superBills[0].icd_codes_super_bills[0].id,
    });
    // No claim or superbill codes the other diagnosis.
    expect(read.other).toEqual({ icd_codes_cms1500s_id: null, icd_codes_super_bill_id: null });
  });

  it('the clearinghouse\'s rejection reasons are set on the claim: cms1500.updated ["reasons"]', async () => {
    const patient = await createPatient(api);
    const claim = await createCms1500(api, { patient: { id: patient } });
    const mark = await lastEventId(server);
    const { resource_id: submission } = await internal(
      server,
      '/integrations/clearinghouse/claim-submission-created',
      { cms1500_id: Number(claim), status: 'submitted' },
    );
    await internal(server, '/integrations/clearinghouse/claim-submission-updated', {
      claim_submission_id: Number(submission),
      status: 'rejected',
      reasons: 'CO-16',
    });
    const bodies = (await eventsAfter(server, mark)).map((e) => JSON.parse(e.body) as Data);
    expect(bodies.map((b) => [b.event_type, b.resource_id, b.changed_fields])).toEqual([
      ['claim_submission.created', submission, []],
      ['claim_submission.updated', submission, ['status']],
      ['cms1500.updated', claim, ['reasons']],
    ]);
    const read = await api.gql<Data>('query($id: ID) { cms1500(id: $id) { reasons } }', { id: claim });
    expect(read.cms1500.reasons).toBe('CO-16');
  });

  it('keeps the pharmacy the e-prescribing partner sent a prescription to; null when it names none', async () => {
    const patient = await createPatient(api);
    const pharmacy = {
      id: 9001,
      name: 'Corner Drug',
      line1: '5 Main St',
      city: 'Springfield',
      state: 'IL',
      zip: '62701',
      phone_number: '555-0100',
      latitude: '39.78',
      longitude: '-89.65',
    };
    const { resource_id: rx } = await internal(server, '/integrations/dosespot/prescriptions', {
      patient_id: Number(patient),
      product_name: 'Amoxicillin 500 mg capsule',
      pharmacy,
    });
    const { resource_id: bare } = await internal(server, '/integrations/dosespot/prescriptions', {
      patient_id: Number(patient),
      product_name: 'Ibuprofen 200 mg tablet',
    });
    const read = async (id: string) =>
      (
        await api.gql<Data>(
          `query($id: ID) { prescription(id: $id) {
            pharmacy { id name line1 line2 city state zip phone_number latitude longitude }
          } }`,
          { id },
        )
      ).prescription.pharmacy as Data | null;
    expect(await read(rx)).toEqual({ ...pharmacy, id: '9001', line2: null });
    expect(await read(bare)).toBeNull();

    // A later report naming another pharmacy replaces it: prescription.updated ["pharmacy"].
    const mark = await lastEventId(server);
    await internal(server, '/integrations/dosespot/prescription-updated', {
      prescription_id: Number(bare),
      pharmacy: { id: 'P-7', name: 'Mail Order Rx' },
    });
    const bodies = (await eventsAfter(server, mark)).map((e) => JSON.parse(e.body) as Data);
    expect(bodies.map((b) => [b.event_type, b.changed_fields])).toEqual([
      ['prescription.updated', ['pharmacy']],
    ]);
    expect(await read(bare)).toMatchObject({ id: 'P-7', name: 'Mail Order Rx', city: null });

    const refused = await post(server, '/integrations/dosespot/prescriptions', {
      patient_id: Number(patient),
      product_name: 'Amoxicillin',
      pharmacy: { name: 'No id' },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('pharmacy');
  });

  it('answers the tests a lab order names as its lab options, and a Rupa order’s link', async () => {
    const patient = await createPatient(api);
    const data = await api.gql<Data>(
      `mutation($input: createLabOrderInput) {
        createLabOrder(input: $input) { lab_order { id } messages { field message } }
      }`,
      {
        input: {
          patient_id: patient,
          lab: 'Quest',
          lab_company: 'Quest Diagnostics',
          submission: {
            tests: [{ provider_identifier: '7600', name: 'Lipid panel' }, { provider_identifier: '496' }],
          },
        },
      },
    );
    const order = data.createLabOrder.lab_order.id as string;
    const plain = await api.gql<Data>(
      `mutation($input: createLabOrderInput) {
        createLabOrder(input: $input) { lab_order { id lab_options { id } view_rupa_order_url } messages { field message } }
      }`,
      { input: { patient_id: patient, lab: 'Quest' } },
    );
    expect(plain.createLabOrder.lab_order).toMatchObject({ lab_options: [], view_rupa_order_url: null });
    // Rupa's order id comes from the lab vendor's report: lab_order.updated with what changed.
    const mark = await lastEventId(server);
    await internal(server, '/integrations/labs/order-updated', {
      lab_order_id: Number(order),
      integration: 'rupa',
      rupa_order_id: 'ord_123',
      status: 'Ordered',
    });
    const bodies = (await eventsAfter(server, mark)).map((e) => JSON.parse(e.body) as Data);
    expect(bodies.map((b) => [b.event_type, b.resource_id, b.changed_fields])).toEqual([
      ['lab_order.updated', order, ['integration', 'status', 'rupa_order_id']],
    ]);
    const refused = await post(server, '/integrations/labs/order-updated', { lab_order_id: Number(order) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: Data) => e.field)).toEqual(['status']);
    const read = await api.gql<Data>(
      `query($id: ID) { labOrder(id: $id) {
        lab_options { id name lab_name provider_identifier markers { name } } view_rupa_order_url integration
      } }`,
      { id: order },
    );
    expect(read.labOrder).toEqual({
      lab_options: [
        { id: '7600', name: 'Lipid panel', lab_name: 'Quest', provider_identifier: '7600', markers: null },
        { id: '496', name: '496', lab_name: 'Quest', provider_identifier: '496', markers: null },
      ],
      view_rupa_order_url: 'https://labs.rupahealth.com/orders/ord_123',
      integration: 'rupa',
    });
  });

  it('answers the person a client source points at, with their full name', async () => {
    const referrer = await createPatient(api, { first_name: 'Ada', last_name: 'Lovelace' });
    const sourced = async (source: Record<string, unknown>) => {
      const client = await createPatient(api);
      await api.gql(
        `mutation($input: updateClientInput) { updateClient(input: $input) { user { id } messages { field message } } }`,
        { input: { id: client, client_source: source } },
      );
      return client;
    };
    const referred = await sourced({ ref_type: 'Client Referral', ref_source: referrer });
    const byProvider = await sourced({ ref_type: 'Provider', ref_source: provider });
    const searched = await sourced({ ref_type: 'Other', ref_source: 'Other', ref_source_other: 'A podcast' });
    const read = await api.gql<Data>(
      `query($a: ID, $b: ID, $c: ID, $p: ID) {
        a: user(id: $a) { client_source { related_object { id full_name } } }
        b: user(id: $b) { client_source { related_object { id full_name } } }
        c: user(id: $c) { client_source { related_object { id full_name } } }
        p: user(id: $p) { full_name }
      }`,
      { a: referred, b: byProvider, c: searched, p: provider },
    );
    expect(read.a.client_source.related_object).toEqual({ id: referrer, full_name: 'Ada Lovelace' });
    expect(read.b.client_source.related_object).toEqual({ id: provider, full_name: read.p.full_name });
    expect(read.c.client_source.related_object).toBeNull();
  });

  it("records a charting note's locks, unlocks, signings and addenda as audit events", async () => {
    const patient = await createPatient(api);
    const form = await api.gql<Data>(
      `mutation($input: createCustomModuleFormInput) {
        createCustomModuleForm(input: $input) { customModuleForm { id } messages { field message } }
      }`,
      { input: { name: 'Progress note', use_for_charting: true } },
    );
    const created = await api.gql<Data>(
      `mutation($input: createFormAnswerGroupInput) {
        createFormAnswerGroup(input: $input) { form_answer_group { id } messages { field message } }
      }`,
      {
        input: {
          user_id: patient,
          custom_module_form_id: form.createCustomModuleForm.customModuleForm.id,
          finished: true,
          marked_locked: true,
        },
      },
    );
    const group = created.createFormAnswerGroup.form_answer_group.id as string;
    // A save refused after its lock was written (a bad back-date) leaves no audit event either.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- registry tables are dynamic
    const db = server.runtime.services.store.db as any;
    const audited = async () =>
      (await db.selectFrom('form_answer_group_audit_events').select('id').execute()).length as number;
    const before = await audited();
    const badDate = await server.graphql(
      `mutation($input: createFormAnswerGroupInput) {
        createFormAnswerGroup(input: $input) { form_answer_group { id } messages { field message } }
      }`,
      {
        input: {
          user_id: patient,
          custom_module_form_id: form.createCustomModuleForm.customModuleForm.id,
          marked_locked: true,
          created_at: 'soon',
        },
      },
    );
    expect(badDate.data?.createFormAnswerGroup).toMatchObject({ messages: [{ field: 'created_at' }] });
    expect(await audited()).toBe(before);
    const call = (mutation: string, input: string, values: Record<string, unknown>) =>
      api.gql(`mutation($input: ${input}) { ${mutation}(input: $input) { messages { field message } } }`, {
        input: values,
      });
    await call('unlockFormAnswerGroup', 'UnlockInput', { id: group, description: 'Fix the dosage' });
    await call('signFormAnswerGroup', 'SignInput', { id: group });
    await call('lockFormAnswerGroup', 'LockInput', { id: group });
    await call('createAddendum', 'createAddendumInput', {
      form_answer_group_id: group,
      content: 'Late entry',
    });
    // A refused lock (already locked) records nothing.
    const refused = await server.graphql(
      'mutation($input: LockInput) { lockFormAnswerGroup(input: $input) { messages { field message } } }',
      { input: { id: group } },
    );
    expect(refused.data?.lockFormAnswerGroup).toMatchObject({ messages: [{ field: 'id' }] });

    const read = await api.gql<Data>(
      `query($id: ID) { formAnswerGroup(id: $id) {
        versioning_stream_name
        form_answer_group_audit_events {
          id action description committed_by { id } committed_at created_at updated_at form_answer_group { id }
        }
      } }`,
      { id: group },
    );
    const events = read.formAnswerGroup.form_answer_group_audit_events as Data[];
    expect(events.map((e) => [e.action, e.description, e.committed_by.id, e.form_answer_group.id])).toEqual([
      ['LOCKED', null, provider, group],
      ['UNLOCKED', 'Fix the dosage', provider, group],
      ['SIGNED', null, provider, group],
      ['LOCKED', null, provider, group],
      ['ADDENDUM_CREATED', null, provider, group],
    ]);
    for (const event of events) {
      expect(event.committed_at).toMatch(ISO);
      expect(event.committed_at).toBe(event.created_at);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(5);
    expect(read.formAnswerGroup.versioning_stream_name).toBe(`FormAnswerGroup$${group}`);
  });
});
