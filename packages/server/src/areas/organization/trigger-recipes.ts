/**
 * How `carehooks trigger` produces the organization area's events, whose sources are all special
 * mutations (createOrganization, updateOrganization, …), and makes its records (see registry/trigger-kit.ts).
 */
import { mutate, uniqueEmail, type AreaTriggers, type TriggerContext } from '../../registry/index.js';

async function membership(ctx: TriggerContext): Promise<{ membership: string; member: string }> {
  const payload = await mutate(
    ctx,
    'createOrganizationMembership',
    { email: uniqueEmail(ctx, 'staff'), first_name: 'Sam', last_name: 'Staff', org_role: 'Standard' },
    'organizationMembership { id user { id } }',
  );
  return {
    membership: String(payload.organizationMembership.id),
    member: String(payload.organizationMembership.user.id),
  };
}

export const organizationTriggers: AreaTriggers = {
  recipes: {
    'organization_info.created': (ctx) => ctx.create('OrganizationInfo'),
    'organization_info.updated': async (ctx) => {
      const id = await ctx.create('OrganizationInfo');
      const payload = await mutate(
        ctx,
        'updateOrganization',
        { organization_info: { id, name: `Renamed Clinic ${ctx.next()}` } },
        'updated_organization_info { id }',
      );
      return String(payload.updated_organization_info.id);
    },
    'organization_member.updated': async (ctx) => {
      const { member } = await membership(ctx);
      const payload = await mutate(
        ctx,
        'updateOrganizationMember',
        { id: member, first_name: 'Samantha' },
        'user { id }',
      );
      return String(payload.user.id);
    },
    'organization_membership.created': (ctx) => ctx.create('OrganizationMembership'),
  },
  updateHints: {
    OrganizationMembership: async () => ({ can_see_billing: true }),
  },
  creators: {
    OrganizationInfo: async (ctx) => {
      const payload = await mutate(
        ctx,
        'createOrganization',
        { organization_info: { name: `Trigger Clinic ${ctx.next()}`, primary: true } },
        'organization { organization_info { id } }',
      );
      return String(payload.organization.organization_info.id);
    },
    OrganizationMembership: async (ctx) => (await membership(ctx)).membership,
  },
};
