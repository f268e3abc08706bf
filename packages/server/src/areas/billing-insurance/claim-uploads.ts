/**
 * Sending CMS 1500 claims to a clearinghouse: `uploadBatchToCandidHealth`, `uploadBatchToChangeHealth`,
 * `uploadBatchToOfficeally` (one clearinghouse each) and `uploadCms1500sToIntegrations` (the one
 * `destination_integration` names). carehooks runs no clearinghouse: each claim sent is recorded as a
 * `ClaimSubmission` to that clearinghouse (status `submitted`, `claim_submission.created`) and the claim's
 * own status becomes `Submitted` (`cms1500.updated`, when it was not already). The clearinghouse's answers
 * then arrive through the internal API (./internal-clearinghouse.ts: `claim-submission-updated`).
 */
import { z } from 'zod';
import {
  emitFor,
  fail,
  insertRow,
  MAX_PAGE_SIZE,
  parseInput,
  requireRow,
  updateRecord,
  type SpecialMutation,
  type StoredRow,
  type Work,
} from '../../registry/index.js';
import { CLAIM_DESTINATIONS, ClaimSubmission, Cms1500 } from './resources.js';

type Destination = (typeof CLAIM_DESTINATIONS)[number];

const NAMES: Record<Destination, string> = {
  candid: 'Candid Health',
  claim_md: 'Claim.MD',
  change_health: 'Change Healthcare',
  office_ally: 'Office Ally',
};

/** The most claims one call sends. */
const BATCH_LIMIT = MAX_PAGE_SIZE;

const idList = z
  .array(z.unknown(), { error: 'Cms1500 ids must be a list of ids' })
  .max(BATCH_LIMIT, { error: `At most ${BATCH_LIMIT} claims can be sent at once` })
  .nullish()
  .transform((ids) => ids ?? []);

/** The named claims within scope, once each, in the order given. */
async function claims(work: Work, ids: readonly unknown[], field: string): Promise<StoredRow[]> {
  if (ids.length === 0) fail(field, 'Name at least one CMS 1500 to send');
  const found = new Map<number, StoredRow>();
  for (const id of ids) {
    const claim = await requireRow(work, Cms1500, id, field);
    if (!found.has(claim.id)) found.set(claim.id, claim);
  }
  return [...found.values()];
}

async function send(work: Work, claim: StoredRow, destination: Destination): Promise<StoredRow> {
  const submission = await insertRow(
    work,
    ClaimSubmission,
    { cms1500_id: claim.id, status: 'submitted', integration: destination },
    claim.organization_id,
  );
  await emitFor(work, ClaimSubmission, 'created', submission);
  return (await updateRecord(work, Cms1500, claim, { status: 'Submitted' })).row;
}

async function sendAll(work: Work, list: readonly StoredRow[], destination: Destination) {
  const sent: StoredRow[] = [];
  for (const claim of list) sent.push(await send(work, claim, destination));
  const noun = sent.length === 1 ? 'claim' : 'claims';
  return { cms1500s: sent, message: `${sent.length} ${noun} sent to ${NAMES[destination]}` };
}

const batchInput = z.object({ cms1500_ids: idList });

/** `uploadBatchTo<Clearinghouse>(cms1500_ids)`: the claims, sent to that clearinghouse. */
function batchUpload(name: string, destination: Destination): SpecialMutation {
  return {
    name,
    input: `${name}Input`,
    inputFields: { cms1500_ids: '[ID]' },
    payload: `${name}Payload`,
    returns: { cms1500s: '[Cms1500]', success_string: 'String' },
    async run(work, input) {
      const { cms1500_ids: ids } = parseInput(batchInput, input);
      const { cms1500s, message } = await sendAll(work, await claims(work, ids, 'cms1500_ids'), destination);
      return { cms1500s, success_string: message };
    },
  };
}

export const uploadBatchToCandidHealth = batchUpload('uploadBatchToCandidHealth', 'candid');
export const uploadBatchToChangeHealth = batchUpload('uploadBatchToChangeHealth', 'change_health');
export const uploadBatchToOfficeally = batchUpload('uploadBatchToOfficeally', 'office_ally');

const integrationsInput = z.object({
  cms1500_id: z.unknown().optional(),
  cms1500_ids: idList,
  destination_integration: z.enum(CLAIM_DESTINATIONS, {
    error: `Destination integration must be one of: ${CLAIM_DESTINATIONS.join(', ')}`,
  }),
});

export const uploadCms1500sToIntegrations: SpecialMutation = {
  name: 'uploadCms1500sToIntegrations',
  input: 'uploadToIntegrationsInput',
  inputFields: {
    cms1500_id: 'ID',
    cms1500_ids: '[ID]',
    destination_integration: 'ClaimDestinationIntegration',
  },
  payload: 'uploadToIntegrationsPayload',
  returns: { cms1500s: '[Cms1500]', success_message: 'String' },
  async run(work, input) {
    const given = parseInput(integrationsInput, input);
    const one = given.cms1500_id;
    const ids =
      one === undefined || one === null || one === '' ? given.cms1500_ids : [one, ...given.cms1500_ids];
    const field = given.cms1500_ids.length > 0 ? 'cms1500_ids' : 'cms1500_id';
    const list = await claims(work, ids, field);
    const { cms1500s, message } = await sendAll(work, list, given.destination_integration);
    return { cms1500s, success_message: message };
  },
};
