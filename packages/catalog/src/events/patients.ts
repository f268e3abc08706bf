import { event, nullable } from '../builder.js';

const taggedUser = { tag_id: '12000', user_id: '22222' } as const;
const contactOwner = { linked_client_id: nullable('22222'), user_id: '22222' } as const;

export const patientEvents = [
  event('patient.created', 'User', {
    description: 'A patient record was added.',
    mutations: ['createClient', 'completeCheckout', 'createNotificationContact'],
    example: { resource_id: '45678' },
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
    mutations: ['updateClient', 'bulkUpdateClients', 'toggleCarePlanStatusForSpecificUser'],
    triggers: 'also when a form submission or an appointment check-in writes to patient fields',
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
