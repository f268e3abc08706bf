/**
 * `deleteOrganizationMembership`: removes a member from the organization. The membership (its role and
 * permissions) is deleted; the member's user row stays, since their records (appointments, notes, tasks)
 * name it, but it is marked removed (`users.active` 0): removed members are no longer listed as staff
 * (./organization-fields.ts, ./lists.ts), and their API keys and sign-in sessions stop working at once. The caller
 * cannot remove themself, nor the organization's owner. The reference documents no
 * `organization_membership.deleted`, so nothing is emitted.
 */
import { revokeUserApiKeys } from '../../tenants/api-keys.js';
import { revokeUserSessions } from '../../tenants/sessions.js';
import { deleteRow, fail, requireRow, typedTransaction, type SpecialMutation } from '../../registry/index.js';
import type { PatientsTables } from '../patients/index.js';
import { OrganizationMembership, type OrganizationTables } from './resources.js';

export const deleteOrganizationMembership: SpecialMutation = {
  name: 'deleteOrganizationMembership',
  input: 'deleteOrganizationMembershipInput',
  inputFields: { id: 'ID' },
  payload: 'deleteOrganizationMembershipPayload',
  returns: { organizationMembership: 'OrganizationMembership' },
  async run(work, input) {
    const membership = await requireRow(work, OrganizationMembership, input.id);
    const memberId = Number(membership.user_id);
    if (memberId === work.caller.userId) fail('id', 'You cannot remove your own membership');
    const db = typedTransaction<OrganizationTables & PatientsTables>(work);
    const owner = await db
      .selectFrom('organizations')
      .select('id')
      .where('owner_user_id', '=', memberId)
      .executeTakeFirst();
    if (owner) fail('id', "The organization owner's membership cannot be removed");
    await deleteRow(work, OrganizationMembership, membership);
    await db
      .updateTable('users')
      .set({ active: 0, updated_at: work.uow.now })
      .where('id', '=', memberId)
      .execute();
    await revokeUserApiKeys(work.uow.db, memberId, work.uow.now);
    await revokeUserSessions(work.uow.db, memberId, work.uow.now);
    return { organizationMembership: membership };
  },
};
