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
import { post } from '../../integrations/support.js';
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

const receivedFaxFields = 'id from_number archived comments';
const updateReceivedFaxDoc = `mutation($input: updateReceivedFaxInput) {
  updateReceivedFax(input: $input) { receivedFax { ${receivedFaxFields} } messages { field message } }
}`;
const deleteReceivedFaxDoc = `mutation($input: deleteReceivedFaxInput) {
  deleteReceivedFax(input: $input) { receivedFax { ${receivedFaxFields} } messages { field message } }
}`;
const resendSentFaxDoc = `mutation($input: resendSentFaxInput) {
  resendSentFax(input: $input) {
    sent_fax { id destination_number status subject document_id sender { id } dietitian { id } }
    messages { field message }
  }
}`;

async function sendFax(api: CaseApi, input: Record<string, unknown>): Promise<string> {
  const data = await api.gql<Data>(createSentFaxDoc, {
    input: { destination_number: '+15555550199', ...input },
  });
  return data.createSentFax.sent_fax.id;
}

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

let serial = 0;
/** A word no other row's records contain, to find this row's among the organization's. */
const token = (name: string) => `${name}${process.pid}x${++serial}`;

async function staffMember(api: CaseApi): Promise<string> {
  const data = await api.gql<Data>(
    `mutation($input: createOrganizationMembershipInput) {
      createOrganizationMembership(input: $input) { organizationMembership { user { id } } messages { field message } }
    }`,
    { input: { email: uniqueEmail('docstaff'), first_name: 'Doc', last_name: 'Staff' } },
  );
  return data.createOrganizationMembership.organizationMembership.user.id;
}

const readDocument = `query($id: ID) { document(id: $id) {
  id users { id } users_count shared_users_count shared shared_with_dietitians created_at updated_at
  report_type from_date to_date generate_ccda_for_rel_user_id course_id payout_id on_form_for_user_id
  file_content_type extension friendly_type can_only_share expiring_url cursor user_groups { id }
} }`;

async function documentOf(api: CaseApi, id: string): Promise<Data> {
  return (await api.gql<Data>(readDocument, { id })).document;
}

async function receivedFax(api: CaseApi, org: string, values: Record<string, unknown>): Promise<string> {
  const row = await api.server.runtime.services.store.db
    .withTables<{ received_faxes: Record<string, unknown> & { id: number } }>()
    .insertInto('received_faxes')
    .values({ organization_id: Number(org), created_at: 0, updated_at: 0, archived: 0, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
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
      input: { name: 'Labs', folder_id: parent, rel_user_id: patient },
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
    mutation: 'createFolder',
    title: 'share_with_rel shares the new folder with its client (folder_sharing.created)',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createFolderDoc,
    variables: ({ patient }) => ({
      input: { name: 'Labs', rel_user_id: patient, share_with_rel: true },
    }),
    events: ({ patient }, data) => [
      ev('folder_sharing.created', anyId, { folder_id: data.folder.id, user_id: patient! }),
    ],
    check: async ({ patient }, data, api, bodies) =>
      expect(bodies.map((b) => b.resource_id)).toEqual([await sharingId(api, data.folder.id, patient!)]),
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
  {
    mutation: 'createDocument',
    title: 'shares with clients, members, doc_share_ids and its client; org_level; back-dated',
    setup: async (api) => ({
      patient: await createPatient(api),
      other: await createPatient(api),
      member: await staffMember(api),
      third: await createPatient(api),
    }),
    document: `mutation($input: createDocumentInput) {
      createDocument(input: $input) { document { id } currentUser { id } messages { field message } }
    }`,
    variables: ({ patient, other, member, third }) => ({
      input: {
        display_name: 'Plan.pdf',
        file: 'data:application/pdf;base64,JVBERi0xLjQK',
        rel_user_id: patient,
        share_with_rel: true,
        clients_ids: `${other}`,
        provider_ids: [member],
        share_users: `user-${third}, ${other}`,
        org_level: true,
        created_at: '2024-01-02 03:04:05',
        updated_at: '2024-01-03T00:00:00Z',
      },
    }),
    events: (_ids, data) => [ev('document.created', data.document.id)],
    check: async ({ patient, other, member, third, provider }, data, api) => {
      expect(data.currentUser).toEqual({ id: provider });
      expect(await documentOf(api, data.document.id)).toMatchObject({
        users: [{ id: third }, { id: other }, { id: member }, { id: patient }],
        users_count: 4,
        shared_users_count: 4,
        shared: true,
        shared_with_dietitians: true,
        created_at: '2024-01-02T03:04:05.000Z',
        updated_at: '2024-01-03T00:00:00.000Z',
        file_content_type: 'application/pdf',
        friendly_type: 'PDF',
        can_only_share: false,
        expiring_url: null,
        cursor: expect.any(String),
        user_groups: [],
      });
      expect(
        (
          await api.gql<Data>('query($id: ID) { courseItemDocuments(course_item_id: $id) { id } }', {
            id: '1',
          })
        ).courseItemDocuments,
      ).toEqual([]);
    },
  },
  {
    mutation: 'createDocument',
    title: 'a report request, a C-CDA request and what the document was made for are kept',
    setup: async (api) => {
      const course = await api.gql<Data>(
        'mutation($input: createCourseInput) { createCourse(input: $input) { course { id } messages { field message } } }',
        { input: { name: 'Reading list' } },
      );
      return { patient: await createPatient(api), course: course.createCourse.course.id };
    },
    document: createDocumentDoc,
    variables: ({ patient, course }) => ({
      input: {
        display_name: 'Clients.csv',
        rel_user_id: patient,
        course_id: course,
        care_plan_id: '4321',
        report_type: 'Short Client List',
        from_date: '2024-01-01',
        to_date: '2024-03-31',
        generate_ccda_for_rel_user_id: true,
        payout_id: '77',
        on_form_for_user_id: patient,
      },
    }),
    events: (_ids, data) => [ev('document.created', data.document.id)],
    check: async ({ patient, course }, data, api) => {
      const context = await api.gql<Data>(
        `query($id: ID, $course: ID) {
          inCourse: document(id: $id, course_id: $course) { id }
          inPlan: document(care_plan_id: "4321") { id }
          otherPlan: document(id: $id, care_plan_id: "1") { id }
        }`,
        { id: data.document.id, course },
      );
      expect(context).toEqual({
        inCourse: { id: data.document.id },
        inPlan: { id: data.document.id },
        otherPlan: null,
      });
      expect(await documentOf(api, data.document.id)).toMatchObject({
        course_id: course,
        report_type: 'Short Client List',
        from_date: '2024-01-01',
        to_date: '2024-03-31',
        generate_ccda_for_rel_user_id: true,
        payout_id: '77',
        on_form_for_user_id: patient,
        users: [],
        shared: false,
        friendly_type: null,
      });
    },
  },
  {
    mutation: 'updateDocument',
    title: 'moves the document to another client (an ID here) and shares it with them',
    setup: async (api) => ({ document: await createDocument(api), patient: await createPatient(api) }),
    document: updateDocument,
    variables: ({ document, patient }) => ({
      input: { id: document, rel_user_id: patient, share_with_rel: true },
    }),
    events: ({ document }) => [ev('document.updated', document!, {}, ['rel_user_id'])],
    check: async ({ document, patient }, data, api) => {
      expect(data.document.rel_user_id).toBe(patient);
      expect((await documentOf(api, document!)).users).toEqual([{ id: patient }]);
    },
  },
  {
    mutation: 'createFolder',
    title: 'share_users shares the new folder (one folder_sharing.created each)',
    setup: async (api) => ({ patient: await createPatient(api), member: await staffMember(api) }),
    document: createFolderDoc,
    variables: ({ patient, member }) => ({
      input: { name: 'Shared', share_users: `user-${patient},${member}` },
    }),
    events: ({ patient, member }, data) => [
      ev('folder_sharing.created', anyId, { folder_id: data.folder.id, user_id: patient! }),
      ev('folder_sharing.created', anyId, { folder_id: data.folder.id, user_id: member! }),
    ],
    check: async ({ patient, member }, data, api, bodies) =>
      expect(bodies.map((b) => b.resource_id)).toEqual([
        await sharingId(api, data.folder.id, patient!),
        await sharingId(api, data.folder.id, member!),
      ]),
  },
  {
    mutation: 'createSentFax',
    title: "the cover page's provider, phone, qualifications and address are kept",
    setup: async (api) => ({ member: await staffMember(api), document: await createDocument(api) }),
    document: createSentFaxDoc,
    variables: ({ member, document }) => ({
      input: {
        destination_number: '+15555550124',
        document_id: document,
        form_answer_group_ids: '12, 13',
        dietitian: {
          id: member,
          phone_number: '555-0101',
          qualifications: 'RD, LDN',
          location: { line1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701' },
        },
      },
    }),
    events: (_ids, data) => [ev('sent_fax.created', data.sent_fax.id)],
    check: async ({ member }, data, api) => {
      const read = await api.gql<Data>(
        `query($id: ID!) { sentFax(id: $id) {
          dietitian { id } dietitian_phone_number dietitian_qualifications dietitian_location
          parsed_form_answer_group_ids resendable status_display_string cursor
        } }`,
        { id: data.sent_fax.id },
      );
      expect(read.sentFax).toEqual({
        dietitian: { id: member },
        dietitian_phone_number: '555-0101',
        dietitian_qualifications: 'RD, LDN',
        dietitian_location: { line1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701' },
        parsed_form_answer_group_ids: ['12', '13'],
        resendable: true,
        status_display_string: 'Queued',
        cursor: expect.any(String),
      });
    },
  },
  {
    mutation: 'createDocument',
    title: 'documents and documentsCount filter by folder, user, owner, type, keywords and filter',
    setup: async (api) => {
      const word = token('doc');
      const patient = await createPatient(api);
      const folder = await createFolder(api);
      const inFolder = await createDocument(api, { display_name: `${word} b.pdf`, folder_id: folder });
      const forPatient = await createDocument(api, {
        display_name: `${word} a.png`,
        file_string: 'data:image/png;base64,iVBORw0KGgo=',
        rel_user_id: patient,
      });
      return { word, patient, folder, inFolder, forPatient };
    },
    document: createDocumentDoc,
    variables: ({ word, patient }) => ({
      input: { display_name: `${word} c.pdf`, file_string: PDF, clients_ids: patient },
    }),
    events: (_ids, data) => [ev('document.created', data.document.id)],
    check: async ({ word, patient, folder, inFolder, forPatient, provider }, data, api) => {
      const shared = data.document.id as string;
      const list = `query($keywords: String, $folder: String, $private: String, $viewable: String,
        $consolidated: String, $provider: ID, $type: String, $filter: String, $order: DocumentOrderKeys,
        $paginate: Boolean, $size: Int, $after: Cursor) {
        documents(keywords: $keywords, folder_id: $folder, private_user_id: $private, viewable_user_id: $viewable,
          consolidated_user_id: $consolidated, provider_id: $provider, file_type: $type, filter: $filter,
          order_by: $order, should_paginate: $paginate, page_size: $size, after: $after) { id cursor }
        documentsCount(keywords: $keywords, folder_id: $folder, private_user_id: $private,
          viewable_user_id: $viewable, consolidated_user_id: $consolidated, provider_id: $provider,
          file_type: $type, filter: $filter)
      }`;
      const read = async (args: Record<string, unknown>) => {
        const result = await api.gql<Data>(list, { keywords: word, ...args });
        return { ids: result.documents.map((d: Data) => d.id), count: result.documentsCount };
      };
      expect(await read({})).toEqual({ ids: [forPatient, inFolder, shared], count: 3 });
      expect(await read({ order: 'NAME_DESC' })).toEqual({ ids: [shared, inFolder, forPatient], count: 3 });
      expect(await read({ folder })).toEqual({ ids: [inFolder], count: 1 });
      expect(await read({ private: patient })).toEqual({ ids: [forPatient], count: 1 });
      expect(await read({ viewable: patient })).toEqual({ ids: [forPatient, shared], count: 2 });
      expect(await read({ consolidated: provider })).toEqual({
        ids: [forPatient, inFolder, shared],
        count: 3,
      });
      expect(await read({ type: 'image' })).toEqual({ ids: [forPatient], count: 1 });
      expect(await read({ type: 'PDF' })).toEqual({ ids: [inFolder, shared], count: 2 });
      expect(await read({ filter: 'shared' })).toEqual({ ids: [shared], count: 1 });
      expect(await read({ filter: 'private' })).toEqual({ ids: [forPatient], count: 1 });
      const first = await api.gql<Data>(list, { keywords: word, paginate: true, size: 1 });
      expect(first.documents.map((d: Data) => d.id)).toEqual([forPatient]);
      expect((await read({ paginate: true, size: 5, after: first.documents[0].cursor })).ids).toEqual([
        inFolder,
        shared,
      ]);
    },
  },
  {
    mutation: 'createFolder',
    title: 'folders and foldersCount filter by parent, client, keywords and where a folder may move',
    setup: async (api) => {
      const word = token('folder');
      const patient = await createPatient(api);
      const top = await createFolder(api, { name: `${word} top` });
      const inner = await createFolder(api, { name: `${word} inner`, folder_id: top });
      const document = await createDocument(api, { folder_id: inner });
      return { word, patient, top, inner, document };
    },
    document: createFolderDoc,
    variables: ({ word, patient }) => ({ input: { name: `${word} client`, rel_user_id: patient } }),
    events: () => [],
    check: async ({ word, patient, top, inner, document }, data, api) => {
      const mine = data.folder.id as string;
      const list = `query($keywords: String, $folder: String, $client: String, $private: String,
        $moveFolder: ID, $moveDocument: ID, $order: FolderOrderKeys, $template: Boolean) {
        folders(keywords: $keywords, folder_id: $folder, client_id: $client, private_user_id: $private,
          folder_to_move_id: $moveFolder, document_to_move_id: $moveDocument, order_by: $order,
          for_template_use: $template) { id }
        foldersCount(keywords: $keywords, folder_id: $folder, private_user_id: $private)
      }`;
      const read = async (args: Record<string, unknown>) => {
        const result = await api.gql<Data>(list, { keywords: word, ...args });
        return { ids: result.folders.map((f: Data) => f.id), count: result.foldersCount };
      };
      expect(await read({})).toEqual({ ids: [mine, inner, top], count: 3 });
      expect((await read({ order: 'NAME_DESC' })).ids).toEqual([top, inner, mine]);
      expect(await read({ folder: top })).toEqual({ ids: [inner], count: 1 });
      expect((await read({ client: patient })).ids).toEqual([mine]);
      expect(await read({ private: patient })).toEqual({ ids: [mine], count: 1 });
      expect((await read({ moveFolder: top })).ids).toEqual([mine]);
      expect((await read({ moveDocument: document })).ids).toEqual([mine, top]);
      expect((await read({ template: true })).ids).toEqual([inner, top]);
    },
  },
  {
    mutation: 'createSentFax',
    title: 'sentFaxes / receivedFaxes and their counts: by keywords, status, Healthie order keys',
    setup: async () => ({ word: token('fax') }),
    document: createSentFaxDoc,
    variables: ({ word }) => ({ input: { destination_number: '+15555550200', subject: `${word} b` } }),
    events: (_ids, data) => [ev('sent_fax.created', data.sent_fax.id)],
    check: async ({ word, org }, data, api) => {
      const second = (
        await api.gql<Data>(createSentFaxDoc, {
          input: { destination_number: '+15555550100', subject: word },
        })
      ).createSentFax.sent_fax.id;
      const list = `query($keywords: String, $order: SentFaxOrderKeys) {
        sentFaxes(keywords: $keywords, order_by: $order) { id }
        sentFaxesCount(keywords: $keywords)
      }`;
      const read = async (order?: string) => {
        const result = await api.gql<Data>(list, { keywords: word, order });
        return { ids: result.sentFaxes.map((f: Data) => f.id), count: result.sentFaxesCount };
      };
      expect((await read()).count).toBe(2);
      expect((await read('NUMBER_ASC')).ids).toEqual([second, data.sent_fax.id]);
      expect((await read('CREATED_AT_ASC')).ids).toEqual([data.sent_fax.id, second]);

      const active = await receivedFax(api, org!, { from_number: '+15555550302', comments: word });
      const archived = await receivedFax(api, org!, {
        from_number: '+15555550301',
        comments: word,
        archived: 1,
      });
      const received = await api.gql<Data>(
        `query($keywords: String) {
          active: receivedFaxes(keywords: $keywords) { id archived viewed_by_current_user cursor }
          archived: receivedFaxes(keywords: $keywords, active_status: "archived") { id }
          all: receivedFaxes(keywords: $keywords, active_status: "all", order_by: NUMBER_ASC) { id }
          activeCount: receivedFaxesCount(keywords: $keywords)
          allCount: receivedFaxesCount(keywords: $keywords, active_status: "all")
        }`,
        { keywords: word },
      );
      expect(received).toEqual({
        active: [{ id: active, archived: false, viewed_by_current_user: false, cursor: expect.any(String) }],
        archived: [{ id: archived }],
        all: [{ id: archived }, { id: active }],
        activeCount: 1,
        allCount: 2,
      });
    },
  },
  {
    mutation: 'updateReceivedFax',
    title: 'archives an inbound fax with a comment (no event: the reference has no received_fax.updated)',
    setup: async (api, { org }) => ({ fax: await receivedFax(api, org!, { from_number: '+15555550400' }) }),
    document: updateReceivedFaxDoc,
    variables: ({ fax }) => ({ input: { id: fax, archived: true, comments: 'Filed under labs' } }),
    events: () => [],
    check: async ({ fax }, data, api) => {
      const expected = { id: fax, from_number: '+15555550400', archived: true, comments: 'Filed under labs' };
      expect(data.receivedFax).toEqual(expected);
      const read = await api.gql<Data>(`query($id: ID) { receivedFax(id: $id) { ${receivedFaxFields} } }`, {
        id: fax,
      });
      expect(read.receivedFax).toEqual(expected);
    },
  },
  {
    mutation: 'deleteReceivedFax',
    title: 'removes an inbound fax (no event: the reference has no received_fax.deleted)',
    setup: async (api, { org }) => ({ fax: await receivedFax(api, org!, { from_number: '+15555550401' }) }),
    document: deleteReceivedFaxDoc,
    variables: ({ fax }) => ({ input: { id: fax } }),
    events: () => [],
    check: async ({ fax }, data, api) => {
      expect(data.receivedFax.id).toBe(fax);
      const read = await api.gql<Data>('query($id: ID) { receivedFax(id: $id) { id } }', { id: fax });
      expect(read.receivedFax).toBeNull();
    },
  },
  {
    mutation: 'resendSentFax',
    title: 'sends the fax again as a new queued fax from the caller: sent_fax.created',
    setup: async (api) => {
      const member = await staffMember(api);
      const document = await createDocument(api);
      const fax = await sendFax(api, { document_id: document, subject: 'Labs', dietitian: { id: member } });
      // The provider reported the first one failed.
      const report = await post(api.server, '/integrations/fax/sent-fax-status', {
        sent_fax_id: Number(fax),
        status: 'failed',
      });
      if (report.status !== 200) throw new Error(JSON.stringify(report.body));
      return { member, document, fax };
    },
    document: resendSentFaxDoc,
    variables: ({ fax }) => ({ input: { sent_fax_id: fax } }),
    events: (_ids, data) => [ev('sent_fax.created', data.sent_fax.id)],
    check: async ({ fax, document, member, provider }, data, api) => {
      expect(data.sent_fax.id).not.toBe(fax);
      expect(data.sent_fax).toMatchObject({
        destination_number: '+15555550199',
        status: 'queued',
        subject: 'Labs',
        document_id: document,
        sender: { id: provider },
        dietitian: { id: member },
      });
      const original = await api.gql<Data>('query($id: ID!) { sentFax(id: $id) { status } }', { id: fax });
      expect(original.sentFax.status).toBe('failed');
    },
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
    mutation: 'createDocument',
    title: 'clients_ids naming an organization member',
    document: createDocumentDoc,
    variables: ({ provider }) => ({ input: { display_name: 'x', clients_ids: provider } }),
    field: 'clients_ids',
  },
  {
    mutation: 'createDocument',
    title: 'provider_ids naming a client',
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createDocumentDoc,
    variables: ({ patient }) => ({ input: { display_name: 'x', provider_ids: [patient] } }),
    field: 'provider_ids',
  },
  {
    mutation: 'createDocument',
    title: 'share_with_rel without a client',
    document: createDocumentDoc,
    variables: () => ({ input: { display_name: 'x', share_with_rel: true } }),
    field: 'share_with_rel',
  },
  {
    mutation: 'createDocument',
    title: 'share_users naming a user group',
    document: createDocumentDoc,
    variables: () => ({ input: { display_name: 'x', share_users: 'group-1' } }),
    field: 'share_users',
  },
  {
    mutation: 'createDocument',
    title: 'a created_at that is not a time',
    document: createDocumentDoc,
    variables: () => ({ input: { display_name: 'x', created_at: 'yesterday' } }),
    field: 'created_at',
  },
  {
    mutation: 'createDocument',
    title: 'a report type Healthie does not make',
    document: createDocumentDoc,
    variables: () => ({ input: { display_name: 'x', report_type: 'Everything' } }),
    field: 'report_type',
  },
  {
    mutation: 'createDocument',
    title: 'an upload that is not a data URL',
    document: createDocumentDoc,
    variables: () => ({ input: { display_name: 'x', file: 'scan.pdf' } }),
    field: 'file',
  },
  {
    mutation: 'updateDocument',
    title: 'a client who does not exist',
    setup: async (api) => ({ document: await createDocument(api) }),
    document: updateDocument,
    variables: ({ document }) => ({ input: { id: document, rel_user_id: '999999' } }),
    field: 'rel_user_id',
  },
  {
    mutation: 'createFolder',
    title: 'share_users naming nobody known',
    document: createFolderDoc,
    variables: () => ({ input: { name: 'x', share_users: 'user-999999' } }),
    field: 'share_users',
  },
  {
    mutation: 'createFolder',
    title: 'share_with_rel without a client',
    document: createFolderDoc,
    variables: () => ({ input: { name: 'x', share_with_rel: true } }),
    field: 'share_with_rel',
  },
  {
    mutation: 'createSentFax',
    title: "a client as the cover page's provider",
    setup: async (api) => ({ patient: await createPatient(api) }),
    document: createSentFaxDoc,
    variables: ({ patient }) => ({
      input: { destination_number: '+15555550125', dietitian: { id: patient } },
    }),
    field: 'dietitian.id',
  },
  {
    mutation: 'createSentFax',
    title: 'no destination number',
    document: createSentFaxDoc,
    variables: () => ({ input: { recipient_name: 'Nobody' } }),
    field: 'destination_number',
  },
  {
    mutation: 'updateReceivedFax',
    title: 'comments longer than 10,000 characters',
    setup: async (api, { org }) => ({ fax: await receivedFax(api, org!, { from_number: '+15555550402' }) }),
    document: updateReceivedFaxDoc,
    variables: ({ fax }) => ({ input: { id: fax, comments: 'x'.repeat(10_001) } }),
    field: 'comments',
  },
  {
    mutation: 'deleteReceivedFax',
    title: 'an unknown fax',
    document: deleteReceivedFaxDoc,
    variables: () => ({ input: { id: '999999' } }),
    field: 'id',
  },
  {
    mutation: 'resendSentFax',
    title: 'a fax that names nothing to send',
    setup: async (api) => ({ fax: await sendFax(api, {}) }),
    document: resendSentFaxDoc,
    variables: ({ fax }) => ({ input: { sent_fax_id: fax } }),
    field: 'sent_fax_id',
  },
  {
    mutation: 'resendSentFax',
    title: 'an unknown fax',
    document: resendSentFaxDoc,
    variables: () => ({ input: { sent_fax_id: '999999' } }),
    field: 'sent_fax_id',
  },
];

export const documentReadBack: ReadBackCase[] = [
  {
    resource: 'Folder',
    setup: async (api) => {
      const patient = await createPatient(api);
      const top = await createFolder(api, { name: 'Top' });
      const folder = await createFolder(api, { name: 'Middle', folder_id: top });
      await createFolder(api, { name: 'Bottom', folder_id: folder });
      await createDocument(api, { folder_id: folder });
      await share(api, folder, patient);
      return { top, folder };
    },
    query: `query($id: String) { folder(id: $id) {
      id folder_path { id } documents_count subfolders_count users_count shared_users_count shared
      shared_user_groups_count can_only_share current_user_can_edit system_generated email_on_welcome
      shared_on_welcome shared_with_dietitians created_at
    } }`,
    id: ({ folder }) => folder!,
    expected: ({ folder, top }) => ({
      id: folder,
      folder_path: [{ id: top }],
      documents_count: 1,
      subfolders_count: 1,
      users_count: 1,
      shared_users_count: 1,
      shared: true,
      shared_user_groups_count: 0,
      can_only_share: false,
      current_user_can_edit: true,
      system_generated: false,
      email_on_welcome: false,
      shared_on_welcome: false,
      shared_with_dietitians: false,
      created_at: expect.any(String),
    }),
  },
  {
    resource: 'Folder',
    setup: async (api) => {
      const { folder, patient } = await folderAndPatient(api);
      await share(api, folder, patient);
      return { folder, patient };
    },
    query:
      'query($id: String) { folder(id: $id) { id name parent_folder { id } owner { id } users { id } } }',
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
      'query($id: ID!) { sentFax(id: $id) { id destination_number status skip_cover_page patient { id } } }',
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
  {
    resource: 'Document (opens)',
    setup: async (api) => ({ document: await createDocument(api, { description: 'Lab results' }) }),
    query: 'query($id: ID) { document(id: $id) { opens { id viewed_at } } }',
    id: ({ document }) => document!,
    expected: () => ({ opens: [] }),
  },
];
