import { event, nullable } from '../builder.js';

const taggedUser = { tag_id: '12000', user_id: '22222' } as const;
const contactOwner = { linked_client_id: nullable('22222'), user_id: '22222' } as const;

export const patientEvents = [
  event('patient.created', 'User', {
    description: 'A patient record was added.',
    mutations: [
      'createClient',
      'completeCheckout',
      'createNotificationContact',
      'createClientViaForm',
      'signUp',
    ],
    example: { resource_id: '45678' },
    decision:
      "createClientViaForm, which the reference does not name, creates the client before their form submission, so it is listed. signUp by a practice (an API key or a member's session, with dietitian_id or none) creates a client as createClient does, so it is listed too.",
    triggers:
      'also when the C-CDA parser reports a file parseCcdaDocument recorded for a client not yet in the practice (POST /internal/integrations/ccda/parsed)',
  }),
  event('patient.merged', 'User', {
    description: 'Two patient records were combined into one.',
    mutations: ['mergeClients'],
    extras: { destination_user_id: '1234', source_user_id: '5678' },
    example: { resource_id: '1234' },
    decision:
      'resource_id is the surviving (destination) patient, so it equals destination_user_id; source_user_id is the record merged away. The reference example shows an unrelated resource_id, so our example uses the destination ID instead.',
  }),
  event('patient.updated', 'User', {
    description: 'Fields of a patient record changed.',
    mutations: [
      'updateClient',
      'bulkUpdateClients',
      'toggleCarePlanStatusForSpecificUser',
      'bulkApplyCarePlanTemplate',
      'bulkUpdateCarePlanUsers',
      'updateGroupCarePlan',
      'updateUser',
      'signUp',
      'signIn',
    ],
    triggers: 'also when a form submission or an appointment check-in writes to patient fields',
    decision:
      "bulkApplyCarePlanTemplate, bulkUpdateCarePlanUsers and updateGroupCarePlan switch care plans on or off for many patients, as toggleCarePlanStatusForSpecificUser does for one: each patient whose active plan changed gets patient.updated (active_care_plan or active_group_care_plan), so they are listed. updateUser on a client changes the client as updateClient does, so it fires patient.updated with the changed fields; its interface flags (dismissed_*, *_seen, consented_to_labs) and a password are not patient fields and fire nothing. createChangeHealthPatient only records the request (no event); Change Healthcare's answer (POST /internal/integrations/change-health/patient-created) stores the client's id there, which fires patient.updated (change_health_patient_id). signUp with an invite code is the client the practice made taking up the account: the names and email given that differ fire patient.updated; signIn with a timezone sets the client's timezone, which fires it (timezone) when it changes.",
    example: { resource_id: '45678', changed_fields: ['first_name', 'email'] },
  }),
  event('applied_tag.created', 'AppliedTag', {
    description: 'A tag was put on a user.',
    mutations: ['bulkApply'],
    extras: taggedUser,
    example: { resource_id: '18000' },
  }),
  event('applied_tag.deleted', 'AppliedTag', {
    description: 'A tag was taken off a user.',
    mutations: ['removeAppliedTag'],
    extras: taggedUser,
    example: { resource_id: '18000' },
  }),
  event('notification_contact.created', 'NotificationContact', {
    description: 'A contact to be notified about a user was added.',
    mutations: ['createNotificationContact'],
    extras: contactOwner,
    example: { resource_id: '49000' },
  }),
  event('notification_contact.deleted', 'NotificationContact', {
    description: 'A notification contact was removed.',
    mutations: ['deleteNotificationContact'],
    extras: contactOwner,
    example: { resource_id: '49000' },
  }),
  event('notification_contact.updated', 'NotificationContact', {
    description: 'A notification contact was edited.',
    mutations: ['updateNotificationContact'],
    extras: contactOwner,
    example: { resource_id: '49000', changed_fields: ['email'] },
  }),
] as const;
