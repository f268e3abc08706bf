/**
 * Clinical area: medications, allergies, family history, referring physicians and referrals, care plans
 * (and their activation), goals, goal templates and progress, journal entries and comments, lab orders and
 * results, and the records only integrations write.
 */
import { expect } from 'vitest';
import {
  ev,
  type CaseApi,
  type Data,
  type Ids,
  type InvalidCase,
  type MutationCase,
  type ReadBackCase,
} from '../support.js';
import { createPatient, createUserGroup } from './fixtures.js';

/** A mutation document selecting `selection` of the payload's `field`. */
const doc = (mutation: string, field: string, selection = 'id', input = `${mutation}Input`) =>
  `mutation($input: ${input}) { ${mutation}(input: $input) { ${field} { ${selection} } messages { field message } } }`;

async function make(
  api: CaseApi,
  mutation: string,
  field: string,
  input: Record<string, unknown>,
): Promise<string> {
  const data = await api.gql<Data>(doc(mutation, field), { input });
  return data[mutation][field].id as string;
}

const medication = (api: CaseApi, user: string) =>
  make(api, 'createMedication', 'medication', { user_id: user, name: 'Metformin', dosage: '500 mg' });
const allergy = (api: CaseApi, user: string) =>
  make(api, 'createAllergySensitivity', 'allergy_sensitivity', {
    user_id: user,
    category: 'allergy',
    name: 'Penicillin',
  });
const familyHistory = (api: CaseApi, user: string) =>
  make(api, 'createFamilyHistory', 'family_history_condition', {
    user_id: user,
    concept_id: '73211009',
    relationships: ['Mother'],
  });
const physician = (api: CaseApi, input: Record<string, unknown> = {}) =>
  make(api, 'createReferringPhysician', 'referring_physician', {
    first_name: 'Rhea',
    last_name: 'Ferrer',
    business_name: 'Ferrer Cardiology',
    ...input,
  });
const referral = (api: CaseApi, user: string, physicianId?: string) =>
  make(api, 'createReferral', 'referral', {
    user_id: user,
    referring_physician_id: physicianId,
    referral_reason: 'Chest pain',
  });
const carePlan = (api: CaseApi, input: Record<string, unknown>) =>
  make(api, 'createCarePlan', 'carePlan', { name: 'Diabetes plan', ...input });
const goal = (api: CaseApi, input: Record<string, unknown>) =>
  make(api, 'createGoal', 'goal', { name: 'Walk 30 minutes', ...input });
const goalHistory = (api: CaseApi, goalId: string, completedOn = '2030-01-05') =>
  make(api, 'createGoalHistory', 'goalHistory', { goal_id: goalId, completed_on: completedOn });
const entry = (api: CaseApi, input: Record<string, unknown>) => make(api, 'createEntry', 'entry', input);
const comment = (api: CaseApi, entryId: string) =>
  make(api, 'createComment', 'comment', { entry_id: entryId, content: 'Nice work' });
const labOrder = (api: CaseApi, patient: string) =>
  make(api, 'createLabOrder', 'lab_order', { patient_id: patient, lab: 'Quest', lab_company: 'Quest' });
const labResult = (api: CaseApi, order: string) =>
  make(api, 'createLabResult', 'lab_result', { lab_order_id: order, document_id: '17000' });
const toggle = (api: CaseApi, input: Record<string, unknown>) =>
  api.gql(doc('toggleCarePlanStatusForSpecificUser', 'carePlan'), { input });

const withPatient = async (api: CaseApi): Promise<Ids> => ({ patient: await createPatient(api) });
const patientPlan = async (api: CaseApi): Promise<Ids> => {
  const patient = await createPatient(api);
  return { patient, plan: await carePlan(api, { patient_id: patient }) };
};
const groupPlan = async (api: CaseApi): Promise<Ids> => {
  const group = await createUserGroup(api);
  const patient = await createPatient(api, { user_group_id: group });
  const plan = await carePlan(api, { name: 'Group plan' });
  await api.gql(doc('updateCarePlan', 'carePlan'), { input: { id: plan, user_group_id: group } });
  return { patient, plan };
};
const patientGoal = async (api: CaseApi): Promise<Ids> => {
  const patient = await createPatient(api);
  return { patient, goal: await goal(api, { user_id: patient }) };
};
const noteEntry = async (api: CaseApi): Promise<Ids> => {
  const patient = await createPatient(api);
  return {
    patient,
    entry: await entry(api, { user_id: patient, type: 'NoteEntry', description: 'Slept well' }),
  };
};
const metricEntry = async (api: CaseApi): Promise<Ids> => {
  const patient = await createPatient(api);
  const id = await entry(api, {
    user_id: patient,
    type: 'MetricEntry',
    category: 'Weight',
    metric_stat: '180',
  });
  return { patient, entry: id };
};
const ordered = async (api: CaseApi): Promise<Ids> => {
  const patient = await createPatient(api);
  return { patient, order: await labOrder(api, patient) };
};

const carePlanFields = 'id name description is_hidden is_active patient { id }';
const goalFields = 'id name repeat start_on user_id parent_id care_plan_id';
const entryFields = 'id type category metric_stat description poster { id }';

const bulkEntriesDoc = `mutation($input: bulkCreateEntriesInput) {
  bulkCreateEntries(input: $input) {
    entries { id type category metric_stat description created_at external_id external_id_type
      percieved_hungriness entries_in_average poster { id } }
    messages { field message }
  }
}`;
const waterDoc = `mutation($input: createOrAddToWaterIntakeEntryInput) {
  createOrAddToWaterIntakeEntry(input: $input) { entry { id type metric_stat created_at poster { id } } messages { field message } }
}`;
const planWithGoals =
  'id name is_template is_active patient { id } user_group { id } goals { id name user_id }';
const exportDoc = `mutation($input: exportToTemplateInput) {
  exportCarePlanToTemplate(input: $input) { carePlan { ${planWithGoals} } messages { field message } }
}`;
const applyTemplateDoc = `mutation($input: bulkApplyCarePlanTemplateInput) {
  bulkApplyCarePlanTemplate(input: $input) { carePlans { ${planWithGoals} } messages { field message } }
}`;
const planUsersDoc = `mutation($input: bulkUpdateCarePlanUsersInput) {
  bulkUpdateCarePlanUsers(input: $input) { carePlans { id is_active } messages { field message } }
}`;
const groupPlanDoc = `mutation($input: updateGroupCarePlanInput) {
  updateGroupCarePlan(input: $input) { carePlan { id is_active } messages { field message } }
}`;
const sendPlanDoc = `mutation($input: sendCarePlanEmailInput) {
  sendCarePlanEmail(input: $input) { carePlan { id } messages { field message } }
}`;

/** A template in the library with one goal (goals name a patient, as every goal does). */
async function planTemplate(api: CaseApi, withGoal = true): Promise<Ids> {
  const template = await carePlan(api, { name: `Template ${process.pid}`, is_managing_templates: true });
  if (!withGoal) return { template };
  const owner = await createPatient(api);
  return { template, templateGoal: await goal(api, { user_id: owner, care_plan_id: template }) };
}

/** The emails queued for a user, oldest first. */
async function queuedEmails(api: CaseApi, user: string) {
  return api.server.runtime.services.store.db
    .withTables<{
      queued_emails: {
        id: number;
        user_id: number;
        recipient: string;
        subject: string;
        body: string;
        notification_type: string | null;
        sent_at: string | null;
      };
    }>()
    .selectFrom('queued_emails')
    .select(['recipient', 'subject', 'body', 'notification_type', 'sent_at'])
    .where('user_id', '=', Number(user))
    .orderBy('id')
    .execute();
}

async function emailOf(api: CaseApi, user: string): Promise<string> {
  const data = await api.gql<Data>('query($id: ID) { user(id: $id) { email } }', { id: user });
  return data.user.email as string;
}

const parseCcdaDoc = `mutation($input: parseCcdaDocumentInput) {
  parseCcdaDocument(input: $input) { user { id } xml_file_name messages { field message } }
}`;
const reconcileDoc = `mutation($input: CompleteCcdaReconciliationInput) {
  completeCcdaReconciliation(input: $input) { user { id } messages { field message } }
}`;
const ccdaFile = (name?: string) =>
  `data:text/xml;${name ? `name=${name};` : ''}base64,${Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"/>').toString('base64')}`;

/** A client with a parsed C-CDA import: two medications, an allergy and a problem left to reconcile. */
async function ccdaImported(api: CaseApi): Promise<Ids> {
  const patient = await createPatient(api);
  const name = `record-${process.pid}-${patient}.xml`;
  await api.gql(parseCcdaDoc, { input: { file: ccdaFile(name) } });
  const response = await fetch(`${api.server.url}/internal/integrations/ccda/parsed`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${api.server.org.apiKey}`,
      authorizationsource: 'API',
    },
    body: JSON.stringify({
      xml_file_name: name,
      patient: { id: patient },
      medications: [{ name: 'Lisinopril 10 mg' }, { name: 'Aspirin 81 mg', active: false }],
      allergies: [{ name: 'Penicillin', reaction: 'Hives' }],
      problems: [{ name: 'Hypertension', code: 'I10' }],
    }),
  });
  if (response.status !== 200) throw new Error(`ccda result refused: ${await response.text()}`);
  const read = await api.gql<Data>(
    `query($id: ID) { medications(patient_id: $id, unreconciled_from_ccda_ingest: true) { id }
      user(id: $id) { problems(unreconciled_from_ccda_ingest: true) { id } allergy_sensitivities { id requires_consolidation } } }`,
    { id: patient },
  );
  const [kept, dropped] = read.medications as Data[];
  return {
    patient,
    kept: kept!.id,
    dropped: dropped!.id,
    allergy: read.user.allergy_sensitivities.find((a: Data) => a.requires_consolidation).id,
    problem: read.user.problems[0].id,
  };
}

export const clinicalMutations: MutationCase[] = [
  {
    mutation: 'createMedication',
    title: "puts a medication on a patient's profile",
    setup: withPatient,
    document: doc('createMedication', 'medication', 'id user_id name dosage frequency active start_date'),
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        name: 'Metformin',
        dosage: '500 mg',
        frequency: 'Twice daily',
        active: true,
        start_date: '2030-01-01',
        created_at: '2029-12-31',
      },
    }),
    events: ({ patient }, data) => [ev('medication.created', data.medication.id, { user_id: patient! })],
    check: async ({ patient }, data, api) => {
      expect(data.medication).toMatchObject({
        user_id: patient,
        name: 'Metformin',
        frequency: 'Twice daily',
        active: true,
        start_date: '2030-01-01',
      });
      const listed = await api.gql<Data>(
        'query($id: ID) { active: medications(patient_id: $id, active: true) { id } stopped: medications(patient_id: $id, active: false) { id } }',
        { id: patient },
      );
      expect(listed).toEqual({ active: [{ id: data.medication.id }], stopped: [] });
    },
  },
  {
    mutation: 'updateMedication',
    title: 'stops a medication: changed_fields lists only what changed',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, medication: await medication(api, patient!) };
    },
    document: doc('updateMedication', 'medication', 'id active comment'),
    variables: ({ medication: id }) => ({
      input: { id, active: false, dosage: '500 mg', comment: 'Stopped by patient', end_date: '2030-02-01' },
    }),
    events: ({ medication: id, patient }) => [
      ev('medication.updated', id!, { user_id: patient! }, ['comment', 'end_date']),
    ],
  },
  {
    mutation: 'updateMedication',
    title: 'nothing changed: no event',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { medication: await medication(api, patient!) };
    },
    document: doc('updateMedication', 'medication'),
    variables: ({ medication: id }) => ({ input: { id, name: 'Metformin' } }),
    events: () => [],
  },
  {
    mutation: 'deleteMedication',
    title: 'takes a medication off the profile (destroyMedicationInput)',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, medication: await medication(api, patient!) };
    },
    document: doc('deleteMedication', 'medication', 'id', 'destroyMedicationInput'),
    variables: ({ medication: id }) => ({ input: { id } }),
    events: ({ medication: id, patient }) => [ev('medication.deleted', id!, { user_id: patient! })],
  },
  {
    mutation: 'createAllergySensitivity',
    title: 'notes an allergy; the caller is its author',
    setup: withPatient,
    document: doc(
      'createAllergySensitivity',
      'allergy_sensitivity',
      'id category name severity reaction created_by { id }',
    ),
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        category: 'allergy',
        name: 'Penicillin',
        severity: 'Severe',
        reaction: 'Hives',
      },
    }),
    events: ({ patient }, data) => [
      ev('allergy_sensitivity.created', data.allergy_sensitivity.id, { user_id: patient! }),
    ],
    check: ({ provider }, data) =>
      expect(data.allergy_sensitivity).toMatchObject({ category: 'allergy', created_by: { id: provider } }),
  },
  {
    mutation: 'updateAllergySensitivity',
    title: 'recategorises an allergy (id is a String)',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, allergy: await allergy(api, patient!) };
    },
    document: doc('updateAllergySensitivity', 'allergy_sensitivity', 'id category'),
    variables: ({ allergy: id }) => ({ input: { id, category: 'intolerance' } }),
    events: ({ allergy: id, patient }) => [
      ev('allergy_sensitivity.updated', id!, { user_id: patient! }, ['category']),
    ],
  },
  {
    mutation: 'deleteAllergySensitivity',
    title: 'takes an allergy off the chart',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, allergy: await allergy(api, patient!) };
    },
    document: doc('deleteAllergySensitivity', 'allergy_sensitivity'),
    variables: ({ allergy: id }) => ({ input: { id } }),
    events: ({ allergy: id, patient }) => [ev('allergy_sensitivity.deleted', id!, { user_id: patient! })],
  },
  {
    mutation: 'createFamilyHistory',
    title: 'records a family history condition',
    setup: withPatient,
    document: doc(
      'createFamilyHistory',
      'family_history_condition',
      'id concept_id relationships user { id }',
    ),
    variables: ({ patient }) => ({
      input: { user_id: patient, concept_id: '73211009', relationships: ['Mother', 'Sister'] },
    }),
    events: ({ patient }, data) => [
      ev('family_history_condition.created', data.family_history_condition.id, { user_id: patient! }),
    ],
    check: ({ patient }, data) =>
      expect(data.family_history_condition).toMatchObject({
        concept_id: '73211009',
        relationships: ['Mother', 'Sister'],
        user: { id: patient },
      }),
  },
  {
    mutation: 'updateFamilyHistory',
    title: 'changes the relatives',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, condition: await familyHistory(api, patient!) };
    },
    document: doc('updateFamilyHistory', 'family_history_condition', 'id relationships'),
    variables: ({ condition }) => ({ input: { id: condition, relationships: ['Mother', 'Father'] } }),
    events: ({ condition, patient }) => [
      ev('family_history_condition.updated', condition!, { user_id: patient! }, ['relationships']),
    ],
    check: (_ids, data) => expect(data.family_history_condition.relationships).toEqual(['Mother', 'Father']),
  },
  {
    mutation: 'deleteFamilyHistory',
    title: 'removes a family history condition',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, condition: await familyHistory(api, patient!) };
    },
    document: doc('deleteFamilyHistory', 'family_history_condition'),
    variables: ({ condition }) => ({ input: { id: condition } }),
    events: ({ condition, patient }) => [
      ev('family_history_condition.deleted', condition!, { user_id: patient! }),
    ],
  },
  {
    mutation: 'createReferringPhysician',
    title: 'puts a physician on file',
    document: doc('createReferringPhysician', 'referring_physician', 'id full_name email provider { id }'),
    variables: () => ({
      input: { first_name: 'Rhea', last_name: 'Ferrer', email: 'Rhea@Example.com', npi: '1234567890' },
    }),
    events: (_ids, data) => [ev('referring_physician.created', data.referring_physician.id)],
    check: ({ provider }, data) =>
      expect(data.referring_physician).toMatchObject({
        full_name: 'Rhea Ferrer',
        email: 'rhea@example.com',
        provider: { id: provider },
      }),
  },
  {
    mutation: 'createReferringPhysician',
    title: 'with a location and a referral: location, physician, referral, in that order',
    setup: withPatient,
    document: doc(
      'createReferringPhysician',
      'referring_physician',
      'id location { id city } referrals { id user_id referral_reason } referrals_count',
    ),
    variables: ({ patient }) => ({
      input: {
        business_name: 'Ferrer Cardiology',
        location: { line1: '2 Heart St', city: 'Springfield', state: 'IL', zip: '62701' },
        referrals: [{ user_id: patient, referral_reason: 'Palpitations' }],
      },
    }),
    events: (_ids, data) => [
      ev('location.created', data.referring_physician.location.id),
      ev('referring_physician.created', data.referring_physician.id),
      ev('referral.created', data.referring_physician.referrals[0].id),
    ],
    check: ({ patient }, data) =>
      expect(data.referring_physician).toMatchObject({
        location: { city: 'Springfield' },
        referrals: [{ user_id: patient, referral_reason: 'Palpitations' }],
        referrals_count: 1,
      }),
  },
  {
    mutation: 'updateReferringPhysician',
    title: 'renames the practice',
    setup: async (api) => ({ physician: await physician(api) }),
    document: doc('updateReferringPhysician', 'referring_physician', 'id business_name'),
    variables: ({ physician: id }) => ({
      input: { id, business_name: 'Heart Partners', last_name: 'Ferrer' },
    }),
    events: ({ physician: id }) => [ev('referring_physician.updated', id!, {}, ['business_name'])],
  },
  {
    mutation: 'updateReferringPhysician',
    title: 'moves the existing location and drops a referral',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      const data = await api.gql<Data>(
        doc('createReferringPhysician', 'referring_physician', 'id location { id } referrals { id }'),
        {
          input: {
            last_name: 'Ferrer',
            location: { city: 'Springfield' },
            referrals: [{ user_id: patient }],
          },
        },
      );
      const created = data.createReferringPhysician.referring_physician;
      return { physician: created.id, location: created.location.id, referral: created.referrals[0].id };
    },
    document: doc(
      'updateReferringPhysician',
      'referring_physician',
      'id location { id city } referrals_count',
    ),
    variables: ({ physician: id, referral: referralId }) => ({
      input: { id, location: { city: 'Chicago' }, referrals: [{ id: referralId, _destroy: true }] },
    }),
    events: ({ location, referral: referralId }) => [
      ev('location.updated', location!, {}, ['city']),
      ev('referral.deleted', referralId!),
    ],
    check: ({ location }, data) =>
      expect(data.referring_physician).toMatchObject({
        location: { id: location, city: 'Chicago' },
        referrals_count: 0,
      }),
  },
  {
    mutation: 'deleteReferringPhysician',
    title: 'takes a physician off file (payload field referringPhysician)',
    setup: async (api) => ({ physician: await physician(api) }),
    document: doc('deleteReferringPhysician', 'referringPhysician'),
    variables: ({ physician: id }) => ({ input: { id } }),
    events: ({ physician: id }) => [ev('referring_physician.deleted', id!)],
  },
  {
    mutation: 'createReferral',
    title: 'refers a patient out',
    setup: async (api) => ({ ...(await withPatient(api)), physician: await physician(api) }),
    document: doc('createReferral', 'referral', 'id referral_reason user { id } referring_physician { id }'),
    variables: ({ patient, physician: physicianId }) => ({
      input: { user_id: patient, referring_physician_id: physicianId, referral_reason: 'Chest pain' },
    }),
    events: (_ids, data) => [ev('referral.created', data.referral.id)],
    check: ({ patient, physician: physicianId }, data) =>
      expect(data.referral).toMatchObject({
        user: { id: patient },
        referring_physician: { id: physicianId },
      }),
  },
  {
    mutation: 'updateReferral',
    title: 'changes the reason',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { referral: await referral(api, patient!) };
    },
    document: doc('updateReferral', 'referral', 'id referral_reason'),
    variables: ({ referral: id }) => ({ input: { id, referral_reason: 'Follow-up' } }),
    events: ({ referral: id }) => [ev('referral.updated', id!, {}, ['referral_reason'])],
  },
  {
    mutation: 'deleteReferral',
    title: 'removes a referral',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { referral: await referral(api, patient!) };
    },
    document: doc('deleteReferral', 'referral'),
    variables: ({ referral: id }) => ({ input: { id } }),
    events: ({ referral: id }) => [ev('referral.deleted', id!)],
  },
  {
    mutation: 'createCarePlan',
    title: 'draws up a plan for a patient, hidden by default',
    setup: withPatient,
    document: doc('createCarePlan', 'carePlan', carePlanFields),
    variables: ({ patient }) => ({ input: { name: 'Diabetes plan', patient_id: patient } }),
    events: ({ patient }, data) => [
      ev('care_plan.created', data.carePlan.id, { patient_id: patient!, user_group_id: null }),
    ],
    check: async ({ patient }, data, api) => {
      expect(data.carePlan).toMatchObject({ is_hidden: true, is_active: false, patient: { id: patient } });
      const listed = await api.gql<Data>('query($id: ID) { carePlans(patient_id: $id) { id } }', {
        id: patient,
      });
      expect(listed.carePlans).toEqual([{ id: data.carePlan.id }]);
    },
  },
  {
    mutation: 'updateCarePlan',
    title: 'renames and describes a plan',
    setup: patientPlan,
    document: doc('updateCarePlan', 'carePlan', carePlanFields),
    variables: ({ plan }) => ({
      input: { id: plan, name: 'Type 2 plan', description: 'Diet first', is_updating: true },
    }),
    events: ({ plan, patient }) => [
      ev('care_plan.updated', plan!, { patient_id: patient!, user_group_id: null }, ['name', 'description']),
    ],
  },
  {
    mutation: 'updateCarePlan',
    title: 'new_patient_id moves the plan to another patient',
    setup: async (api) => ({ ...(await patientPlan(api)), other: await createPatient(api) }),
    document: doc('updateCarePlan', 'carePlan', carePlanFields),
    variables: ({ plan, other }) => ({ input: { id: plan, new_patient_id: other } }),
    events: ({ plan, other }) => [
      ev('care_plan.updated', plan!, { patient_id: other!, user_group_id: null }, ['patient_id']),
    ],
    check: ({ other }, data) => expect(data.carePlan.patient).toEqual({ id: other }),
  },
  {
    mutation: 'deleteCarePlan',
    title: 'removes a plan',
    setup: patientPlan,
    document: doc('deleteCarePlan', 'carePlan'),
    variables: ({ plan }) => ({ input: { id: plan } }),
    events: ({ plan, patient }) => [
      ev('care_plan.deleted', plan!, { patient_id: patient!, user_group_id: null }),
    ],
  },
  {
    mutation: 'toggleCarePlanStatusForSpecificUser',
    title: "activates a patient's plan: care_plan.activated, then patient.updated",
    setup: patientPlan,
    document: doc('toggleCarePlanStatusForSpecificUser', 'carePlan', 'id is_active'),
    variables: ({ plan, patient }) => ({ input: { id: plan, patient_id: patient, activate: true } }),
    events: ({ plan, patient }) => [
      ev('care_plan.activated', plan!),
      ev('patient.updated', patient!, {}, ['active_care_plan']),
    ],
    check: async ({ plan, patient }, data, api) => {
      expect(data.carePlan.is_active).toBe(true);
      // Another organization's key neither sees the plan nor switches it off.
      const outsider = await api.server.createOrg('clinical-outsider');
      const refused = await api.server.graphql<Data>(
        doc('toggleCarePlanStatusForSpecificUser', 'carePlan'),
        { input: { id: plan, patient_id: patient, activate: false } },
        outsider.apiKey,
      );
      expect(refused.data!.toggleCarePlanStatusForSpecificUser).toEqual({
        carePlan: null,
        messages: [{ field: 'id', message: `CarePlan ${plan} was not found` }],
      });
      const read = await api.gql<Data>('query($id: ID) { user(id: $id) { active_care_plan { id } } }', {
        id: patient,
      });
      expect(read.user.active_care_plan).toEqual({ id: plan });
    },
  },
  {
    mutation: 'toggleCarePlanStatusForSpecificUser',
    title: 'activating another plan first deactivates the active one',
    setup: async (api) => {
      const { patient, plan } = await patientPlan(api);
      await toggle(api, { id: plan, patient_id: patient, activate: true });
      return { patient: patient!, old: plan!, plan: await carePlan(api, { patient_id: patient }) };
    },
    document: doc('toggleCarePlanStatusForSpecificUser', 'carePlan', 'id is_active'),
    // patient_id defaults to the plan's patient.
    variables: ({ plan }) => ({ input: { id: plan, activate: true } }),
    events: ({ plan, old, patient }) => [
      ev('care_plan.deactivated', old!),
      ev('care_plan.activated', plan!),
      ev('patient.updated', patient!, {}, ['active_care_plan']),
    ],
  },
  {
    mutation: 'toggleCarePlanStatusForSpecificUser',
    title: 'deactivates the active plan',
    setup: async (api) => {
      const ids = await patientPlan(api);
      await toggle(api, { id: ids.plan, patient_id: ids.patient, activate: true });
      return ids;
    },
    document: doc('toggleCarePlanStatusForSpecificUser', 'carePlan', 'id is_active'),
    variables: ({ plan, patient }) => ({ input: { id: plan, patient_id: patient, activate: false } }),
    events: ({ plan, patient }) => [
      ev('care_plan.deactivated', plan!),
      ev('patient.updated', patient!, {}, ['active_care_plan']),
    ],
    check: (_ids, data) => expect(data.carePlan.is_active).toBe(false),
  },
  {
    mutation: 'toggleCarePlanStatusForSpecificUser',
    title: "activates a group plan for one member: the patient's active_group_care_plan changes",
    setup: groupPlan,
    document: `mutation($input: toggleCarePlanStatusForSpecificUserInput, $member: ID) {
      toggleCarePlanStatusForSpecificUser(input: $input) {
        carePlan { id is_group group_plan_is_active_for_given_user(patient_id: $member) } messages { field message }
      }
    }`,
    variables: ({ plan, patient }) => ({
      input: { id: plan, patient_id: patient, activate: true },
      member: patient,
    }),
    events: ({ plan, patient }) => [
      ev('care_plan.activated', plan!),
      ev('patient.updated', patient!, {}, ['active_group_care_plan']),
    ],
    check: (_ids, data) =>
      expect(data.carePlan).toMatchObject({ is_group: true, group_plan_is_active_for_given_user: true }),
  },
  {
    mutation: 'toggleCarePlanStatusForSpecificUser',
    title: 'deactivating a plan that is not active changes nothing: no event',
    setup: patientPlan,
    document: doc('toggleCarePlanStatusForSpecificUser', 'carePlan', 'id is_active'),
    variables: ({ plan }) => ({ input: { id: plan, activate: false } }),
    events: () => [],
  },
  {
    mutation: 'createGoal',
    title: 'sets a goal in a care plan; start_on defaults to today',
    setup: patientPlan,
    document: doc('createGoal', 'goal', goalFields),
    variables: ({ patient, plan }) => ({
      input: { user_id: patient, care_plan_id: plan, name: 'Walk 30 minutes', repeat: 'Daily' },
    }),
    events: ({ patient, plan }, data) => [
      ev('goal.created', data.goal.id, { care_plan_id: plan!, parent_id: null, user_id: patient! }),
    ],
    check: (_ids, data) => expect(data.goal.start_on).toMatch(/^\d{4}-\d{2}-\d{2}$/),
  },
  {
    mutation: 'createGoal',
    title: 'use_as_template saves a template: goal.created, then goal_template.created',
    setup: withPatient,
    document: doc('createGoal', 'goal', goalFields),
    variables: ({ patient }) => ({
      input: { user_id: patient, name: 'Drink water', repeat: 'Daily', use_as_template: true },
    }),
    events: ({ patient, provider }, data) => [
      ev('goal.created', data.goal.id, { care_plan_id: null, parent_id: null, user_id: patient! }),
      ev('goal_template.created', expect.any(String) as unknown as string, {
        goal_id: data.goal.id,
        parent_id: null,
        user_id: provider!,
      }),
    ],
    check: async (_ids, data, api, bodies) => {
      const read = await api.gql<Data>('query($id: ID) { goalTemplate(id: $id) { name repeat goal_id } }', {
        id: bodies[1]!.resource_id,
      });
      expect(read.goalTemplate).toEqual({ name: 'Drink water', repeat: 'Daily', goal_id: data.goal.id });
    },
  },
  {
    mutation: 'createGoal',
    title: 'with subgoals: the goal, then each subgoal',
    setup: withPatient,
    document: doc('createGoal', 'goal', `${goalFields} subgoals { id name user_id parent_id }`),
    variables: ({ patient }) => ({
      input: { user_id: patient, name: 'Eat well', subgoals: [{ name: 'Breakfast daily' }] },
    }),
    events: ({ patient }, data) => [
      ev('goal.created', data.goal.id, { care_plan_id: null, parent_id: null, user_id: patient! }),
      ev('goal.created', data.goal.subgoals[0].id, {
        care_plan_id: null,
        parent_id: data.goal.id,
        user_id: patient!,
      }),
    ],
    check: async ({ patient }, data, api) => {
      const sub = data.goal.subgoals[0].id;
      expect(data.goal.subgoals).toEqual([
        { id: sub, name: 'Breakfast daily', user_id: patient, parent_id: data.goal.id },
      ]);
      const listed = await api.gql<Data>('query($id: ID) { goals(user_id: $id) { id } }', { id: patient });
      expect(listed.goals).toEqual([{ id: sub }, { id: data.goal.id }]);
    },
  },
  {
    mutation: 'updateGoal',
    title: 'renames a goal and changes how often it repeats',
    setup: patientGoal,
    document: doc('updateGoal', 'goal', goalFields),
    variables: ({ goal: id }) => ({ input: { id, name: 'Walk 45 minutes', repeat: 'Weekly' } }),
    events: ({ goal: id, patient }) => [
      ev('goal.updated', id!, { care_plan_id: null, parent_id: null, user_id: patient! }, ['name', 'repeat']),
    ],
  },
  {
    mutation: 'updateGoal',
    title: 'use_as_template on an existing goal saves it as a template: goal_template.created only',
    setup: patientGoal,
    document: doc('updateGoal', 'goal', goalFields),
    variables: ({ goal: id }) => ({ input: { id, name: 'Walk 30 minutes', use_as_template: true } }),
    events: ({ goal: id, provider }) => [
      ev('goal_template.created', expect.any(String) as unknown as string, {
        goal_id: id!,
        parent_id: null,
        user_id: provider!,
      }),
    ],
  },
  {
    mutation: 'deleteGoal',
    title: 'removes a goal',
    setup: patientGoal,
    document: doc('deleteGoal', 'goal'),
    variables: ({ goal: id }) => ({ input: { id } }),
    events: ({ goal: id, patient }) => [
      ev('goal.deleted', id!, { care_plan_id: null, parent_id: null, user_id: patient! }),
    ],
  },
  {
    mutation: 'createGoalHistory',
    title: "records progress; the user defaults to the goal's patient",
    setup: patientGoal,
    document: doc('createGoalHistory', 'goalHistory', 'id completed_on goal { id } user { id }'),
    variables: ({ goal: id }) => ({ input: { goal_id: id, completed_on: '2030-01-05' } }),
    events: ({ goal: id, patient }, data) => [
      ev('goal_history.created', data.goalHistory.id, { goal_id: id!, user_id: patient! }),
    ],
    check: ({ goal: id, patient }, data) =>
      expect(data.goalHistory).toMatchObject({
        completed_on: '2030-01-05',
        goal: { id },
        user: { id: patient },
      }),
  },
  {
    mutation: 'createGoalHistory',
    title: 'mark_parent_complete also completes the parent goal that day',
    setup: async (api) => {
      const patient = await createPatient(api);
      const data = await api.gql<Data>(doc('createGoal', 'goal', 'id subgoals { id }'), {
        input: { user_id: patient, name: 'Eat well', subgoals: [{ name: 'Breakfast daily' }] },
      });
      return { patient, parent: data.createGoal.goal.id, sub: data.createGoal.goal.subgoals[0].id };
    },
    document: doc('createGoalHistory', 'goalHistory'),
    variables: ({ sub }) => ({
      input: { goal_id: sub, completed_on: '2030-01-06', mark_parent_complete: true },
    }),
    events: ({ sub, parent, patient }, data) => [
      ev('goal_history.created', data.goalHistory.id, { goal_id: sub!, user_id: patient! }),
      ev('goal_history.created', String(Number(data.goalHistory.id) + 1), {
        goal_id: parent!,
        user_id: patient!,
      }),
    ],
  },
  {
    mutation: 'deleteGoalHistory',
    title: 'removes a progress record (payload field goal_history)',
    setup: async (api) => {
      const ids = await patientGoal(api);
      return { ...ids, history: await goalHistory(api, ids.goal!) };
    },
    document: doc('deleteGoalHistory', 'goal_history'),
    variables: ({ history }) => ({ input: { id: history } }),
    events: ({ history, goal: id, patient }) => [
      ev('goal_history.deleted', history!, { goal_id: id!, user_id: patient! }),
    ],
  },
  {
    mutation: 'createEntry',
    title: 'a journal note sends entry.created',
    setup: withPatient,
    document: doc('createEntry', 'entry', entryFields),
    variables: ({ patient }) => ({
      input: { user_id: patient, type: 'NoteEntry', description: 'Slept well', notify_provider: true },
    }),
    events: (_ids, data) => [ev('entry.created', data.entry.id)],
    check: ({ patient }, data) =>
      expect(data.entry).toMatchObject({ type: 'NoteEntry', poster: { id: patient } }),
  },
  {
    mutation: 'createEntry',
    title: 'a metric reading sends metric_entry.created, not entry.created',
    setup: withPatient,
    document: doc('createEntry', 'entry', entryFields),
    variables: ({ patient }) => ({
      input: { user_id: patient, type: 'MetricEntry', category: 'Weight', metric_stat: '182.5' },
    }),
    events: (_ids, data) => [ev('metric_entry.created', data.entry.id)],
    check: async ({ patient }, data, api) => {
      expect(data.entry).toMatchObject({ category: 'Weight', metric_stat: 182.5 });
      const listed = await api.gql<Data>(
        'query($id: String) { metrics: entries(client_id: $id, type: "MetricEntry") { id } notes: entries(client_id: $id, type: "NoteEntry") { id } }',
        { id: patient },
      );
      expect(listed).toEqual({ metrics: [{ id: data.entry.id }], notes: [] });
    },
  },
  {
    mutation: 'updateEntry',
    title: 'editing a note sends entry.updated',
    setup: noteEntry,
    document: doc('updateEntry', 'entry', entryFields),
    variables: ({ entry: id }) => ({ input: { id, description: 'Slept badly' } }),
    events: ({ entry: id }) => [ev('entry.updated', id!, {}, ['description'])],
  },
  {
    mutation: 'updateEntry',
    title: 'editing a metric sends metric_entry.updated',
    setup: metricEntry,
    document: doc('updateEntry', 'entry', entryFields),
    variables: ({ entry: id }) => ({ input: { id, metric_stat: '178', category: 'Body weight' } }),
    events: ({ entry: id }) => [ev('metric_entry.updated', id!, {}, ['category', 'metric_stat'])],
  },
  {
    mutation: 'deleteEntry',
    title: 'removing a note sends entry.deleted',
    setup: noteEntry,
    document: doc('deleteEntry', 'entry'),
    variables: ({ entry: id }) => ({ input: { id } }),
    events: ({ entry: id }) => [ev('entry.deleted', id!)],
  },
  {
    mutation: 'deleteEntry',
    title: 'removing a metric sends metric_entry.deleted',
    setup: metricEntry,
    document: doc('deleteEntry', 'entry'),
    variables: ({ entry: id }) => ({ input: { id } }),
    events: ({ entry: id }) => [ev('metric_entry.deleted', id!)],
  },
  {
    mutation: 'createComment',
    title: 'comments on a journal entry',
    setup: noteEntry,
    document: doc('createComment', 'comment', 'id content entry_id is_reaction poster { id }'),
    variables: ({ entry: id }) => ({ input: { entry_id: id, content: 'Nice work' } }),
    events: (_ids, data) => [ev('comment.created', data.comment.id)],
    check: ({ entry: id, provider }, data) =>
      expect(data.comment).toMatchObject({ entry_id: id, is_reaction: false, poster: { id: provider } }),
  },
  {
    mutation: 'updateComment',
    title: 'edits the text of a comment (designed: not in the 2024-06 schema)',
    setup: async (api) => {
      const ids = await noteEntry(api);
      return { ...ids, comment: await comment(api, ids.entry!) };
    },
    document: doc('updateComment', 'comment', 'id content'),
    variables: ({ comment: id }) => ({ input: { id, content: 'Great work' } }),
    events: ({ comment: id }) => [ev('comment.updated', id!, {}, ['content'])],
  },
  {
    mutation: 'deleteComment',
    title: 'removes a comment',
    setup: async (api) => {
      const ids = await noteEntry(api);
      return { ...ids, comment: await comment(api, ids.entry!) };
    },
    document: doc('deleteComment', 'comment'),
    variables: ({ comment: id }) => ({ input: { id } }),
    events: ({ comment: id }) => [ev('comment.deleted', id!)],
  },
  {
    mutation: 'createLabOrder',
    title: 'orders a lab test; the caller is the orderer',
    setup: withPatient,
    document: doc('createLabOrder', 'lab_order', 'id lab integration patient { id } orderer { id }'),
    variables: ({ patient }) => ({ input: { patient_id: patient, lab: 'Quest', lab_company: 'Quest' } }),
    events: (_ids, data) => [ev('lab_order.created', data.lab_order.id)],
    check: async ({ patient, provider }, data, api) => {
      expect(data.lab_order).toMatchObject({
        lab: 'Quest',
        integration: 'manual',
        patient: { id: patient },
        orderer: { id: provider },
      });
      const listed = await api.gql<Data>('query($id: ID) { labOrders(client_id: $id) { id } }', {
        id: patient,
      });
      expect(listed.labOrders).toEqual([{ id: data.lab_order.id }]);
    },
  },
  {
    mutation: 'updateLabOrder',
    title: 'records the appointment confirmation code',
    setup: ordered,
    document: doc('updateLabOrder', 'lab_order', 'id appt_confirmation_code'),
    variables: ({ order }) => ({
      input: { id: order, appt_confirmation_code: 'QX-1', force_appointment_reload: true },
    }),
    events: ({ order }) => [ev('lab_order.updated', order!, {}, ['appt_confirmation_code'])],
  },
  {
    mutation: 'createLabResult',
    title: 'results arrive (designed); patient and physician come from the order',
    setup: ordered,
    document: doc('createLabResult', 'lab_result', 'id result_type patient { id } ordering_physician { id }'),
    variables: ({ order }) => ({ input: { lab_order_id: order, document_id: '17000', result_type: 'pdf' } }),
    events: ({ order, patient, provider }, data) => [
      ev('lab_result.created', data.lab_result.id, {
        lab_order_id: order!,
        document_id: '17000',
        patient_id: patient!,
        ordering_physician_id: provider!,
      }),
    ],
  },
  {
    mutation: 'updateLabResult',
    title: 'replaces the result file (designed)',
    setup: async (api) => {
      const ids = await ordered(api);
      return { ...ids, result: await labResult(api, ids.order!) };
    },
    document: doc('updateLabResult', 'lab_result', 'id file_string'),
    variables: ({ result }) => ({
      input: { id: result, file_string: 'data:application/pdf;base64,JVBERi0=' },
    }),
    events: ({ result, order, patient, provider }) => [
      ev(
        'lab_result.updated',
        result!,
        {
          lab_order_id: order!,
          document_id: '17000',
          patient_id: patient!,
          ordering_physician_id: provider!,
        },
        ['file_string'],
      ),
    ],
  },
  // --- Healthie parity (issue #10): inputs with their effects, payload fields, read-back queries. ---
  {
    mutation: 'createMedication',
    title: 'an import back-dates the medication (created_at, updated_at); it is not from a CCDA import',
    setup: async (api, { org }) => {
      const patient = await createPatient(api);
      // Prescriptions come from the e-prescribing partner only: written straight into the store here.
      const values = { organization_id: Number(org), patient_id: Number(patient) };
      await insertRow(api, 'prescriptions', {
        ...values,
        product_name: 'Old',
        status: 'Deleted',
        date_written: '2029-01-01',
      });
      const sent = await insertRow(api, 'prescriptions', {
        ...values,
        product_name: 'Lisinopril',
        status: 'eRxSent',
        effective_date: '2030-03-01',
        rx_reference_number: 'RX-9',
      });
      return { patient, sent };
    },
    document: doc(
      'createMedication',
      'medication',
      'id created_at updated_at mirrored requires_consolidation',
    ),
    variables: ({ patient }) => ({
      input: { user_id: patient, name: 'Aspirin', created_at: '2029-12-31 08:00', updated_at: '2030-01-02' },
    }),
    events: ({ patient }, data) => [ev('medication.created', data.medication.id, { user_id: patient! })],
    check: async ({ patient, sent }, data, api) => {
      expect(data.medication).toMatchObject({
        created_at: '2029-12-31T08:00:00.000Z',
        updated_at: '2030-01-02T00:00:00.000Z',
        mirrored: false,
        requires_consolidation: false,
      });
      const listed = await api.gql<Data>(
        'query($id: ID) { kept: medications(patient_id: $id, unreconciled_from_ccda_ingest: false) { id } pending: medications(patient_id: $id, unreconciled_from_ccda_ingest: true) { id } }',
        { id: patient },
      );
      expect(listed).toEqual({ kept: [{ id: data.medication.id }], pending: [] });
      const prescribed = await api.gql<Data>(
        `query($id: ID) { prescriptions(patient_id: $id, status: "erxsent") { id product_name rx_reference_number }
          history: surescriptsReportedMedicationHistory(patient_id: $id, start_date: "2030-01-01T00:00:00Z",
            end_date: "2030-12-31T00:00:00Z") { id } }`,
        { id: patient },
      );
      expect(prescribed).toEqual({
        prescriptions: [{ id: sent, product_name: 'Lisinopril', rx_reference_number: 'RX-9' }],
        history: [{ id: sent }],
      });
    },
  },
  {
    mutation: 'createAllergySensitivity',
    title: 'the same allergen again: created, and the payload names the allergy it duplicates',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, allergy: await allergy(api, patient!) };
    },
    document: `mutation($input: createAllergySensitivityInput) { createAllergySensitivity(input: $input) {
      allergy_sensitivity { id status is_current mirrored } duplicate_allergy { id } messages { field message } } }`,
    variables: ({ patient }) => ({ input: { user_id: patient, category: 'allergy', name: ' PENICILLIN ' } }),
    events: ({ patient }, data) => [
      ev('allergy_sensitivity.created', data.allergy_sensitivity.id, { user_id: patient! }),
    ],
    check: ({ allergy: first }, data) => {
      expect(data.duplicate_allergy).toEqual({ id: first });
      expect(data.allergy_sensitivity).toMatchObject({ status: 'active', is_current: true, mirrored: false });
    },
  },
  {
    mutation: 'createAllergySensitivity',
    title: 'with the id of an allergy of the patient: replaces it (created, then the old one deleted)',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      const old = await make(api, 'createAllergySensitivity', 'allergy_sensitivity', {
        user_id: patient,
        category: 'allergy',
        name: 'Peanuts',
        severity: 'severe',
      });
      return { patient: patient!, old };
    },
    document: `mutation($input: createAllergySensitivityInput) { createAllergySensitivity(input: $input) {
      allergy_sensitivity { id name severity reaction } duplicate_allergy { id } messages { field message } } }`,
    variables: ({ patient, old }) => ({
      input: { id: old, user_id: patient, category: 'allergy', reaction: 'Swelling' },
    }),
    events: ({ patient, old }, data) => [
      ev('allergy_sensitivity.created', data.allergy_sensitivity.id, { user_id: patient! }),
      ev('allergy_sensitivity.deleted', old!, { user_id: patient! }),
    ],
    check: async ({ old }, data, api) => {
      expect(data.allergy_sensitivity).toMatchObject({
        name: 'Peanuts',
        severity: 'severe',
        reaction: 'Swelling',
      });
      expect(data.duplicate_allergy).toBeNull();
      const read = await api.gql<Data>('query($id: ID) { allergySensitivity(id: $id) { id } }', { id: old });
      expect(read.allergySensitivity).toBeNull();
    },
  },
  {
    mutation: 'updateAllergySensitivity',
    title: 'renamed to an allergen the patient already has: the payload names it',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      const first = await allergy(api, patient!);
      const other = await make(api, 'createAllergySensitivity', 'allergy_sensitivity', {
        user_id: patient,
        category: 'allergy',
        name: 'Latex',
      });
      return { patient: patient!, first, other };
    },
    document: `mutation($input: updateAllergySensitivityInput) { updateAllergySensitivity(input: $input) {
      allergy_sensitivity { id } duplicate_allergy { id } messages { field message } } }`,
    variables: ({ other }) => ({ input: { id: other, name: 'Penicillin', status: 'resolved' } }),
    events: ({ other, patient }) => [
      ev('allergy_sensitivity.updated', other!, { user_id: patient! }, ['name', 'status']),
    ],
    check: async ({ first, other }, data, api) => {
      expect(data.duplicate_allergy).toEqual({ id: first });
      const read = await api.gql<Data>('query($id: ID) { allergySensitivity(id: $id) { is_current } }', {
        id: other,
      });
      expect(read.allergySensitivity.is_current).toBe(false);
    },
  },
  {
    mutation: 'createFamilyHistory',
    title: 'a condition the patient already has: the payload names it',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, condition: await familyHistory(api, patient!) };
    },
    document: `mutation($input: createFamilyHistoryInput) { createFamilyHistory(input: $input) {
      family_history_condition { id } duplicate_family_history_condition { id } messages { field message } } }`,
    variables: ({ patient }) => ({
      input: { user_id: patient, concept_id: '73211009', relationships: ['Father'] },
    }),
    events: ({ patient }, data) => [
      ev('family_history_condition.created', data.family_history_condition.id, { user_id: patient! }),
    ],
    check: ({ condition }, data) =>
      expect(data.duplicate_family_history_condition).toEqual({ id: condition }),
  },
  {
    mutation: 'updateFamilyHistory',
    title: 'a condition that duplicates none: duplicate_family_history_condition is null',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, condition: await familyHistory(api, patient!) };
    },
    document: `mutation($input: updateFamilyHistoryInput) { updateFamilyHistory(input: $input) {
      family_history_condition { id } duplicate_family_history_condition { id } messages { field message } } }`,
    variables: ({ condition }) => ({ input: { id: condition, concept_id: '44054006' } }),
    events: ({ condition, patient }) => [
      ev('family_history_condition.updated', condition!, { user_id: patient! }, ['concept_id']),
    ],
    check: (_ids, data) => expect(data.duplicate_family_history_condition).toBeNull(),
  },
  {
    mutation: 'createReferringPhysician',
    title: 'an NPI already on file: the payload names that physician',
    setup: async (api) => ({ physician: await physician(api, { npi: `55${process.pid}01` }) }),
    document: `mutation($input: createReferringPhysicianInput) { createReferringPhysician(input: $input) {
      referring_physician { id cursor } duplicated_physician { id } messages { field message } } }`,
    variables: () => ({ input: { first_name: 'R.', last_name: 'Ferrer', npi: `55${process.pid}01` } }),
    events: (_ids, data) => [ev('referring_physician.created', data.referring_physician.id)],
    check: async ({ physician: first }, data, api) => {
      expect(data.duplicated_physician).toEqual({ id: first });
      const listed = await api.gql<Data>(
        `query($npi: String) { referringPhysicians(keywords: $npi, order_by: NAME_ASC) { id }
          faxed: referringPhysicians(keywords: $npi, has_fax_number: true) { id }
          count: referringPhysiciansCount(keywords: $npi) }`,
        { npi: `55${process.pid}01` },
      );
      // By last name, then first name: "Ferrer, R." before "Ferrer, Rhea".
      expect(listed).toEqual({
        referringPhysicians: [{ id: data.referring_physician.id }, { id: first }],
        faxed: [],
        count: 2,
      });
      const after = await api.gql<Data>(
        'query($npi: String, $after: Cursor) { referringPhysicians(keywords: $npi, after: $after) { id } }',
        { npi: `55${process.pid}01`, after: data.referring_physician.cursor },
      );
      expect(after.referringPhysicians).toEqual([{ id: first }]);
    },
  },
  {
    mutation: 'createCarePlan',
    title: 'is_managing_templates: the plan is made in the template library',
    document: doc('createCarePlan', 'carePlan', 'id is_template'),
    variables: () => ({ input: { name: `Template ${process.pid}`, is_managing_templates: true } }),
    events: (_ids, data) => [
      ev('care_plan.created', data.carePlan.id, { patient_id: null, user_group_id: null }),
    ],
    check: async (_ids, data, api) => {
      expect(data.carePlan.is_template).toBe(true);
      const listed = await api.gql<Data>(
        `query($words: String) { carePlans(templates_only: true, template_search_keywords: $words) { id }
          carePlansCount(templates_only: true, template_search_keywords: $words) }`,
        { words: `template ${process.pid}` },
      );
      expect(listed).toEqual({ carePlans: [{ id: data.carePlan.id }], carePlansCount: 1 });
    },
  },
  {
    mutation: 'updateCarePlan',
    title: 'doc_id attaches a document to the plan (document.updated)',
    setup: async (api) => {
      const ids = await patientPlan(api);
      const data = await api.gql<Data>(
        'mutation($input: createDocumentInput) { createDocument(input: $input) { document { id } messages { field message } } }',
        { input: { display_name: 'Meal plan.pdf', rel_user_id: ids.patient } },
      );
      return { ...ids, document: data.createDocument.document.id };
    },
    document: doc('updateCarePlan', 'carePlan', 'id documents { id }'),
    variables: ({ plan, document }) => ({ input: { id: plan, doc_id: document } }),
    events: ({ document }) => [ev('document.updated', document!, {}, ['care_plan_id'])],
    check: ({ document }, data) => expect(data.carePlan.documents).toEqual([{ id: document }]),
  },
  {
    mutation: 'updateCarePlan',
    title: 'from_template with new_patient_id: a copy of the template (and its goals) for the patient',
    setup: async (api) => {
      const patient = await createPatient(api);
      const owner = await createPatient(api);
      const template = await carePlan(api, {
        name: 'Heart health',
        patient_id: owner,
        is_managing_templates: true,
      });
      const goalId = await goal(api, { user_id: owner, care_plan_id: template, name: 'Walk daily' });
      return { patient, owner, template, goal: goalId };
    },
    document: doc(
      'updateCarePlan',
      'carePlan',
      'id name is_template patient { id } goals { id name user_id }',
    ),
    variables: ({ template, patient }) => ({
      input: { id: template, from_template: true, new_patient_id: patient, description: 'For you' },
    }),
    events: ({ patient }, data) => [
      ev('care_plan.created', data.carePlan.id, { patient_id: patient!, user_group_id: null }),
      ev('goal.created', data.carePlan.goals[0].id, {
        care_plan_id: data.carePlan.id,
        parent_id: null,
        user_id: patient!,
      }),
    ],
    check: async ({ template, patient, owner }, data, api) => {
      expect(data.carePlan).toMatchObject({
        name: 'Heart health',
        is_template: false,
        patient: { id: patient },
        goals: [{ name: 'Walk daily', user_id: patient }],
      });
      expect(data.carePlan.id).not.toBe(template);
      const kept = await api.gql<Data>(
        'query($id: ID) { carePlan(id: $id) { description patient { id } } }',
        {
          id: template,
        },
      );
      expect(kept.carePlan).toEqual({ description: null, patient: { id: owner } });
    },
  },
  {
    mutation: 'updateCarePlan',
    title: 'is_creating on a plan its patient sees: the patient is emailed (a sent notification)',
    setup: async (api) => ({
      ...(await patientPlan(api)),
      record: await nextId(api, 'sent_notification_records'),
    }),
    document: doc('updateCarePlan', 'carePlan', 'id is_hidden has_users_with_real_emails assigned_to'),
    variables: ({ plan }) => ({ input: { id: plan, is_hidden: false, is_creating: true } }),
    events: ({ plan, patient, record }) => [
      ev('care_plan.updated', plan!, { patient_id: patient!, user_group_id: null }, ['is_hidden']),
      ev('sent_notification_record.created', record!),
    ],
    check: async ({ patient, record }, data, api) => {
      expect(data.carePlan).toMatchObject({
        is_hidden: false,
        has_users_with_real_emails: true,
        assigned_to: 'Pat Ient',
      });
      const read = await api.gql<Data>(
        'query($id: ID) { sentNotificationRecord(id: $id) { user_id category notification_type delivery_status } }',
        { id: record },
      );
      expect(read.sentNotificationRecord).toEqual({
        user_id: patient,
        category: 'email',
        notification_type: 'care_plan_created',
        delivery_status: 'sent',
      });
      const listed = await api.gql<Data>(
        `query($id: ID) { sentNotificationRecords(patient_id: $id, type: "care_plan_created", status: "sent", org_level: true) { id }
          none: sentNotificationRecords(patient_id: $id, status: "bounced") { id }
          before: sentNotificationRecords(patient_id: $id, end_date: "2000-01-01") { id }
          sentNotificationRecordsCount(patient_id: $id) }`,
        { id: patient },
      );
      expect(listed).toEqual({
        sentNotificationRecords: [{ id: record }],
        none: [],
        before: [],
        sentNotificationRecordsCount: 1,
      });
    },
  },
  {
    mutation: 'updateCarePlan',
    title: 'is_updating on a hidden plan: nobody is emailed',
    setup: patientPlan,
    document: doc('updateCarePlan', 'carePlan', 'id'),
    variables: ({ plan }) => ({ input: { id: plan, name: 'Renamed plan', is_updating: true } }),
    events: ({ plan, patient }) => [
      ev('care_plan.updated', plan!, { patient_id: patient!, user_group_id: null }, ['name']),
    ],
  },
  {
    mutation: 'createGoal',
    title: 'with a reminder: read back as Goal.reminder (no reminder events)',
    setup: withPatient,
    document: doc('createGoal', 'goal', 'id reminder { interval_type interval_value is_enabled } is_current'),
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        name: 'Stretch',
        reminder: { interval_type: 'Weekly', interval_value: 'monday, friday', is_enabled: true },
      },
    }),
    events: ({ patient }, data) => [
      ev('goal.created', data.goal.id, { care_plan_id: null, parent_id: null, user_id: patient! }),
    ],
    check: (_ids, data) =>
      expect(data.goal).toMatchObject({
        reminder: { interval_type: 'weekly', interval_value: 'monday, friday', is_enabled: true },
        is_current: true,
      }),
  },
  {
    mutation: 'updateGoal',
    title: 'from_update_form: subgoals the form leaves out are removed; remove_reminder removes the reminder',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      const data = await api.gql<Data>(doc('createGoal', 'goal', 'id subgoals { id }'), {
        input: {
          user_id: patient,
          name: 'Eat well',
          subgoals: [{ name: 'Breakfast' }, { name: 'Lunch' }],
          reminder: { interval_type: 'daily', is_enabled: true },
        },
      });
      const created = data.createGoal.goal;
      return {
        patient: patient!,
        goal: created.id,
        kept: created.subgoals[0].id,
        dropped: created.subgoals[1].id,
      };
    },
    document: doc('updateGoal', 'goal', 'id subgoals { id name } subgoals_count reminder { id }'),
    variables: ({ goal: id, kept }) => ({
      input: {
        id,
        from_update_form: true,
        subgoals: [{ id: kept, name: 'Big breakfast' }],
        reminder: { remove_reminder: true },
      },
    }),
    events: ({ goal: id, kept, dropped, patient }) => [
      ev('goal.updated', kept!, { care_plan_id: null, parent_id: id!, user_id: patient! }, ['name']),
      ev('goal.deleted', dropped!, { care_plan_id: null, parent_id: id!, user_id: patient! }),
    ],
    check: ({ kept }, data) =>
      expect(data.goal).toMatchObject({
        subgoals: [{ id: kept, name: 'Big breakfast' }],
        subgoals_count: '1',
        reminder: null,
      }),
  },
  {
    mutation: 'deleteGoalHistory',
    title: "with completed_on, id names the goal: that day's history is removed",
    setup: async (api) => {
      const ids = await patientGoal(api);
      await goalHistory(api, ids.goal!, '2030-01-04');
      return { ...ids, history: await goalHistory(api, ids.goal!, '2030-01-05') };
    },
    document: doc('deleteGoalHistory', 'goal_history', 'id completed_on'),
    variables: ({ goal: id }) => ({ input: { id, completed_on: '2030-01-05' } }),
    events: ({ history, goal: id, patient }) => [
      ev('goal_history.deleted', history!, { goal_id: id!, user_id: patient! }),
    ],
    check: async ({ goal: id }, data, api) => {
      expect(data.goal_history.completed_on).toBe('2030-01-05');
      const read = await api.gql<Data>(
        `query($id: ID) { goal(id: $id) { goal_histories { completed_on } is_completed_for_date(date: "2030-01-04")
          other: is_completed_for_date(date: "2030-01-05") } }`,
        { id },
      );
      expect(read.goal).toEqual({
        goal_histories: [{ completed_on: '2030-01-04' }],
        is_completed_for_date: true,
        other: false,
      });
    },
  },
  {
    mutation: 'createEntry',
    title: 'back-dated, with sub-entries and an image: each sub-entry sends its own event',
    setup: withPatient,
    document: doc(
      'createEntry',
      'entry',
      'id created_at notify_provider image_content_type has_subentries subentries { id type category metric_stat_string } metric_stat_string name source',
    ),
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        type: 'FoodEntry',
        meal_name: 'Lunch',
        created_at: '2030-01-03 12:30',
        notify_provider: false,
        image: 'data:image/png;base64,iVBORw0KGgo=',
        subentries: [{ category: 'Salad', metric_stat: '2' }],
      },
    }),
    events: (_ids, data) => [
      ev('entry.created', data.entry.id),
      ev('entry.created', data.entry.subentries[0].id),
    ],
    check: async ({ patient }, data, api) => {
      expect(data.entry).toMatchObject({
        created_at: '2030-01-03T12:30:00.000Z',
        notify_provider: false,
        image_content_type: 'image/png',
        has_subentries: true,
        subentries: [{ type: 'FoodEntry', category: 'Salad', metric_stat_string: '2' }],
        name: 'Lunch',
        source: expect.any(String),
      });
      const listed = await api.gql<Data>(
        `query($id: String, $entry: String) {
          top: entries(client_id: $id) { id }
          inside: entries(client_id: $id, entry_id: $entry) { id }
          day: entries(client_id: $id, start_range: "2030-01-03", end_range: "2030-01-03") { id }
          before: entries(client_id: $id, end_datetime_range: "2030-01-03 12:00") { id }
          found: entries(client_id: $id, keywords: "LUNCH") { id }
          count: entriesCount(client_id: $id)
        }`,
        { id: patient, entry: data.entry.id },
      );
      expect(listed).toEqual({
        top: [{ id: data.entry.id }],
        inside: [{ id: data.entry.subentries[0].id }],
        day: [{ id: data.entry.id }],
        before: [],
        found: [{ id: data.entry.id }],
        count: 1,
      });
    },
  },
  {
    mutation: 'updateEntry',
    title: 're-dated: one entry.updated lists created_at after the fields that changed',
    setup: noteEntry,
    document: doc('updateEntry', 'entry', 'id created_at description'),
    variables: ({ entry: id }) => ({
      input: { id, description: 'Slept badly', created_at: '2030-02-01T07:00:00Z' },
    }),
    events: ({ entry: id }) => [ev('entry.updated', id!, {}, ['description', 'created_at'])],
    check: (_ids, data) =>
      expect(data.entry).toEqual({
        id: data.entry.id,
        created_at: '2030-02-01T07:00:00.000Z',
        description: 'Slept badly',
      }),
  },
  {
    mutation: 'createLabOrder',
    title: 'with observation requests and a vendor submission: kept with the order, no further events',
    setup: withPatient,
    document: doc(
      'createLabOrder',
      'lab_order',
      'id submission lab_observation_requests { lab_analyte lab_observation_results { quantitative_result units abnormal_flag is_abnormal } }',
    ),
    variables: ({ patient }) => ({
      input: {
        patient_id: patient,
        lab: 'CBC',
        lab_company: 'Labcorp',
        lab_observation_requests: [
          {
            lab_analyte: '005025^WBC',
            lab_observation_result: { quantitative_result: '9.6', units: 'x10E3/uL', abnormal_flag: 'H' },
          },
        ],
        submission: { tests: [{ name: 'CBC', provider_identifier: '005009' }], billing_type: 'INSURANCE' },
      },
    }),
    events: (_ids, data) => [ev('lab_order.created', data.lab_order.id)],
    check: async ({ patient }, data, api) => {
      expect(data.lab_order).toMatchObject({
        submission: { tests: [{ name: 'CBC', provider_identifier: '005009' }], billing_type: 'INSURANCE' },
        lab_observation_requests: [
          {
            lab_analyte: '005025^WBC',
            lab_observation_results: [
              { quantitative_result: '9.6', units: 'x10E3/uL', abnormal_flag: 'H', is_abnormal: true },
            ],
          },
        ],
      });
      const listed = await api.gql<Data>(
        `query($id: ID, $patient: String) { mine: labOrders(client_id: $id, lab_filter: "labcorp") { id }
          other: labOrders(client_id: $id, lab_filter: "quest") { id }
          byClient: labOrders(client_filter: $patient) { id }
          count: labOrdersCount(client_filter: $patient) }`,
        { id: patient, patient },
      );
      expect(listed).toEqual({
        mine: [{ id: data.lab_order.id }],
        other: [],
        byClient: [{ id: data.lab_order.id }],
        count: 1,
      });
    },
  },
  {
    mutation: 'updateLabOrder',
    title: 'force_appointment_reload with nothing else changed: announced again for the lab integration',
    setup: ordered,
    document: doc('updateLabOrder', 'lab_order'),
    variables: ({ order }) => ({ input: { id: order, force_appointment_reload: true } }),
    events: ({ order }) => [ev('lab_order.updated', order!)],
  },
  {
    mutation: 'createGoal',
    title: "a patient's goals: filtered by frequency, words, status, category, range and family; counted",
    setup: async (api) => {
      const { patient } = await withPatient(api);
      const weekly = await goal(api, {
        user_id: patient,
        name: 'Swim laps',
        repeat: 'Weekly',
        due_date: '2000-01-01',
      });
      return { patient: patient!, weekly };
    },
    document: doc('createGoal', 'goal', 'id subgoals { id }'),
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        name: 'Program walk',
        program_goal: true,
        start_on: '2030-01-01',
        due_date: '2030-12-31',
        subgoals: [{ name: 'Warm up' }],
      },
    }),
    events: ({ patient }, data) => [
      ev('goal.created', data.goal.id, { care_plan_id: null, parent_id: null, user_id: patient! }),
      ev('goal.created', data.goal.subgoals[0].id, {
        care_plan_id: null,
        parent_id: data.goal.id,
        user_id: patient!,
      }),
    ],
    check: async ({ patient, weekly }, data, api) => {
      const id = data.goal.id;
      const sub = data.goal.subgoals[0].id;
      const listed = await api.gql<Data>(
        `query($user: ID, $goal: String, $goalId: ID) {
          weekly: goals(user_id: $user, frequency_filter: "weekly") { id }
          words: goals(user_id: $user, keywords: "SWIM") { id }
          ended: goals(user_id: $user, status_filter: "inactive", rel_goal_id: null) { id }
          program: goals(user_id: $user, category: "program") { id }
          family: goals(user_id: $user, rel_goal_id: $goal, order_by: NAME_ASC) { id }
          ranged: goals(user_id: $user, start_range: "2030-06-01", end_range: "2030-06-30", order_by: START_DATE_ASC) { id }
          count: goalsCount(user_id: $user, category: "individual")
          subs: subGoals(goal_id: $goalId) { id }
          subCount: subGoalsCount(goal_id: $goalId)
        }`,
        { user: patient, goal: id, goalId: id },
      );
      expect(listed).toEqual({
        weekly: [{ id: weekly }],
        words: [{ id: weekly }],
        // Not under way today: ended, or not started yet.
        ended: [{ id }, { id: weekly }],
        program: [{ id }],
        family: [{ id }, { id: sub }],
        // The subgoal started today and has no due date.
        ranged: [{ id: sub }, { id }],
        count: 2,
        subs: [{ id: sub }],
        subCount: 1,
      });
    },
  },
  {
    mutation: 'createGoalHistory',
    title: "histories listed per patient: subgoals' only when asked, one per goal with unique",
    setup: async (api) => {
      const { patient } = await withPatient(api);
      const data = await api.gql<Data>(doc('createGoal', 'goal', 'id subgoals { id }'), {
        input: {
          user_id: patient,
          name: 'Hydrate',
          start_on: '2030-01-01',
          subgoals: [{ name: 'Morning glass' }],
        },
      });
      const parent = data.createGoal.goal.id;
      const sub = data.createGoal.goal.subgoals[0].id;
      const first = await goalHistory(api, parent, '2030-01-01');
      const subHistory = await goalHistory(api, sub, '2030-01-02');
      return { patient: patient!, parent, sub, first, subHistory };
    },
    document: doc('createGoalHistory', 'goalHistory', 'id name repeat is_subgoal'),
    variables: ({ parent }) => ({ input: { goal_id: parent, completed_on: '2030-01-02' } }),
    events: ({ parent, patient }, data) => [
      ev('goal_history.created', data.goalHistory.id, { goal_id: parent!, user_id: patient! }),
    ],
    check: async ({ patient, parent, first, subHistory }, data, api) => {
      expect(data.goalHistory).toMatchObject({ name: 'Hydrate', repeat: 'Daily', is_subgoal: false });
      const id = data.goalHistory.id;
      const listed = await api.gql<Data>(
        `query($user: ID, $goal: ID) {
          top: goalHistories(user_id: $user) { id }
          all: goalHistories(user_id: $user, include_subgoals: true) { id }
          latest: goalHistories(user_id: $user, unique: true) { id }
          count: goalHistoriesCount(user_id: $user, include_subgoals: true)
          goal(id: $goal) { completion_percentage_for_range(start_range: "2030-01-01", end_range: "2030-01-04")
            parent_subgoal_completion_rate is_used_as_template }
        }`,
        { user: patient, goal: parent },
      );
      expect(listed).toEqual({
        top: [{ id }, { id: first }],
        all: [{ id: subHistory }, { id }, { id: first }],
        latest: [{ id }],
        count: 3,
        goal: {
          completion_percentage_for_range: 50,
          parent_subgoal_completion_rate: '0',
          is_used_as_template: false,
        },
      });
    },
  },
  {
    mutation: 'createComment',
    title: "an entry's comments: listed by entry, counted; author and creator are the poster",
    setup: async (api) => {
      const ids = await noteEntry(api);
      return { ...ids, first: await comment(api, ids.entry!) };
    },
    document: doc('createComment', 'comment', 'id user_id author { id } creator { id } poster { id }'),
    variables: ({ entry: id }) => ({ input: { entry_id: id, content: 'Keep going', is_reaction: false } }),
    events: (_ids, data) => [ev('comment.created', data.comment.id)],
    check: async ({ entry: id, first, provider }, data, api) => {
      expect(data.comment).toMatchObject({
        author: { id: provider },
        creator: { id: provider },
        poster: { id: provider },
      });
      const listed = await api.gql<Data>(
        `query($entry: ID) { comments(entry_id: $entry) { id } commentsCount(entry_ids: [$entry])
          none: comments(entry_ids: ["999999"]) { id } }`,
        { entry: id },
      );
      expect(listed).toEqual({
        comments: [{ id: first }, { id: data.comment.id }],
        commentsCount: 2,
        none: [],
      });
    },
  },
  {
    mutation: 'createGoal',
    title: 'saved as a template: found in goalTemplates by words and owner, counted',
    setup: async (api) => ({ template: await nextId(api, 'goal_templates') }),
    document: doc('createGoal', 'goal', 'id is_used_as_template'),
    variables: ({ provider }) => ({
      input: { user_id: provider, name: `Sleep by ten ${process.pid}`, use_as_template: true },
    }),
    events: ({ provider, template }, data) => [
      ev('goal.created', data.goal.id, { care_plan_id: null, parent_id: null, user_id: provider! }),
      ev('goal_template.created', template!, { goal_id: data.goal.id, parent_id: null, user_id: provider! }),
    ],
    check: async ({ provider, template }, data, api) => {
      expect(data.goal.is_used_as_template).toBe(true);
      const listed = await api.gql<Data>(
        `query($words: String, $user: ID) { goalTemplates(keywords: $words, user_id: $user, category: "custom") { id }
          goalTemplatesCount(keywords: $words) none: goalTemplates(keywords: $words, category: "default") { id } }`,
        { words: `sleep by ten ${process.pid}`, user: provider },
      );
      expect(listed).toEqual({ goalTemplates: [{ id: template }], goalTemplatesCount: 1, none: [] });
    },
  },
  {
    mutation: 'createEntry',
    title: "entry(client_id, type) answers the client's latest entry of that type, or null",
    setup: metricEntry,
    document: doc('createEntry', 'entry'),
    variables: ({ patient }) => ({
      input: { user_id: patient, type: 'SleepEntry', description: 'Eight hours' },
    }),
    events: (_ids, data) => [ev('entry.created', data.entry.id)],
    check: async ({ patient, entry: metric }, data, api) => {
      const read = await api.gql<Data>(
        `query($client: ID, $id: ID) { latest: entry(client_id: $client) { id } metric: entry(client_id: $client, type: "MetricEntry") { id }
          named: entry(id: $id, type: "MetricEntry") { id } mismatch: entry(id: $id, type: "FoodEntry") { id } }`,
        { client: patient, id: metric },
      );
      expect(read).toEqual({
        latest: { id: data.entry.id },
        metric: { id: metric },
        named: { id: metric },
        mismatch: null,
      });
    },
  },
  {
    mutation: 'createGoalHistory',
    title: 'goal(id, client_id, program_goal, date, …) narrows the goal; streak_info reads the completions',
    setup: async (api) => {
      const ids = await patientGoal(api);
      await goalHistory(api, ids.goal!, '2030-01-01');
      await goalHistory(api, ids.goal!, '2030-01-02');
      return ids;
    },
    document: doc('createGoalHistory', 'goalHistory'),
    variables: ({ goal: id }) => ({ input: { goal_id: id, completed_on: '2030-01-04' } }),
    events: ({ goal: id, patient }, data) => [
      ev('goal_history.created', data.goalHistory.id, { goal_id: id!, user_id: patient! }),
    ],
    check: async ({ goal: id, patient, provider }, _data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID, $client: ID, $other: ID) {
          mine: goal(id: $id, client_id: $client, patient_goal_module: true, program_goal: false) {
            streak_info(start_range: "2030-01-01", end_range: "2030-01-31") { count start_date end_date } }
          other: goal(id: $id, client_id: $other) { id }
          program: goal(id: $id, program_goal: true) { id }
          before: goal(id: $id, date: "2000-01-01") { id }
        }`,
        { id, client: patient, other: provider },
      );
      expect(read).toEqual({
        mine: {
          streak_info: [
            { count: 2, start_date: '2030-01-01', end_date: '2030-01-02' },
            { count: 1, start_date: '2030-01-04', end_date: '2030-01-04' },
          ],
        },
        other: null,
        program: null,
        before: null,
      });
    },
  },
  {
    mutation: 'createReferral',
    title: 'referringPhysician(user_id, has_fax_number): the physician a referral links to the patient',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, physician: await physician(api, { fax_number: '555-0100' }) };
    },
    document: doc('createReferral', 'referral'),
    variables: ({ patient, physician: id }) => ({ input: { user_id: patient, referring_physician_id: id } }),
    events: (_ids, data) => [ev('referral.created', data.referral.id)],
    check: async ({ patient, physician: id, provider }, _data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID, $user: String, $other: String) { theirs: referringPhysician(user_id: $user) { id }
          faxed: referringPhysician(id: $id, user_id: $user, has_fax_number: true) { id }
          stranger: referringPhysician(id: $id, user_id: $other) { id } }`,
        { id, user: patient, other: provider },
      );
      expect(read).toEqual({ theirs: { id }, faxed: { id }, stranger: null });
    },
  },
  {
    mutation: 'createFamilyHistory',
    title: 'snomed_term carries the concept (carehooks holds no SNOMED terms)',
    setup: withPatient,
    document: doc('createFamilyHistory', 'family_history_condition', 'id snomed_term { concept_id term }'),
    variables: ({ patient }) => ({ input: { user_id: patient, concept_id: '22298006' } }),
    events: ({ patient }, data) => [
      ev('family_history_condition.created', data.family_history_condition.id, { user_id: patient! }),
    ],
    check: (_ids, data) =>
      expect(data.family_history_condition.snomed_term).toEqual({ concept_id: '22298006', term: null }),
  },
  {
    mutation: 'createLabOrder',
    title: "the payload counts the caller's unscheduled lab orders and unread conversations",
    setup: withPatient,
    document: `mutation($input: createLabOrderInput) { createLabOrder(input: $input) { lab_order { id }
      currentUserNotificationsCount { id conversation_notification_count unscheduled_lab_orders_count }
      messages { field message } } }`,
    variables: ({ patient }) => ({ input: { patient_id: patient, lab: 'Lipid panel' } }),
    events: (_ids, data) => [ev('lab_order.created', data.lab_order.id)],
    check: async ({ provider }, data, api) => {
      const counts = data.currentUserNotificationsCount;
      expect(counts).toMatchObject({ id: provider });
      expect(counts.unscheduled_lab_orders_count).toBeGreaterThanOrEqual(1);
      expect(counts.conversation_notification_count).toEqual(expect.any(Number));
      const data2 = await api.gql<Data>(
        `mutation($input: updateLabOrderInput) { updateLabOrder(input: $input) { lab_order { id }
          currentUserNotificationsCount { unscheduled_lab_orders_count } messages { field message } } }`,
        { input: { id: data.lab_order.id, appt_confirmation_code: 'BOOKED' } },
      );
      expect(data2.updateLabOrder.currentUserNotificationsCount.unscheduled_lab_orders_count).toBe(
        counts.unscheduled_lab_orders_count - 1,
      );
    },
  },
  {
    mutation: 'bulkCreateEntries',
    title:
      'creates each entry by kind, keeps import ids and times; check_duplicates answers the one it repeats',
    setup: async (api) => {
      const patient = await createPatient(api);
      const data = await api.gql<Data>(bulkEntriesDoc, {
        input: {
          entries: [
            {
              user_id: patient,
              type: 'MetricEntry',
              category: 'Steps',
              metric_stat: '9000',
              external_id: 'hk-1',
              external_id_type: 'AppleHealth',
            },
          ],
        },
      });
      return { patient, existing: data.bulkCreateEntries.entries[0].id };
    },
    document: bulkEntriesDoc,
    variables: ({ patient }) => ({
      input: {
        entries: [
          {
            user_id: patient,
            type: 'MetricEntry',
            category: 'Steps',
            metric_stat: '9000',
            external_id: 'hk-1',
            external_id_type: 'AppleHealth',
            check_duplicates: true,
          },
          { user_id: patient, type: 'FoodEntry', description: 'Oatmeal', percieved_hungriness: '3' },
          {
            user_id: patient,
            type: 'MetricEntry',
            category: 'Weight',
            metric_stat: '180',
            created_at: '2030-01-05 08:00',
            third_party_source: 'apple_health',
          },
        ],
      },
    }),
    events: (_ids, data) => [
      ev('entry.created', data.entries[1].id),
      ev('metric_entry.created', data.entries[2].id),
    ],
    check: ({ patient, existing }, data) => {
      expect(data.entries).toMatchObject([
        { id: existing, external_id: 'hk-1', external_id_type: 'AppleHealth', metric_stat: 9000 },
        { type: 'FoodEntry', description: 'Oatmeal', percieved_hungriness: 3, poster: { id: patient } },
        {
          type: 'MetricEntry',
          category: 'Weight',
          metric_stat: 180,
          created_at: '2030-01-05T08:00:00.000Z',
        },
      ]);
    },
  },
  {
    mutation: 'bulkCreateEntries',
    title:
      "add_to_avg_heart_rate folds a reading into the day's average: metric_stat and entries_in_average change",
    setup: async (api) => {
      const patient = await createPatient(api);
      const data = await api.gql<Data>(bulkEntriesDoc, {
        input: {
          entries: [
            {
              user_id: patient,
              type: 'MetricEntry',
              category: 'Heart Rate',
              metric_stat: '60',
              created_at: '2030-01-05 08:00',
              add_to_avg_heart_rate: true,
              entries_in_average: '2',
            },
          ],
        },
      });
      expect(data.bulkCreateEntries.entries[0].entries_in_average).toBe(2);
      return { patient, average: data.bulkCreateEntries.entries[0].id };
    },
    document: bulkEntriesDoc,
    variables: ({ patient }) => ({
      input: {
        entries: [
          {
            user_id: patient,
            type: 'MetricEntry',
            category: 'Heart Rate',
            metric_stat: '90',
            created_at: '2030-01-05 20:00',
            add_to_avg_heart_rate: true,
          },
        ],
      },
    }),
    events: ({ average }) => [
      ev('metric_entry.updated', average!, {}, ['metric_stat', 'entries_in_average']),
    ],
    check: ({ average }, data) =>
      expect(data.entries).toMatchObject([{ id: average, metric_stat: 70, entries_in_average: 3 }]),
  },
  {
    mutation: 'createOrAddToWaterIntakeEntry',
    title: "creates the patient's water intake entry of the day",
    setup: withPatient,
    document: waterDoc,
    variables: ({ patient }) => ({
      input: { user_id: patient, type: 'WaterIntakeEntry', metric_stat: '8', created_at: '2030-01-06 07:30' },
    }),
    events: (_ids, data) => [ev('entry.created', data.entry.id)],
    check: ({ patient }, data) =>
      expect(data.entry).toMatchObject({
        type: 'WaterIntakeEntry',
        metric_stat: 8,
        poster: { id: patient },
        created_at: '2030-01-06T07:30:00.000Z',
      }),
  },
  {
    mutation: 'createOrAddToWaterIntakeEntry',
    title: "adds to the day's entry: entry.updated with metric_stat",
    setup: async (api) => {
      const patient = await createPatient(api);
      const data = await api.gql<Data>(waterDoc, {
        input: { user_id: patient, metric_stat: '8', created_at: '2030-01-06 07:30' },
      });
      return { patient, water: data.createOrAddToWaterIntakeEntry.entry.id };
    },
    document: waterDoc,
    variables: ({ patient }) => ({
      input: { user_id: patient, metric_stat: '4.5', created_at: '2030-01-06 19:00' },
    }),
    events: ({ water }) => [ev('entry.updated', water!, {}, ['metric_stat'])],
    check: ({ water }, data) => expect(data.entry).toMatchObject({ id: water, metric_stat: 12.5 }),
  },
  {
    mutation: 'exportCarePlanToTemplate',
    title: 'copies a plan with its goals into the template library; the plan stays',
    setup: async (api) => {
      const ids = await patientPlan(api);
      return { ...ids, planGoal: await goal(api, { user_id: ids.patient, care_plan_id: ids.plan }) };
    },
    document: exportDoc,
    variables: ({ plan }) => ({ input: { id: plan } }),
    events: ({ patient }, data) => [
      ev('care_plan.created', data.carePlan.id, { patient_id: null, user_group_id: null }),
      ev('goal.created', data.carePlan.goals[0].id, {
        care_plan_id: data.carePlan.id,
        parent_id: null,
        user_id: patient!,
      }),
    ],
    check: async ({ plan }, data, api) => {
      expect(data.carePlan).toMatchObject({ name: 'Diabetes plan', is_template: true, patient: null });
      const listed = await api.gql<Data>(
        'query($id: ID) { carePlan(id: $id) { is_template } carePlans(templates_only: true, template_search_keywords: "diabetes") { id } }',
        { id: plan },
      );
      expect(listed.carePlan.is_template).toBe(false);
      expect(listed.carePlans).toContainEqual({ id: data.carePlan.id });
    },
  },
  {
    mutation: 'bulkApplyCarePlanTemplate',
    title: "force_activation: each client's copy (with its goals) replaces their active plan",
    setup: async (api) => {
      const ids = await patientPlan(api);
      await toggle(api, { id: ids.plan, patient_id: ids.patient, activate: true });
      return { ...ids, ...(await planTemplate(api)) };
    },
    document: applyTemplateDoc,
    variables: ({ template, patient }) => ({
      input: { id: template, user_ids: [patient], force_activation: true },
    }),
    events: ({ patient, plan }, data) => {
      const copy = data.carePlans[0];
      return [
        ev('care_plan.created', copy.id, { patient_id: patient!, user_group_id: null }),
        ev('goal.created', copy.goals[0].id, { care_plan_id: copy.id, parent_id: null, user_id: patient! }),
        ev('care_plan.deactivated', plan!),
        ev('care_plan.activated', copy.id),
        ev('patient.updated', patient!, {}, ['active_care_plan']),
      ];
    },
    check: async ({ patient }, data, api) => {
      expect(data.carePlans).toMatchObject([
        {
          is_template: false,
          is_active: true,
          patient: { id: patient },
          goals: [{ name: 'Walk 30 minutes', user_id: patient }],
        },
      ]);
      const read = await api.gql<Data>('query($id: ID) { user(id: $id) { active_care_plan { id } } }', {
        id: patient,
      });
      expect(read.user.active_care_plan).toEqual({ id: data.carePlans[0].id });
    },
  },
  {
    mutation: 'bulkApplyCarePlanTemplate',
    title: 'a group copy is switched on for members with no active group plan',
    setup: async (api) => {
      const group = await createUserGroup(api);
      return {
        group,
        member: await createPatient(api, { user_group_id: group }),
        ...(await planTemplate(api, false)),
      };
    },
    document: applyTemplateDoc,
    variables: ({ template, group }) => ({ input: { id: template, user_group_ids: [group] } }),
    events: ({ group, member }, data) => [
      ev('care_plan.created', data.carePlans[0].id, { patient_id: null, user_group_id: group! }),
      ev('care_plan.activated', data.carePlans[0].id),
      ev('patient.updated', member!, {}, ['active_group_care_plan']),
    ],
    check: ({ group }, data) =>
      expect(data.carePlans).toMatchObject([{ user_group: { id: group }, is_active: true, goals: [] }]),
  },
  {
    mutation: 'bulkUpdateCarePlanUsers',
    title: 'activate with notify: switched on, and the patient is emailed the plan',
    setup: async (api) => {
      const ids = await patientPlan(api);
      return { ...ids, planGoal: await goal(api, { user_id: ids.patient, care_plan_id: ids.plan }) };
    },
    document: planUsersDoc,
    variables: ({ plan }) => ({ input: { ids: [plan], activate: true, notify: true } }),
    events: ({ plan, patient }) => [
      ev('care_plan.activated', plan!),
      ev('patient.updated', patient!, {}, ['active_care_plan']),
    ],
    check: async ({ plan, patient }, data, api) => {
      expect(data.carePlans).toEqual([{ id: plan, is_active: true }]);
      expect(await queuedEmails(api, patient!)).toEqual([
        {
          recipient: await emailOf(api, patient!),
          subject: 'Your care plan: Diabetes plan',
          body: 'Your care plan: Diabetes plan\n\nGoals:\n- Walk 30 minutes',
          notification_type: 'care_plan_activated',
          sent_at: null,
        },
      ]);
    },
  },
  {
    mutation: 'bulkUpdateCarePlanUsers',
    title: 'without activate: active plans are switched off',
    setup: async (api) => {
      const ids = await patientPlan(api);
      await toggle(api, { id: ids.plan, patient_id: ids.patient, activate: true });
      return ids;
    },
    document: planUsersDoc,
    variables: ({ plan }) => ({ input: { ids: [plan] } }),
    events: ({ plan, patient }) => [
      ev('care_plan.deactivated', plan!),
      ev('patient.updated', patient!, {}, ['active_care_plan']),
    ],
    check: ({ plan }, data) => expect(data.carePlans).toEqual([{ id: plan, is_active: false }]),
  },
  {
    mutation: 'updateGroupCarePlan',
    title: 'is_active switches a group plan on for every member: one activated, a patient.updated each',
    setup: async (api) => {
      const group = await createUserGroup(api);
      const a = await createPatient(api, { user_group_id: group });
      const b = await createPatient(api, { user_group_id: group });
      const plan = await carePlan(api, { name: 'Group plan' });
      await api.gql(doc('updateCarePlan', 'carePlan'), { input: { id: plan, user_group_id: group } });
      return { group, a, b, plan };
    },
    document: groupPlanDoc,
    variables: ({ plan }) => ({ input: { id: plan, is_active: true } }),
    events: ({ plan, a, b }) => [
      ev('care_plan.activated', plan!),
      ev('patient.updated', a!, {}, ['active_group_care_plan']),
      ev('patient.updated', b!, {}, ['active_group_care_plan']),
    ],
    check: async ({ plan, b }, data, api) => {
      expect(data.carePlan).toEqual({ id: plan, is_active: true });
      const read = await api.gql<Data>('query($id: ID) { user(id: $id) { active_group_care_plan { id } } }', {
        id: b,
      });
      expect(read.user.active_group_care_plan).toEqual({ id: plan });
    },
  },
  {
    mutation: 'sendCarePlanEmail',
    title: 'queues the plan as an email to its patient; no record changes, so nothing is sent to webhooks',
    setup: patientPlan,
    document: sendPlanDoc,
    variables: ({ plan, patient }) => ({ input: { id: plan, patient_id: patient } }),
    events: () => [],
    check: async ({ plan, patient }, data, api) => {
      expect(data.carePlan).toEqual({ id: plan });
      expect(await queuedEmails(api, patient!)).toMatchObject([
        { subject: 'Your care plan: Diabetes plan', notification_type: 'care_plan_sent', sent_at: null },
      ]);
    },
  },
  {
    mutation: 'parseCcdaDocument',
    title: 'records the file for the parser and answers its name; no client yet, so nothing is sent',
    document: parseCcdaDoc,
    variables: () => ({ input: { file: ccdaFile('summary.xml') } }),
    events: () => [],
    check: async (_ids, data, api) => {
      expect(data).toMatchObject({ user: null, xml_file_name: 'summary.xml' });
      const unnamed = await api.gql<Data>(parseCcdaDoc, { input: { file: ccdaFile() } });
      expect(unnamed.parseCcdaDocument.xml_file_name).toMatch(/^ccda-\d+\.xml$/);
    },
  },
  {
    mutation: 'completeCcdaReconciliation',
    title: 'keeps the chosen records (requires_consolidation changes) and removes the rest',
    setup: ccdaImported,
    document: reconcileDoc,
    variables: ({ patient, kept, problem }) => ({
      input: {
        id: patient,
        added_medication_ids: [kept],
        added_problem_ids: [problem],
        added_allergy_ids: [],
      },
    }),
    events: ({ patient, kept, dropped, allergy }) => [
      ev('medication.updated', kept!, { user_id: patient! }, ['requires_consolidation']),
      ev('medication.deleted', dropped!, { user_id: patient! }),
      ev('allergy_sensitivity.deleted', allergy!, { user_id: patient! }),
    ],
    check: async ({ patient, kept, problem }, data, api) => {
      expect(data.user).toEqual({ id: patient });
      const read = await api.gql<Data>(
        `query($id: ID) { medications(patient_id: $id) { id name requires_consolidation }
          waiting: medications(patient_id: $id, unreconciled_from_ccda_ingest: true) { id }
          user(id: $id) { problems { id name code requires_consolidation } } }`,
        { id: patient },
      );
      expect(read).toEqual({
        medications: [{ id: kept, name: 'Lisinopril 10 mg', requires_consolidation: false }],
        waiting: [],
        user: {
          problems: [{ id: problem, name: 'Hypertension', code: 'I10', requires_consolidation: false }],
        },
      });
    },
  },
];

export const clinicalInvalid: InvalidCase[] = [
  {
    mutation: 'createMedication',
    title: 'no patient',
    document: doc('createMedication', 'medication'),
    variables: () => ({ input: { name: 'Metformin' } }),
    field: 'user_id',
  },
  {
    mutation: 'updateMedication',
    title: 'a malformed start date',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { medication: await medication(api, patient!) };
    },
    document: doc('updateMedication', 'medication'),
    variables: ({ medication: id }) => ({ input: { id, start_date: 'soon' } }),
    field: 'start_date',
  },
  {
    mutation: 'deleteMedication',
    title: 'an unknown id',
    document: doc('deleteMedication', 'medication', 'id', 'destroyMedicationInput'),
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'createAllergySensitivity',
    title: 'no category',
    setup: withPatient,
    document: doc('createAllergySensitivity', 'allergy_sensitivity'),
    variables: ({ patient }) => ({ input: { user_id: patient, name: 'Peanuts' } }),
    field: 'category',
  },
  {
    mutation: 'updateAllergySensitivity',
    title: 'clearing the category',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { allergy: await allergy(api, patient!) };
    },
    document: doc('updateAllergySensitivity', 'allergy_sensitivity'),
    variables: ({ allergy: id }) => ({ input: { id, category: '' } }),
    field: 'category',
  },
  {
    mutation: 'createFamilyHistory',
    title: 'an unknown patient',
    document: doc('createFamilyHistory', 'family_history_condition'),
    variables: () => ({ input: { user_id: '999999', relationships: ['Mother'] } }),
    field: 'user_id',
  },
  {
    mutation: 'createReferringPhysician',
    title: 'a malformed email',
    document: doc('createReferringPhysician', 'referring_physician'),
    variables: () => ({ input: { last_name: 'Ferrer', email: 'not-an-email' } }),
    field: 'email',
  },
  {
    mutation: 'createReferringPhysician',
    title: 'a referral for an unknown patient (the physician and location are not written either)',
    document: doc('createReferringPhysician', 'referring_physician'),
    variables: () => ({
      input: { last_name: 'Ferrer', location: { city: 'Springfield' }, referrals: [{ user_id: '999999' }] },
    }),
    field: 'referrals[0].user_id',
  },
  {
    mutation: 'updateReferringPhysician',
    title: "a referral that is not this physician's",
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { physician: await physician(api), referral: await referral(api, patient!) };
    },
    document: doc('updateReferringPhysician', 'referring_physician'),
    variables: ({ physician: id, referral: referralId }) => ({
      input: { id, notes: 'x', referrals: [{ id: referralId, _destroy: true }] },
    }),
    field: 'referrals[0].id',
  },
  {
    mutation: 'createReferral',
    title: 'no patient',
    document: doc('createReferral', 'referral'),
    variables: () => ({ input: { referral_reason: 'Chest pain' } }),
    field: 'user_id',
  },
  {
    mutation: 'updateReferral',
    title: 'an unknown referring physician',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { referral: await referral(api, patient!) };
    },
    document: doc('updateReferral', 'referral'),
    variables: ({ referral: id }) => ({ input: { id, referring_physician_id: '999999' } }),
    field: 'referring_physician_id',
  },
  {
    mutation: 'createCarePlan',
    title: 'no name',
    setup: withPatient,
    document: doc('createCarePlan', 'carePlan'),
    variables: ({ patient }) => ({ input: { patient_id: patient } }),
    field: 'name',
  },
  {
    mutation: 'updateCarePlan',
    title: 'an unknown new patient',
    setup: patientPlan,
    document: doc('updateCarePlan', 'carePlan'),
    variables: ({ plan }) => ({ input: { id: plan, name: 'Renamed', new_patient_id: '999999' } }),
    field: 'new_patient_id',
  },
  {
    mutation: 'deleteCarePlan',
    title: 'an unknown id',
    document: doc('deleteCarePlan', 'carePlan'),
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'toggleCarePlanStatusForSpecificUser',
    title: 'a patient whose plan it is not',
    setup: async (api) => ({ ...(await patientPlan(api)), other: await createPatient(api) }),
    document: doc('toggleCarePlanStatusForSpecificUser', 'carePlan'),
    variables: ({ plan, other }) => ({ input: { id: plan, patient_id: other, activate: true } }),
    field: 'patient_id',
  },
  {
    mutation: 'toggleCarePlanStatusForSpecificUser',
    title: 'a group plan without a patient',
    setup: groupPlan,
    document: doc('toggleCarePlanStatusForSpecificUser', 'carePlan'),
    variables: ({ plan }) => ({ input: { id: plan, activate: true } }),
    field: 'patient_id',
  },
  {
    mutation: 'toggleCarePlanStatusForSpecificUser',
    title: 'an unknown plan',
    document: doc('toggleCarePlanStatusForSpecificUser', 'carePlan'),
    variables: () => ({ input: { id: '999999', activate: true } }),
    field: 'id',
  },
  {
    mutation: 'toggleCarePlanStatusForSpecificUser',
    title: 'a template',
    setup: async (api) => {
      const ids = await patientPlan(api);
      await api.gql(doc('updateCarePlan', 'carePlan'), { input: { id: ids.plan, is_template: true } });
      return ids;
    },
    document: doc('toggleCarePlanStatusForSpecificUser', 'carePlan'),
    variables: ({ plan }) => ({ input: { id: plan, activate: true } }),
    field: 'id',
  },
  {
    mutation: 'createGoal',
    title: 'no name',
    setup: withPatient,
    document: doc('createGoal', 'goal'),
    variables: ({ patient }) => ({ input: { user_id: patient } }),
    field: 'name',
  },
  {
    mutation: 'createGoal',
    title: 'a bad subgoal (the goal and its template are not written either)',
    setup: withPatient,
    document: doc('createGoal', 'goal'),
    variables: ({ patient }) => ({
      input: {
        user_id: patient,
        name: 'Eat well',
        use_as_template: true,
        subgoals: [{ name: 'x', due_date: 'later' }],
      },
    }),
    field: 'subgoals[0].due_date',
  },
  {
    mutation: 'updateGoal',
    title: 'an unknown id',
    document: doc('updateGoal', 'goal'),
    variables: () => ({ input: { id: '999999', name: 'x' } }),
    field: 'id',
  },
  {
    mutation: 'createGoalHistory',
    title: 'no goal',
    document: doc('createGoalHistory', 'goalHistory'),
    variables: () => ({ input: { completed_on: '2030-01-05' } }),
    field: 'goal_id',
  },
  {
    mutation: 'deleteGoalHistory',
    title: 'an unknown id',
    document: doc('deleteGoalHistory', 'goal_history'),
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'createEntry',
    title: 'an entry type Healthie does not have',
    setup: withPatient,
    document: doc('createEntry', 'entry'),
    variables: ({ patient }) => ({ input: { user_id: patient, type: 'DreamEntry' } }),
    field: 'type',
  },
  {
    mutation: 'updateEntry',
    title: 'a metric that is not a number',
    setup: metricEntry,
    document: doc('updateEntry', 'entry'),
    variables: ({ entry: id }) => ({ input: { id, metric_stat: 'heavy' } }),
    field: 'metric_stat',
  },
  {
    mutation: 'deleteEntry',
    title: 'an unknown id',
    document: doc('deleteEntry', 'entry'),
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'createComment',
    title: 'an unknown entry',
    document: doc('createComment', 'comment'),
    variables: () => ({ input: { entry_id: '999999', content: 'Hi' } }),
    field: 'entry_id',
  },
  {
    mutation: 'updateComment',
    title: 'emptying the content',
    setup: async (api) => {
      const ids = await noteEntry(api);
      return { comment: await comment(api, ids.entry!) };
    },
    document: doc('updateComment', 'comment'),
    variables: ({ comment: id }) => ({ input: { id, content: '' } }),
    field: 'content',
  },
  {
    mutation: 'createLabOrder',
    title: 'no patient',
    document: doc('createLabOrder', 'lab_order'),
    variables: () => ({ input: { lab: 'Quest' } }),
    field: 'patient_id',
  },
  {
    mutation: 'updateLabOrder',
    title: 'an unknown id',
    document: doc('updateLabOrder', 'lab_order'),
    variables: () => ({ input: { id: '999999', appt_confirmation_code: 'x' } }),
    field: 'id',
  },
  {
    mutation: 'createLabResult',
    title: 'no document',
    setup: ordered,
    document: doc('createLabResult', 'lab_result'),
    variables: ({ order }) => ({ input: { lab_order_id: order } }),
    field: 'document_id',
  },
  {
    mutation: 'updateLabResult',
    title: 'clearing the ordering physician',
    setup: async (api) => {
      const ids = await ordered(api);
      return { result: await labResult(api, ids.order!) };
    },
    document: doc('updateLabResult', 'lab_result'),
    variables: ({ result }) => ({ input: { id: result, ordering_physician_id: null } }),
    field: 'ordering_physician_id',
  },
  {
    mutation: 'bulkCreateEntries',
    title: 'no entries',
    document: bulkEntriesDoc,
    variables: () => ({ input: { entries: [] } }),
    field: 'entries',
  },
  {
    mutation: 'bulkCreateEntries',
    title: 'an entry of an unknown kind (the others are not created either)',
    setup: withPatient,
    document: bulkEntriesDoc,
    variables: ({ patient }) => ({
      input: {
        entries: [
          { user_id: patient, type: 'NoteEntry', description: 'Fine' },
          { user_id: patient, type: 'DreamEntry' },
        ],
      },
    }),
    field: 'entries[1].type',
  },
  {
    mutation: 'createOrAddToWaterIntakeEntry',
    title: 'a type other than WaterIntakeEntry',
    setup: withPatient,
    document: waterDoc,
    variables: ({ patient }) => ({ input: { user_id: patient, type: 'FoodEntry', metric_stat: '8' } }),
    field: 'type',
  },
  {
    mutation: 'exportCarePlanToTemplate',
    title: 'a plan that is already a template',
    setup: (api) => planTemplate(api, false),
    document: exportDoc,
    variables: ({ template }) => ({ input: { id: template } }),
    field: 'id',
  },
  {
    mutation: 'bulkApplyCarePlanTemplate',
    title: 'a plan that is not a template',
    setup: patientPlan,
    document: applyTemplateDoc,
    variables: ({ plan, patient }) => ({ input: { id: plan, user_ids: [patient] } }),
    field: 'id',
  },
  {
    mutation: 'bulkUpdateCarePlanUsers',
    title: 'notify without activate',
    setup: patientPlan,
    document: planUsersDoc,
    variables: ({ plan }) => ({ input: { ids: [plan], notify: true } }),
    field: 'notify',
  },
  {
    mutation: 'updateGroupCarePlan',
    title: "a patient's own plan",
    setup: patientPlan,
    document: groupPlanDoc,
    variables: ({ plan }) => ({ input: { id: plan, is_active: true } }),
    field: 'id',
  },
  {
    mutation: 'sendCarePlanEmail',
    title: 'a patient the plan is not for',
    setup: async (api) => ({ ...(await patientPlan(api)), other: await createPatient(api) }),
    document: sendPlanDoc,
    variables: ({ plan, other }) => ({ input: { id: plan, patient_id: other } }),
    field: 'patient_id',
  },
  {
    mutation: 'parseCcdaDocument',
    title: 'a file that is not XML',
    document: parseCcdaDoc,
    variables: () => ({ input: { file: 'data:application/pdf;base64,JVBERi0=' } }),
    field: 'file',
  },
  {
    mutation: 'completeCcdaReconciliation',
    title: 'a medication that is not one left to reconcile',
    setup: async (api) => {
      const ids = await ccdaImported(api);
      return { ...ids, charted: await medication(api, ids.patient!) };
    },
    document: reconcileDoc,
    variables: ({ patient, charted }) => ({ input: { id: patient, added_medication_ids: [charted] } }),
    field: 'added_medication_ids',
  },
  {
    mutation: 'completeCcdaReconciliation',
    title: 'a client with no C-CDA import',
    setup: withPatient,
    document: reconcileDoc,
    variables: ({ patient }) => ({ input: { id: patient } }),
    field: 'id',
  },
];

/** The id the next row of a table will get (rows of these tables are only ever added in these tests). */
async function nextId(api: CaseApi, table: string): Promise<string> {
  const row = await api.server.runtime.services.store.db
    .withTables<Record<string, { id: number }>>()
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return String(Number(row?.id ?? 0) + 1);
}

/** Stands in for the integrations that write internal-only records. */
async function insertRow(api: CaseApi, table: string, values: Record<string, unknown>): Promise<string> {
  const row = await api.server.runtime.services.store.db
    .withTables<Record<string, Record<string, unknown> & { id: number }>>()
    .insertInto(table)
    .values({ ...values, created_at: 0, updated_at: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

export const clinicalReadBack: ReadBackCase[] = [
  {
    resource: 'Medication',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, medication: await medication(api, patient!) };
    },
    query: 'query($id: ID) { medication(id: $id) { id user_id name dosage active } }',
    id: ({ medication: id }) => id!,
    expected: ({ medication: id, patient }) => ({
      id,
      user_id: patient,
      name: 'Metformin',
      dosage: '500 mg',
      active: false,
    }),
  },
  {
    resource: 'AllergySensitivity',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { allergy: await allergy(api, patient!) };
    },
    query: 'query($id: ID) { allergySensitivity(id: $id) { id category name created_by { id } } }',
    id: ({ allergy: id }) => id!,
    expected: ({ allergy: id, provider }) => ({
      id,
      category: 'allergy',
      name: 'Penicillin',
      created_by: { id: provider },
    }),
  },
  {
    resource: 'FamilyHistoryCondition',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      return { patient: patient!, condition: await familyHistory(api, patient!) };
    },
    query: 'query($id: ID) { familyHistoryCondition(id: $id) { id concept_id relationships user { id } } }',
    id: ({ condition }) => condition!,
    expected: ({ condition, patient }) => ({
      id: condition,
      concept_id: '73211009',
      relationships: ['Mother'],
      user: { id: patient },
    }),
  },
  {
    resource: 'ReferringPhysician',
    setup: async (api) => ({ physician: await physician(api, { accepts_insurance: true }) }),
    query:
      'query($id: ID) { referringPhysician(id: $id) { id full_name business_name accepts_insurance referrals { id } provider { id } } }',
    id: ({ physician: id }) => id!,
    expected: ({ physician: id, provider }) => ({
      id,
      full_name: 'Rhea Ferrer',
      business_name: 'Ferrer Cardiology',
      accepts_insurance: true,
      referrals: [],
      provider: { id: provider },
    }),
  },
  {
    resource: 'Referral',
    setup: async (api) => {
      const { patient } = await withPatient(api);
      const physicianId = await physician(api);
      return {
        patient: patient!,
        physician: physicianId,
        referral: await referral(api, patient!, physicianId),
      };
    },
    query:
      'query($id: ID) { referral(id: $id) { id referral_reason user { id } referring_physician { id } } }',
    id: ({ referral: id }) => id!,
    expected: ({ referral: id, patient, physician: physicianId }) => ({
      id,
      referral_reason: 'Chest pain',
      user: { id: patient },
      referring_physician: { id: physicianId },
    }),
  },
  {
    resource: 'CarePlan',
    setup: async (api) => {
      const ids = await patientPlan(api);
      const goalId = await goal(api, { user_id: ids.patient, care_plan_id: ids.plan });
      await toggle(api, { id: ids.plan, activate: true });
      return { ...ids, goal: goalId };
    },
    query:
      'query($id: ID) { carePlan(id: $id) { id name is_active is_group is_hidden patient { id } creator { id } goals { id } } }',
    id: ({ plan }) => plan!,
    expected: ({ plan, patient, provider, goal: goalId }) => ({
      id: plan,
      name: 'Diabetes plan',
      is_active: true,
      is_group: false,
      is_hidden: true,
      patient: { id: patient },
      creator: { id: provider },
      goals: [{ id: goalId }],
    }),
  },
  {
    resource: 'Goal',
    setup: async (api) => {
      const ids = await patientGoal(api);
      return { ...ids, history: await goalHistory(api, ids.goal!) };
    },
    query:
      'query($id: ID) { goal(id: $id) { id name repeat user { id } subgoals { id } goal_histories { id completed_on } } }',
    id: ({ goal: id }) => id!,
    expected: ({ goal: id, patient, history }) => ({
      id,
      name: 'Walk 30 minutes',
      repeat: 'Daily',
      user: { id: patient },
      subgoals: [],
      goal_histories: [{ id: history, completed_on: '2030-01-05' }],
    }),
  },
  {
    resource: 'GoalTemplate',
    setup: async (api, { provider }) => {
      const { patient } = await withPatient(api);
      const goalId = await goal(api, { user_id: patient, name: 'Stretch', use_as_template: true });
      const template = await api.server.runtime.services.store.db
        .withTables<{ goal_templates: { id: number; goal_id: number } }>()
        .selectFrom('goal_templates')
        .select('id')
        .where('goal_id', '=', Number(goalId))
        .executeTakeFirstOrThrow();
      return { goal: goalId, template: String(template.id), provider: provider! };
    },
    query:
      'query($id: ID) { goalTemplate(id: $id) { id name repeat goal_id user_id is_healthie_default user { id } } }',
    id: ({ template }) => template!,
    expected: ({ template, goal: goalId, provider }) => ({
      id: template,
      name: 'Stretch',
      repeat: 'Daily',
      goal_id: goalId,
      user_id: provider,
      is_healthie_default: false,
      user: { id: provider },
    }),
  },
  {
    resource: 'GoalHistory',
    setup: async (api) => {
      const ids = await patientGoal(api);
      return { ...ids, history: await goalHistory(api, ids.goal!) };
    },
    query: 'query($id: ID) { goalHistory(id: $id) { id completed_on goal_id user_id goal { name } } }',
    id: ({ history }) => history!,
    expected: ({ history, goal: id, patient }) => ({
      id: history,
      completed_on: '2030-01-05',
      goal_id: id,
      user_id: patient,
      goal: { name: 'Walk 30 minutes' },
    }),
  },
  {
    resource: 'Entry',
    setup: async (api) => {
      const ids = await metricEntry(api);
      return { ...ids, comment: await comment(api, ids.entry!) };
    },
    query:
      'query($id: ID) { entry(id: $id) { id type category metric_stat viewed poster { id } added_by_user { id } comments { id } } }',
    id: ({ entry: id }) => id!,
    expected: ({ entry: id, patient, provider, comment: commentId }) => ({
      id,
      type: 'MetricEntry',
      category: 'Weight',
      metric_stat: 180,
      viewed: false,
      poster: { id: patient },
      added_by_user: { id: provider },
      comments: [{ id: commentId }],
    }),
  },
  {
    resource: 'Comment',
    setup: async (api) => {
      const ids = await noteEntry(api);
      return { ...ids, comment: await comment(api, ids.entry!) };
    },
    query: 'query($id: ID) { comment(id: $id) { id content entry_id is_reaction user_id } }',
    id: ({ comment: id }) => id!,
    expected: ({ comment: id, entry: entryId, provider }) => ({
      id,
      content: 'Nice work',
      entry_id: entryId,
      is_reaction: false,
      user_id: provider,
    }),
  },
  {
    resource: 'LabOrder',
    setup: async (api) => {
      const ids = await ordered(api);
      return { ...ids, result: await labResult(api, ids.order!) };
    },
    query:
      'query($id: ID) { labOrder(id: $id) { id lab lab_company integration status patient { id } lab_results { id } } }',
    id: ({ order }) => order!,
    expected: ({ order, patient, result }) => ({
      id: order,
      lab: 'Quest',
      lab_company: 'Quest',
      integration: 'manual',
      status: null,
      patient: { id: patient },
      lab_results: [{ id: result }],
    }),
  },
  {
    resource: 'LabResult',
    setup: async (api) => {
      const ids = await ordered(api);
      return { ...ids, result: await labResult(api, ids.order!) };
    },
    query:
      'query($id: ID!) { labResult(id: $id) { id lab_order_id document_id patient { id } ordering_physician { id } } }',
    id: ({ result }) => result!,
    expected: ({ result, order, patient, provider }) => ({
      id: result,
      lab_order_id: order,
      document_id: '17000',
      patient: { id: patient },
      ordering_physician: { id: provider },
    }),
  },
  {
    resource: 'Diagnosis',
    setup: async (api, { org }) => {
      const patient = await createPatient(api);
      const id = await insertRow(api, 'diagnoses', {
        organization_id: Number(org),
        user_id: Number(patient),
        icd_code_id: 67890,
        display_name: 'E11.9 Type 2 diabetes',
        active: 1,
      });
      return { patient, diagnosis: id };
    },
    query:
      'query($id: ID) { diagnosis(id: $id) { id icd_code_id display_name active user { id } icd_code { id code display_name } } }',
    id: ({ diagnosis }) => diagnosis!,
    expected: ({ diagnosis, patient }) => ({
      id: diagnosis,
      icd_code_id: '67890',
      display_name: 'E11.9 Type 2 diabetes',
      active: true,
      user: { id: patient },
      // No ICD code list is kept: the code object is the id, named as the diagnosis names it.
      icd_code: { id: '67890', code: '67890', display_name: 'E11.9 Type 2 diabetes' },
    }),
  },
  {
    resource: 'Prescription',
    setup: async (api, { org }) => {
      const patient = await createPatient(api);
      const id = await insertRow(api, 'prescriptions', {
        organization_id: Number(org),
        patient_id: Number(patient),
        product_name: 'Lisinopril 10 mg tablet',
        status: 'eRxSent',
        days_supply: 30,
      });
      return { patient, prescription: id };
    },
    query: 'query($id: ID) { prescription(id: $id) { id product_name status days_supply patient { id } } }',
    id: ({ prescription }) => prescription!,
    expected: ({ prescription, patient }) => ({
      id: prescription,
      product_name: 'Lisinopril 10 mg tablet',
      status: 'eRxSent',
      days_supply: 30,
      patient: { id: patient },
    }),
  },
  {
    resource: 'DosespotNotification',
    setup: async (api, { org, provider }) => ({
      notification: await insertRow(api, 'dosespot_notifications', {
        organization_id: Number(org),
        user_id: Number(provider),
        notification_type: 'refill_request',
        count: 2,
      }),
    }),
    query: 'query($id: ID) { dosespotNotification(id: $id) { id notification_type count user { id } } }',
    id: ({ notification }) => notification!,
    expected: ({ notification, provider }) => ({
      id: notification,
      notification_type: 'refill_request',
      count: 2,
      user: { id: provider },
    }),
  },
  {
    resource: 'Entry',
    setup: async (api, { provider }) => ({
      water: await entry(api, {
        user_id: provider,
        type: 'WaterIntakeEntry',
        metric_stat: '8',
        created_at: '2030-04-02 10:00',
      }),
    }),
    query: `query($id: ID) { waterIntakeEntry(entry_id: $id) { id metric_stat previous_water_intake_stat percieved_hungriness } }`,
    id: ({ water }) => water!,
    expected: ({ water }) => ({
      id: water,
      metric_stat: 8,
      previous_water_intake_stat: 0,
      percieved_hungriness: null,
    }),
  },
  {
    resource: 'Entry',
    setup: async (api, { provider }) => ({
      water: await entry(api, {
        user_id: provider,
        type: 'WaterIntakeEntry',
        metric_stat: '6',
        created_at: '2030-04-03 10:00',
      }),
    }),
    query: `query($id: String) { waterIntakeEntry(created_at: $id) { id } }`,
    id: () => '2030-04-03',
    expected: ({ water }) => ({ id: water }),
  },
  {
    resource: 'Prescription',
    setup: async (api, { org }) => {
      const patient = await createPatient(api);
      const id = await insertRow(api, 'prescriptions', {
        organization_id: Number(org),
        patient_id: Number(patient),
        product_name: 'Metoprolol',
      });
      return { patient, prescription: id };
    },
    query: 'query($id: String) { prescription(prescription_id: $id) { id product_name } }',
    id: ({ prescription }) => prescription!,
    expected: ({ prescription }) => ({ id: prescription, product_name: 'Metoprolol' }),
  },
  {
    resource: 'CarePlan (recommendations)',
    setup: patientPlan,
    query: 'query($id: ID) { carePlan(id: $id) { recommendations { id } } }',
    id: ({ plan }) => plan!,
    expected: () => ({ recommendations: [] }),
  },
  {
    resource: 'Entry (symptom_names)',
    setup: async (api, { provider }) => ({
      symptom: await entry(api, {
        user_id: provider,
        type: 'SymptomEntry',
        symptoms: 'Headache, Nausea,',
        other_symptom: 'Dizzy after lunch',
      }),
    }),
    query: 'query($id: ID) { entry(id: $id) { symptoms other_symptom symptom_names } }',
    id: ({ symptom }) => symptom!,
    expected: () => ({
      symptoms: 'Headache, Nausea,',
      other_symptom: 'Dizzy after lunch',
      symptom_names: 'Headache, Nausea, Dizzy after lunch',
    }),
  },
];
