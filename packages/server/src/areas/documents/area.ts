/** Documents: declarations with their behaviour bound. */
import {
  area,
  fail,
  findRow,
  parseId,
  typedDb,
  type Computed,
  type Reader,
  type RecordChange,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { User } from '../patients/index.js';
import { documentFields, folderFields } from './derived.js';
import { dropDocumentSharings, orgLevel, shareDocument, shareFolder } from './document-sharing.js';
import { deleteReceivedFax, resendSentFax, updateReceivedFax } from './fax-mutations.js';
import { faxDietitian, idList, resendable, statusDisplay } from './faxes.js';
import { backDate, describeFile, givenTimes } from './files.js';
import { faxRoutes } from './internal-routes.js';
import { areaEnums, areaQueries, cursorField } from './lists.js';
import { resources, type DocumentsTables } from './resources.js';
import { createSharings, destroySharings } from './sharings.js';
import { documentsTriggers } from './trigger-recipes.js';

/** updateDocument's `rel_user_id` (an `ID` there): the client the document is for, or none. */
async function relUser(
  work: Work,
  values: Record<string, unknown>,
  input: Record<string, unknown>,
): Promise<void> {
  const raw = input.rel_user_id;
  if (raw === undefined) return;
  if (raw === null || raw === '') {
    values.rel_user_id = null;
    return;
  }
  const id = parseId(raw);
  const user = id === null ? undefined : await findRow(work, User, id);
  if (!user) fail('rel_user_id', `User ${String(raw)} was not found`);
  values.rel_user_id = user.id;
}

const receivedFaxFields: Record<string, Computed> = {
  cursor: cursorField,
  // Nothing here marks a received fax as viewed (no mutation opens one).
  viewed_by_current_user: { type: 'Boolean', resolve: () => false },
};

const sentFaxFields: Record<string, Computed> = {
  cursor: cursorField,
  parsed_form_answer_group_ids: {
    type: '[ID!]',
    resolve: (fax: StoredRow) => idList(fax.form_answer_group_ids),
  },
  resendable: { type: 'Boolean', resolve: resendable },
  status_display_string: { type: 'String', resolve: statusDisplay },
};

/** The caller, as Healthie's createDocument answers it beside the document. */
async function currentUser(_payload: StoredRow, reader: Reader): Promise<unknown> {
  return (
    (await typedDb<DocumentsTables>(reader)
      .selectFrom('users')
      .selectAll()
      .where('id', '=', reader.caller.userId)
      .executeTakeFirst()) ?? null
  );
}

export const documents = area({
  name: 'documents',
  resources,
  special: [createSharings, destroySharings, updateReceivedFax, deleteReceivedFax, resendSentFax],
  hooks: {
    createFolder: { after: shareFolder },
    createDocument: {
      before: async (work, values, input) => {
        await describeFile(work, values, input);
        givenTimes(input);
        orgLevel(values, input);
      },
      after: async (work: Work, change: RecordChange) => {
        await shareDocument(work, change);
        await backDate(work, change);
      },
    },
    updateDocument: { before: relUser, after: shareDocument },
    deleteDocument: { after: dropDocumentSharings },
    createSentFax: { before: faxDietitian },
  },
  extend: {
    // carehooks keeps no record of who viewed a document, so none lists an opening.
    Document: {
      computed: {
        cursor: cursorField,
        ...documentFields,
        opens: { type: '[DocumentViewing!]', resolve: () => [] },
      },
    },
    Folder: { computed: folderFields },
    SentFax: { computed: sentFaxFields },
    ReceivedFax: { computed: receivedFaxFields },
  },
  extendTypes: {
    Query: areaQueries,
    createDocumentPayload: { currentUser: { type: 'User', resolve: currentUser } },
  },
  objectTypes: {
    DocumentViewing: {
      cursor: 'Cursor!',
      document_id: 'ID!',
      id: 'ID!',
      user: 'User',
      user_id: 'ID!',
      viewed_at: 'String!',
    },
  },
  routes: faxRoutes,
  enums: { ShareableType: ['DOCUMENT', 'FOLDER'], ...areaEnums },
  inputTypes: {
    FaxDietitianInput: {
      id: 'ID',
      location: 'FaxLocationInput',
      phone_number: 'String',
      qualifications: 'String',
    },
    FaxLocationInput: {
      id: 'ID',
      city: 'String',
      country: 'String',
      line1: 'String',
      line2: 'String',
      state: 'String',
      zip: 'String',
    },
  },
  triggers: documentsTriggers,
});
