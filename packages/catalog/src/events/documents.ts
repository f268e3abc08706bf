import { event } from '../builder.js';

const sharedFolder = { folder_id: '30000', user_id: '22222' } as const;

export const documentEvents = [
  event('document.created', 'Document', {
    description: 'A file was uploaded.',
    mutations: ['createDocument', 'generateChartingPdf', 'shareAnswersAsDocument'],
    example: { resource_id: '99999' },
    decision:
      "The reference names createDocument only; generateChartingPdf (a client's charting notes as a PDF) and shareAnswersAsDocument (a submission's answers as a PDF) add a document to a chart, so they are listed.",
  }),
  event('document.deleted', 'Document', {
    description: 'A file was removed.',
    mutations: ['deleteDocument'],
    example: { resource_id: '99999' },
  }),
  event('document.updated', 'Document', {
    description: 'The details of a file were edited.',
    mutations: ['updateDocument'],
    example: { resource_id: '99999', changed_fields: ['display_name'] },
  }),
  event('folder_sharing.created', 'FolderSharing', {
    description: 'A folder was shared with a user.',
    mutations: ['createSharings'],
    extras: sharedFolder,
    example: { resource_id: '50000' },
    decision:
      'createSharings is not in the 2024-06 schema baseline; it is kept because the reference names it.',
  }),
  event('folder_sharing.deleted', 'FolderSharing', {
    description: 'A user lost access to a shared folder.',
    mutations: ['destroySharings'],
    extras: sharedFolder,
    example: { resource_id: '50000' },
    decision:
      'destroySharings is not in the 2024-06 schema baseline; it is kept because the reference names it.',
  }),
  event('received_fax.created', 'ReceivedFax', {
    description: 'An inbound fax arrived.',
    mutations: [],
    triggers: 'the fax provider delivers an inbound fax to us (POST /internal/integrations/fax/received)',
    example: { resource_id: '30000' },
    decision:
      'The reference documents no received_fax.updated or .deleted, so updateReceivedFax (archived, comments) and deleteReceivedFax fire no event.',
  }),
  event('sent_fax.created', 'SentFax', {
    description: 'An outbound fax was queued for sending.',
    mutations: ['createSentFax', 'resendSentFax'],
    example: { resource_id: '31000' },
    decision:
      'The reference names only createSentFax; resendSentFax sends the fax again as a new outbound fax (a copy of the original, queued, the caller its sender), so it fires sent_fax.created for the copy; the original is unchanged.',
  }),
  event('sent_fax.status_changed', 'SentFax', {
    description: 'The transmission status of an outbound fax moved on.',
    mutations: [],
    triggers:
      'the fax provider reports a new transmission status (POST /internal/integrations/fax/sent-fax-status)',
    example: { resource_id: '31000' },
    decision:
      'This overlaps sent_fax.updated: status_changed follows the provider status reports, updated follows any change to the record, so one status change may send both. changed_fields stays empty here as in the reference.',
  }),
  event('sent_fax.updated', 'SentFax', {
    description: 'An outbound fax record changed, typically its status.',
    mutations: [],
    triggers:
      'the stored record of an outbound fax changes, e.g. its status on a provider report (POST /internal/integrations/fax/sent-fax-status)',
    example: { resource_id: '31000', changed_fields: ['status'] },
  }),
] as const;
