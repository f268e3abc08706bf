/** Patients: declarations with their behaviour bound. */
import { area } from '../../registry/index.js';
import { bulkUpdateClients } from './bulk-update-clients.js';
import { applyClientNestedRecords } from './client-nested.js';
import { requireEmailUnlessSkipped } from './clients.js';
import { mergeClients } from './merge-clients.js';
import { createLinkedClient } from './notification-contacts.js';
import { Policy, resources } from './resources.js';
import { applyNewTag, bulkApply, removeAppliedTag, removeTagApplications } from './tags.js';
import { patientsTriggers } from './trigger-recipes.js';

/** The nested inputs of updateClient, built from the declarations they write. */
const nestedAddress = {
  id: 'ID',
  _destroy: 'Boolean',
  name: 'String',
  line1: 'String',
  line2: 'String',
  city: 'String',
  state: 'String',
  zip: 'String',
  country: 'String',
};

export const patients = area({
  name: 'patients',
  resources,
  special: [mergeClients, bulkUpdateClients, bulkApply, removeAppliedTag],
  hooks: {
    createClient: { before: requireEmailUnlessSkipped },
    updateClient: { after: applyClientNestedRecords },
    createTag: { after: applyNewTag },
    deleteTag: { after: removeTagApplications },
    createNotificationContact: { before: createLinkedClient },
  },
  inputTypes: {
    // updateClient's nested `diagnoses` (see client-nested.ts).
    DiagnosesInput: {
      _destroy: 'Boolean',
      active: 'Boolean',
      primary: 'Boolean',
      end_date: 'String',
      first_symptom_date: 'String',
      icd_code_id: 'ID',
      id: 'ID',
    },
    ClientLocationInput: nestedAddress,
    ClientPolicyInput: {
      id: 'ID',
      _destroy: 'Boolean',
      ...Object.fromEntries(Object.entries(Policy.fields).map(([name, f]) => [name, f.input])),
    },
  },
  triggers: patientsTriggers,
});
