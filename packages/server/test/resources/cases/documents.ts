/** Documents area: folders and their sharing, documents, faxes. */
import { expect } from 'vitest';
import {
  ev,
  type CaseApi,
  type Data,
  type InvalidCase,
  type MutationCase,
  type ReadBackCase,
} from '../support.js';
import { createPatient, uniqueEmail } from './fixtures.js';

const createFolderDoc = `mutation($input: createFolderInput) {
  createFolder(input: $input) { folder { id name folder_id rel_user_id owner { id } } messages { field message } }
}`;
const createSharings = `mutation($input: CreateSharingsInput) {
  createSharings(input: $input) { folder { id users { id } } messages { field message } }
}`;
const destroySharings = `mutation($input: DestroySharingsInput) {
  destroySharings(input: $input) { folder { id users { id } } messages { field message } }
}`;
const documentFields = 'id display_name description rel_user_id folder_id file_content_type extension';
const createDocumentDoc = `mutation($input: createDocumentInput) {
  createDocument(input: $input) { document { ${documentFields} } messages { field message } }
}`;
const updateDocument = `mutation($input: updateDocumentInput) {
  updateDocument(input: $input) { document { ${documentFields} internal_notes } messages { field message } }
}`;
const deleteDocument = `mutation($input: deleteDocumentInput) {
  deleteDocument(input: $input) { document { id } messages { field message } }
}`;
const createSentFaxDoc = `mutation($input: createSentFaxInput) {
  createSentFax(input: $input) {
    sent_fax { id destination_number status patient { id } sender { id } } messages { field message }
  }
}`;

const anyId: string = expect.stringMatching(/^\d+$/);
const PDF = 'data:application/pdf;base64,JVBERi0xLjQK';

async function createFolder(api: CaseApi, input: Record<string, unknown> = {}): Promise<string> {
  const data = await api.gql<Data>(createFolderDoc, { input: { name: 'Intake forms', ...input } });
  return data.createFolder.folder.id;
}

async function share(api: CaseApi, folder: string, patient: string): Promise<void> {
  await api.gql(createSharings, { input: { id: folder, shareable_type: 'FOLDER', patient_ids: [patient] } });
}

async function sharingId(api: CaseApi, folder: string, user: string): Promise<string> {
  const row = await api.server.runtime.services.store.db
    .withTables<{ folder_sharings: { id: number; folder_id: number; user_id: number } }>()
    .selectFrom('folder_sharings')
    .select('id')
    .where('folder_id', '=', Number(folder))
    .where('user_id', '=', Number(user))
    .executeTakeFirstOrThrow();
  return String(row.id);
}

async function createDocument(api: CaseApi, input: Record<string, unknown> = {}): Promise<string> {
  const data = await api.gql<Data>(createDocumentDoc, {
    input: { display_name: 'Lab report.pdf', file_string: PDF, ...input },
  });
  return data.createDocument.document.id;
}

const folderAndPatient = async (api: CaseApi) => ({
  folder: await createFolder(api),
  patient: await createPatient(api),
});

export const documentMutations: MutationCase[] = [
  {
    mutation: 'createFolder',
    title: 'makes a folder owned by the caller (no event)',
    setup: async (api) => ({ patient: await createPatient(api), parent: await createFolder(api) }),
    document: createFolderDoc,
    variables: ({ patient, parent }) => ({
      input: { name: 'Labs', folder_id: parent, rel_user_id: patient, share_with_rel: true },
    }),
    events: () => [],
    check: ({ patient, parent, provider }, data) =>
      expect(data.folder).toMatchObject({
        name: 'Labs',
        folder_id: parent,
        rel_user_id: patient,
        owner: { id: provider },
      }),
  },
  {
    mutation: 'createSharings',
    title: 'shares a folder with an org member and a patient, one event each',
    setup: folderAndPatient,
    document: createSharings,
    variables: ({ folder, patient, provider }) => ({
      input: { id: folder, shareable_type: 'FOLDER', org_member_ids: [provider], patient_ids: [patient] },
    }),
    // Sharing ids are not in the payload; `check` matches them against the stored rows.
    events: ({ folder, patient, provider }) => [
      ev('folder_sharing.created', anyId, { folder_id: folder!, user_id: provider! }),
      ev('folder_sharing.created', anyId, { folder_id: folder!, user_id: patient! }),
    ],
    check: async ({ folder, patient, provider }, data, api, bodies) => {
      expect(data.folder.users).toEqual([{ id: provider }, { id: patient }]);
      expect(bodies.map((b) => b.resource_id)).toEqual([
        await sharingId(api, folder!, provider!),
        await sharingId(api, folder!, patient!),
      ]);
    },
  },
  {
    mutation: 'createSharings',
    title: 'sharing again with a user who has it emits only for the new user',
    setup: async (api) => {
      const ids = await folderAndPatient(api);
      await share(api, ids.folder, ids.patient);
      return { ...ids, other: await createPatient(api) };
    },
    document: createSharings,
    variables: ({ folder, patient, other }) => ({ input: { id: folder, patient_ids: [patient, other] } }),
    events: ({ folder, other }) => [
      ev('folder_sharing.created', anyId, { folder_id: folder!, user_id: other! }),
    ],
    check: async ({ folder, other }, _data, api, bodies) =>
      expect(bodies[0]!.resource_id).toBe(await sharingId(api, folder!, other!)),
  },
  {
    mutation: 'destroySharings',
    title: 'stops sharing a folder with a patient',
    setup: async (api) => {
      const ids = await folderAndPatient(api);
      await share(api, ids.folder, ids.patient);
      return { ...ids, sharing: await sharingId(api, ids.folder, ids.patient) };
    },
    document: destroySharings,
    variables: ({ folder, patient }) => ({
      input: { id: folder, shareable_type: 'FOLDER', patient_ids: [patient] },
    }),
    events: ({ folder, patient, sharing }) => [
      ev('folder_sharing.deleted', sharing!, { folder_id: folder!, user_id: patient! }),
    ],
    check: (_ids, data) => expect(data.folder.users).toEqual([]),
  },
  {
    mutation: 'createDocument',
    title: 'uploads a file for a patient into a folder',
    setup: folderAndPatient,
    document: createDocumentDoc,
    variables: ({ folder, patient }) => ({
      input: {
        display_name: 'Lab report.pdf',
        file_string: PDF,
        rel_user_id: patient,
        folder_id: folder,
        include_in_charting: true,
        share_with_rel: true,
      },
    }),
    events: (_ids, data) => [ev('document.created', data.document.id)],
    check: ({ folder, patient }, data) =>
      expect(data.document).toMatchObject({
        display_name: 'Lab report.pdf',
        rel_user_id: patient,
        folder_id: folder,
        file_content_type: 'application/pdf',
        extension: 'pdf',
      }),
  },
  {
    mutation: 'updateDocument',
    title: 'renames a document',
    setup: async (api) => ({ document: await createDocument(api) }),
    document: updateDocument,
    variables: ({ document }) => ({
      input: { id: document, display_name: 'Renamed.pdf', description: null },
    }),
    events: ({ document }) => [ev('document.updated', document!, {}, ['display_name'])],
  },
  {
    mutation: 'deleteDocument',
    title: 'removes a document',
    setup: async (api) => ({ document: await createDocument(api) }),
    document: deleteDocument,
    variables: ({ document }) => ({ input: { id: document } }),
    events: ({ document }) => [ev('document.deleted', document!)],
  },
  {
    mutation: 'createSentFax',
    title: 'queues a fax about a patient; the payload field is sent_fax',
    setup: async (api) => ({ patient: await createPatient(api), document: await createDocument(api) }),
    document: createSentFaxDoc,
    variables: ({ patient, document }) => ({
      input: {
        destination_number: '+15555550123',
        patient_id: patient,
        document_id: document,
        recipient_name: 'Dr. Who',
        dietitian: { phone_number: '555-0100' },
      },
    }),
    events: (_ids, data) => [ev('sent_fax.created', data.sent_fax.id)],
    check: ({ patient, provider }, data) =>
      expect(data.sent_fax).toMatchObject({
        destination_number: '+15555550123',
        status: 'queued',
        patient: { id: patient },
        sender: { id: provider },
      }),
  },
];

export const documentInvalid: InvalidCase[] = [
  {
    mutation: 'createFolder',
    title: 'no name',
    document: createFolderDoc,
    variables: () => ({ input: { name: '' } }),
    field: 'name',
  },
  {
    mutation: 'createSharings',
    title: 'a patient who does not exist',
    setup: async (api) => ({ folder: await createFolder(api) }),
    document: createSharings,
    variables: ({ folder }) => ({ input: { id: folder, patient_ids: ['999999'] } }),
    field: 'patient_ids',
  },
  {
    mutation: 'createSharings',
    title: "another organization's patient",
    setup: async (api) => {
      const outsider = await api.server.createOrg(`documents-outsider-${uniqueEmail('org')}`);
      const data = await api.gql<Data>(
        'mutation($input: createClientInput) { createClient(input: $input) { user { id } messages { field message } } }',
        { input: { first_name: 'Out', last_name: 'Sider', email: uniqueEmail('outsider') } },
        outsider.apiKey,
      );
      return { folder: await createFolder(api), outsider: data.createClient.user.id };
    },
    document: createSharings,
    variables: ({ folder, outsider }) => ({ input: { id: folder, patient_ids: [outsider] } }),
    field: 'patient_ids',
  },
  {
    mutation: 'createSharings',
    title: 'a provider given as a patient',
    setup: async (api) => ({ folder: await createFolder(api) }),
    document: createSharings,
    variables: ({ folder, provider }) => ({ input: { id: folder, patient_ids: [provider] } }),
    field: 'patient_ids',
  },
  {
    mutation: 'createSharings',
    title: 'user groups, which are not modelled',
    setup: folderAndPatient,
    document: createSharings,
    variables: ({ folder, patient }) => ({
      input: { id: folder, patient_ids: [patient], user_group_ids: ['5'] },
    }),
    field: 'user_group_ids',
  },
  {
    mutation: 'createSharings',
    title: 'a document as the shareable',
    setup: async (api) => ({ document: await createDocument(api), patient: await createPatient(api) }),
    document: createSharings,
    variables: ({ document, patient }) => ({
      input: { id: document, shareable_type: 'DOCUMENT', patient_ids: [patient] },
    }),
    field: 'shareable_type',
  },
  {
    mutation: 'destroySharings',
    title: 'an unknown folder',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: destroySharings,
    variables: ({ patient }) => ({ input: { id: '999999', patient_ids: [patient] } }),
    field: 'id',
  },
  {
    mutation: 'createDocument',
    title: 'a file string that is not a data URL',
    document: createDocumentDoc,
    variables: () => ({ input: { display_name: 'x', file_string: 'hello' } }),
    field: 'file_string',
  },
  {
    mutation: 'updateDocument',
    title: 'an unknown document',
    document: updateDocument,
    variables: () => ({ input: { id: '999999', display_name: 'x' } }),
    field: 'id',
  },
  {
    mutation: 'deleteDocument',
    title: 'an unknown document',
    document: deleteDocument,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'createSentFax',
    title: 'no destination number',
    document: createSentFaxDoc,
    variables: () => ({ input: { recipient_name: 'Nobody' } }),
    field: 'destination_number',
  },
];

export const documentReadBack: ReadBackCase[] = [
  {
    resource: 'Folder',
    setup: async (api) => {
      const { folder, patient } = await folderAndPatient(api);
      await share(api, folder, patient);
      return { folder, patient };
    },
    query: 'query($id: ID) { folder(id: $id) { id name parent_folder { id } owner { id } users { id } } }',
    id: ({ folder }) => folder!,
    expected: ({ folder, patient, provider }) => ({
      id: folder,
      name: 'Intake forms',
      parent_folder: null,
      owner: { id: provider },
      users: [{ id: patient }],
    }),
  },
  {
    resource: 'FolderSharing',
    setup: async (api) => {
      const { folder, patient } = await folderAndPatient(api);
      await share(api, folder, patient);
      return { folder, patient, sharing: await sharingId(api, folder, patient) };
    },
    query: 'query($id: ID) { folderSharing(id: $id) { id folder_id user_id folder { id } user { id } } }',
    id: ({ sharing }) => sharing!,
    expected: ({ sharing, folder, patient }) => ({
      id: sharing,
      folder_id: folder,
      user_id: patient,
      folder: { id: folder },
      user: { id: patient },
    }),
  },
  {
    resource: 'Document',
    setup: async (api) => {
      const patient = await createPatient(api);
      return { patient, document: await createDocument(api, { rel_user_id: patient, description: 'CBC' }) };
    },
    query: `query($id: ID) { document(id: $id) {
      id display_name description rel_user { id } owner { id } include_in_charting file_content_type extension
    } }`,
    id: ({ document }) => document!,
    expected: ({ document, patient, provider }) => ({
      id: document,
      display_name: 'Lab report.pdf',
      description: 'CBC',
      rel_user: { id: patient },
      owner: { id: provider },
      include_in_charting: false,
      file_content_type: 'application/pdf',
      extension: 'pdf',
    }),
  },
  {
    resource: 'SentFax',
    setup: async (api) => {
      const data = await api.gql<Data>(createSentFaxDoc, { input: { destination_number: '+15555550999' } });
      return { fax: data.createSentFax.sent_fax.id };
    },
    query:
      'query($id: ID) { sentFax(id: $id) { id destination_number status skip_cover_page patient { id } } }',
    id: ({ fax }) => fax!,
    expected: ({ fax }) => ({
      id: fax,
      destination_number: '+15555550999',
      status: 'queued',
      skip_cover_page: false,
      patient: null,
    }),
  },
  {
    resource: 'ReceivedFax',
    // Only the fax provider's inbound webhook writes these; the test stands in for it.
    setup: async (api, { org }) => {
      const row = await api.server.runtime.services.store.db
        .withTables<{ received_faxes: Record<string, unknown> & { id: number } }>()
        .insertInto('received_faxes')
        .values({ organization_id: Number(org), from_number: '+15555550000', created_at: 0, updated_at: 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { fax: String(row.id) };
    },
    query: 'query($id: ID) { receivedFax(id: $id) { id from_number archived comments } }',
    id: ({ fax }) => fax!,
    expected: ({ fax }) => ({ id: fax, from_number: '+15555550000', archived: false, comments: null }),
  },
];
